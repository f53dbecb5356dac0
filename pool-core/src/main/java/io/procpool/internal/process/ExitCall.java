package io.procpool.internal.process;

import java.util.List;

/**
 * Reads the line a worker's shutdown hook prints when task code called {@code System.exit}
 * ({@code [procpool-worker] the task called System.exit at <frame> (thread <name>)}, see
 * {@code io.procpool.worker.WorkerShutdown}) and turns it into the crash message's words, with the
 * exit status only the coordinator knows: {@code the task called System.exit(0) at com.x.Y.run(Y.java:12)}.
 */
public final class ExitCall {
    /** Same text as {@code WorkerShutdown.EXIT_CALL_PREFIX}. */
    static final String PREFIX = "[procpool-worker] the task called System.exit at ";

    private ExitCall() {}

    /** The description, or null when the worker printed no such line. */
    public static String find(List<String> stderrTail, int exit) {
        for (int i = stderrTail.size() - 1; i >= 0; i--) {
            String line = stderrTail.get(i);
            int at = line.indexOf(PREFIX);
            if (at >= 0) {
                String status = exit == Reaper.UNKNOWN_EXIT ? "" : Integer.toString(exit);
                return "the task called System.exit(" + status + ") at " + line.substring(at + PREFIX.length());
            }
        }
        return null;
    }
}
