package io.procpool.internal.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Where worker stderr lines go (task {@code System.out} and {@code System.err} included): to the
 * SLF4J logger {@code io.procpool.worker}, or, when the application has no SLF4J provider at all
 * (SLF4J falls back to discarding everything), to the coordinator's {@code System.err} as
 * {@code [w1 pid 1234] line}, so task output is never silently lost. Printing goes through the
 * current {@code System.err}, so an open progress bar puts the lines above itself. An application
 * that chose {@code slf4j-nop} on purpose keeps silence.
 */
public final class WorkerOutputSink {
    static final Logger WORKER_LOG = LoggerFactory.getLogger("io.procpool.worker");
    /** Whether no SLF4J provider is bound, decided once. */
    static final boolean TO_STDERR = noProvider();

    private WorkerOutputSink() {}

    private static boolean noProvider() {
        if (!(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory)) {
            return false;
        }
        try {
            Class.forName("org.slf4j.nop.NOPServiceProvider", false, LoggerFactory.class.getClassLoader());
            return false; // slf4j-nop chosen on purpose
        } catch (ClassNotFoundException | LinkageError e) {
            return true;
        }
    }

    /** Hands one line of worker {@code w<workerId>}'s stderr on. */
    static void line(int workerId, long pid, String line) {
        boolean internal = line.startsWith("[procpool-worker]");
        if (TO_STDERR) {
            if (!internal) {
                System.err.println("[w" + workerId + " pid " + pid + "] " + line);
            }
        } else if (internal) {
            WORKER_LOG.debug("w{} pid {}: {}", workerId, pid, line);
        } else {
            WORKER_LOG.info("w{} pid {}: {}", workerId, pid, line);
        }
    }
}
