package io.procpool.worker;

import java.util.Map;

/**
 * The worker's shutdown hook. It runs on every exit path that runs hooks: the worker's own exits
 * (end of main after BYE, {@link Exits#now}), SIGTERM from the coordinator, and a task calling
 * {@code System.exit}. It
 * <ul>
 *   <li>names the caller when the exit is not the worker's own: the thread inside
 *       {@code Runtime.exit} is found and its caller's frame printed on stderr as
 *       {@code [procpool-worker] the task called System.exit at com.x.Y.run(Y.java:12)}, which the
 *       coordinator puts into the crash message (no SecurityManager needed);</li>
 *   <li>kills the processes the worker started (its descendants and its session, see
 *       {@link ProcessTree}) unless the pool was built with {@code killProcessTree(false)}.</li>
 * </ul>
 * {@code Runtime.halt}, SIGKILL and native crashes run no hook; then the coordinator kills the
 * tree.
 */
final class WorkerShutdown extends Thread {
    /** System property ({@code false}) that leaves the worker's child processes alone. */
    static final String KILL_TREE_PROPERTY = "procpool.worker.killTree";
    /** Line prefix the coordinator looks for on stderr. */
    static final String EXIT_CALL_PREFIX = "[procpool-worker] the task called System.exit at ";

    private static volatile boolean ownExit;

    private WorkerShutdown() {
        super("procpool-worker-shutdown");
    }

    /** Installs the hook; call before any task code runs. */
    static void install() {
        Runtime.getRuntime().addShutdownHook(new WorkerShutdown());
    }

    /** Marks the exit that follows as the worker's own (not a task's {@code System.exit}). */
    static void ownExit() {
        ownExit = true;
    }

    /**
     * Kills the processes this worker started (unless the pool keeps them): called by the hook,
     * and by {@link Exits#now} before it starts the JVM's exit, which takes the exit's start-up
     * off the time a dead coordinator's grandchildren live on. The hook's pass also catches what
     * a still-running task started in between.
     */
    static void killTree() {
        if (!"false".equals(System.getProperty(KILL_TREE_PROPERTY))) {
            ProcessTree.kill(ProcessHandle.current().pid(), true, java.util.Collections.emptyList());
        }
    }

    @Override
    public void run() {
        if (!ownExit) {
            String caller = exitCaller(Thread.getAllStackTraces());
            if (caller != null) {
                System.err.println(EXIT_CALL_PREFIX + caller);
                System.err.flush();
            }
        }
        killTree();
    }

    /**
     * The frame that called {@code System.exit} or {@code Runtime.exit} (with its thread's name),
     * or null when no thread is exiting that way (SIGTERM).
     */
    static String exitCaller(Map<Thread, StackTraceElement[]> stacks) {
        for (Map.Entry<Thread, StackTraceElement[]> e : stacks.entrySet()) {
            StackTraceElement[] trace = e.getValue();
            int last = -1;
            for (int i = 0; i < trace.length; i++) {
                if (isExitFrame(trace[i])) {
                    last = i;
                }
            }
            if (last >= 0 && last + 1 < trace.length) {
                StackTraceElement f = trace[last + 1];
                return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber()
                        + ") (thread " + e.getKey().getName() + ")";
            }
        }
        return null;
    }

    private static boolean isExitFrame(StackTraceElement f) {
        String c = f.getClassName();
        return f.getMethodName().equals("exit") && (c.equals("java.lang.Runtime") || c.equals("java.lang.System"));
    }
}
