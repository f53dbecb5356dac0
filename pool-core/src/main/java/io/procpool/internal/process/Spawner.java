package io.procpool.internal.process;

import io.procpool.internal.PoolConfig;
import io.procpool.worker.WorkerMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the worker command line once and starts processes from it. */
public final class Spawner {
    /**
     * Flags every worker gets before the user's: JVM messages and unified logging stay off the
     * channel (stdout); an
     * OutOfMemoryError ends the worker (it is then replaced) instead of leaving it half-broken;
     * no perf-data file; class-data sharing when the JDK has an archive; a crashing worker's
     * hs_err report goes to the temp directory, not the application's working directory.
     */
    static final List<String> BASE_FLAGS = List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:disable",
            "-Xlog:all=warning:stderr", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Xshare:auto",
            "-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "procpool-worker-hs_err_pid%p.log"));

    private final List<String> command = new ArrayList<>();
    private final PoolConfig config;

    /** @param classpath the worker classpath: the user's, or the one {@link WorkerClasspath} derived */
    public Spawner(PoolConfig config, String classpath) {
        this.config = config;
        ClassDataArchive.Plan cds = config.classDataSharing()
                ? ClassDataArchive.plan(config.javaExecutable(), classpath)
                : new ClassDataArchive.Plan(classpath, List.of());
        command.add(config.javaExecutable().toString());
        command.addAll(BASE_FLAGS);
        command.addAll(WorkerFlags.defaults(Runtime.getRuntime().availableProcessors(), config.workers(),
                WorkerFlags.withEnvironmentOptions(config.jvmArgs(),
                        config.environment() != null ? config.environment() : System.getenv())));
        command.addAll(CoordinatorLook.flags());
        command.addAll(cds.flags());
        for (String arg : config.jvmArgs()) {
            command.add(toStderr(arg));
        }
        if (Launcher.ownSession()) {
            command.add(Launcher.CHANNEL_PROPERTY);
        }
        if (!config.killProcessTree()) {
            command.add(Launcher.KEEP_TREE_PROPERTY);
        }
        command.add("-cp");
        command.add(cds.classpath());
        command.add(WorkerMain.class.getName());
        ProcessHandle self = ProcessHandle.current();
        command.add(Long.toString(self.pid()));
        command.add(Long.toString(self.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L)));
        command.add(Integer.toString(config.maxFrameBytes()));
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("io.procpool.WorkerPool");
        if (log.isDebugEnabled()) {
            log.debug("worker command: {}", describe());
        }
    }

    /**
     * JVM logging options that would print to stdout (the channel) are pointed at stderr:
     * {@code -verbose:gc} and {@code -Xlog} selections without an explicit output.
     */
    static String toStderr(String arg) {
        if (arg.equals("-verbose:gc")) {
            return "-Xlog:gc:stderr";
        }
        if (arg.equals("-Xlog")) {
            return "-Xlog:all=info:stderr";
        }
        if (arg.startsWith("-Xlog:") && !arg.equals("-Xlog:disable") && arg.indexOf(':', "-Xlog:".length()) < 0) {
            return arg + ":stderr";
        }
        return arg;
    }

    public Process start() throws IOException {
        Launcher.checkExecutable(config.javaExecutable());
        ProcessBuilder pb = new ProcessBuilder(command);
        if (config.environment() != null) { // else inherited, as ProcessBuilder does
            pb.environment().clear();
            pb.environment().putAll(config.environment());
        }
        Launcher.wrap(pb);
        return pb.start();
    }

    /** The command line, with a long classpath shortened. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (String part : command) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(part.length() > 200 ? part.substring(0, 200) + "...(" + part.length() + " chars)" : part);
        }
        return sb.toString();
    }
}
