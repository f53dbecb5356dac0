package io.procpool.internal.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The wrapper a worker JVM is started through (Linux and other systems with {@code setsid} and a
 * POSIX shell; elsewhere none, and the worker uses fd 0/1 and its default process group):
 *
 * <pre>setsid /bin/sh -c 'unset PWD; exec "$0" "$@" 3&gt;&amp;1 4&lt;&amp;0 1&gt;&amp;2 0&lt;/dev/null' java ...</pre>
 *
 * <ul>
 *   <li>{@code setsid} makes the worker the leader of a new session (it execs in place, because a
 *       process the JDK starts is never a group leader, so {@code Process.pid()} is the JVM's pid);
 *       every process the worker starts stays in that session, so it can be found after the
 *       worker is gone ({@code io.procpool.worker.ProcessTree});</li>
 *   <li>the shell moves the channel to fd 3 (frames out) and fd 4 (frames in), points fd 1 at
 *       stderr and fd 0 at {@code /dev/null}, then execs java in place. Processes the worker
 *       starts do not inherit fds above 2, so a task's {@code inheritIO()} subprocess cannot hold
 *       the channel open (which would hide the worker's exit) and raw writes to fd 1 land on
 *       stderr instead of corrupting the channel.</li>
 * </ul>
 * Cost: two extra {@code exec}s, about 5 ms per worker start on the 2-core test VM (PROTOCOL.md).
 */
public final class Launcher {
    /** Tells the worker where its channel is. */
    static final String CHANNEL_PROPERTY = "-Dprocpool.worker.channelFds=3,4";
    /** Tells the worker to leave its child processes alone. */
    static final String KEEP_TREE_PROPERTY = "-Dprocpool.worker.killTree=false";
    static final String SCRIPT = "exec \"$0\" \"$@\" 3>&1 4<&0 1>&2 0</dev/null";
    /** Carries the worker's {@code PWD} past the shell, which would otherwise set it to the working directory. */
    static final String PWD_CARRIER = "PROCPOOL_PWD";

    private static final List<String> WRAPPER = detect();

    private Launcher() {}

    private static List<String> detect() {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return List.of();
        }
        Path sh = Path.of("/bin/sh");
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid)) && Files.isExecutable(sh)) {
                return List.of(setsid, sh.toString(), "-c");
            }
        }
        return List.of();
    }

    /** Whether workers lead their own session (their pid is the session id of their children). */
    static boolean ownSession() {
        return !WRAPPER.isEmpty();
    }

    /**
     * Puts the wrapper in front of {@code pb}'s command, once its environment is final. The shell
     * exports {@code PWD} (the working directory) on its own: it is removed again, or set back to
     * the value the environment had, so the worker's environment is exactly the configured one.
     */
    static void wrap(ProcessBuilder pb) {
        if (WRAPPER.isEmpty()) {
            return;
        }
        java.util.Map<String, String> env = pb.environment();
        String pwd;
        if (env.containsKey("PWD")) {
            env.put(PWD_CARRIER, env.get("PWD"));
            pwd = "PWD=$" + PWD_CARRIER + "; unset " + PWD_CARRIER + "; ";
        } else {
            pwd = "unset PWD; ";
        }
        List<String> command = new java.util.ArrayList<>(WRAPPER);
        command.add(pwd + SCRIPT);
        command.addAll(pb.command());
        pb.command(command);
    }

    /**
     * Fails as {@code ProcessBuilder.start} would for a missing executable: behind the wrapper,
     * the shell would only report it as exit code 127.
     */
    static void checkExecutable(Path java) throws IOException {
        if (!WRAPPER.isEmpty() && !Files.isExecutable(java)) {
            throw new IOException("Cannot run program \"" + java + "\": not an executable file");
        }
    }
}
