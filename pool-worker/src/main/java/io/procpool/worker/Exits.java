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
     * Exits the JVM now, even if a task is running or a shutdown hook hangs: a watchdog thread
     * halts the JVM if {@code System.exit} has not finished within {@value #HALT_AFTER_MILLIS} ms.
     */
    static void now(int code, String why) {
        WorkerShutdown.ownExit();
        System.err.println("[procpool-worker] exiting (" + code + "): " + why);
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(code);
        }, "procpool-halter");
        halter.setDaemon(true);
        halter.start();
        System.exit(code);
    }
}
