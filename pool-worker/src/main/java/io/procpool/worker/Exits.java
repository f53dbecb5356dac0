package io.procpool.worker;

/** Exit codes of the child and the one way to leave in a hurry. */
final class Exits {
    /** stdin ended without BYE, or the parent process died. */
    static final int PARENT_GONE = 70;
    /** Bad bytes from the coordinator, or a failed handshake. */
    static final int PROTOCOL = 71;
    /** Could not apply the configuration (e.g. a registered class is missing). */
    static final int CONFIG = 72;
    /** How long shutdown hooks may run before the JVM is halted. */
    static final long HALT_AFTER_MILLIS = 400;

    private Exits() {}

    /**
     * Exits the JVM now, even if a task is running or a shutdown hook hangs: first the processes
     * the worker started are killed (on this thread, so they do not wait for the JVM's exit to
     * start the hooks), then a watchdog thread halts the JVM if {@code System.exit} has not
     * finished within {@value #HALT_AFTER_MILLIS} ms.
     */
    static void now(int code, String why) {
        WorkerShutdown.ownExit();
        System.err.println("[procpool-worker] exiting (" + code + "): " + why);
        WorkerShutdown.killTree();
        Thread halter = new Thread(new Halter(code), "procpool-halter");
        halter.setDaemon(true);
        halter.start();
        System.exit(code);
    }

    /** A class, not a lambda: the first lambda costs a cold JVM ~20 ms, which an exit must not pay. */
    private static final class Halter implements Runnable {
        private final int code;

        Halter(int code) {
            this.code = code;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(code);
        }
    }
}
