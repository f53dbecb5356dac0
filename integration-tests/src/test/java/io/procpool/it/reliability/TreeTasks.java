package io.procpool.it.reliability;

import io.procpool.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Tasks that start grandchildren ({@code sleep 300}) in the ways real tasks do, and helpers to check them. */
public final class TreeTasks {
    private TreeTasks() {}

    /** How the task starts its {@code sleep 300}. */
    public enum Spawn {
        /** A plain child of the worker. */
        CHILD,
        /** A child with {@code inheritIO()}: it shares the worker's stdin, stdout and stderr. */
        INHERIT_IO,
        /** {@code sh -c 'sleep 300 &'}: the shell exits, the sleep is re-parented to init. */
        DOUBLE_FORK,
        /** {@code setsid sleep 300}: a child that leaves the worker's session. */
        SETSID,
        /**
         * A child whose stdout is the worker's channel (fd 3, reopened through {@code /dev/fd/3}),
         * as native code that forks without closing fds would leave it: the channel does not end
         * when the worker dies.
         */
        HOLDS_CHANNEL
    }

    /** What the task does after starting the grandchild. */
    public enum Then { RETURN, SPIN, EXIT, HALT, SIGKILL }

    /** One element: where to write the grandchild's pid, how to start it, what to do next. */
    public record Plan(String dir, Spawn spawn, Then then) {}

    /** Starts a {@code sleep 300}, records its pid in {@code dir/grandchild-pid}, then does {@link Plan#then()}. */
    public static final class StartSleep implements Task<Plan, Long> {
        @Override
        public Long run(Plan p) throws Exception {
            long pid = start(p.spawn());
            Path tmp = Files.writeString(Path.of(p.dir(), "grandchild-pid.tmp"), Long.toString(pid));
            Files.move(tmp, Path.of(p.dir(), "grandchild-pid"), StandardCopyOption.ATOMIC_MOVE);
            switch (p.then()) {
                case RETURN -> {
                    return pid;
                }
                case EXIT -> System.exit(4);
                case HALT -> Runtime.getRuntime().halt(5);
                case SIGKILL -> new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid()))
                        .start().waitFor();
                default -> { }
            }
            while (true) {
                Thread.onSpinWait();
            }
        }

        static long start(Spawn spawn) throws IOException, InterruptedException {
            switch (spawn) {
                case CHILD:
                    return new ProcessBuilder("sleep", "300").start().pid();
                case INHERIT_IO:
                    return new ProcessBuilder("sleep", "300").inheritIO().start().pid();
                case HOLDS_CHANNEL:
                    return new ProcessBuilder("sleep", "300").redirectOutput(new java.io.File("/dev/fd/3")).start().pid();
                case SETSID:
                    // setsid execs in place: a process the JDK starts is never a group leader.
                    return new ProcessBuilder("setsid", "sleep", "300").start().pid();
                default:
                    Process sh = new ProcessBuilder("sh", "-c", "sleep 300 >/dev/null 2>&1 </dev/null & echo $!").start();
                    String line;
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(sh.getInputStream(),
                            StandardCharsets.US_ASCII))) {
                        line = r.readLine();
                    }
                    sh.waitFor();
                    return Long.parseLong(line.trim());
            }
        }
    }

    /** Waits (bounded) for {@code dir/grandchild-pid} and returns the pid in it. */
    static long awaitPid(Path dir, long millis) throws IOException, InterruptedException {
        Path f = dir.resolve("grandchild-pid");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!Files.exists(f)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no grandchild pid in " + dir + " after " + millis + " ms");
            }
            Thread.sleep(10); // a file written by another process: polling is the only way
        }
        return Long.parseLong(Files.readString(f).trim());
    }

    /**
     * Waits until none of {@code pids} is running (a zombie counts as gone); returns those still
     * running after {@code millis}.
     */
    static List<Long> awaitGone(List<Long> pids, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Long> alive = running(pids);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5); // not our children: the OS gives no exit event, so poll
            alive = running(pids);
        }
        return alive;
    }

    /** The pids that are still running; an exited process nobody reaped yet (a zombie) is not. */
    static List<Long> running(List<Long> pids) {
        return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !isZombie(pid)).collect(Collectors.toList());
    }

    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 1).trim().split(" ");
            return Arrays.asList("Z", "X").contains(rest[0]);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Kills a left-over process so one failure does not leak into the next test. */
    static void kill(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        h.ifPresent(ProcessHandle::destroyForcibly);
    }
}
