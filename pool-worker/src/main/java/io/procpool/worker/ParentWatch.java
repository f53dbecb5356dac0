package io.procpool.worker;

import java.time.Instant;
import java.util.Optional;

/**
 * Exits the child when the coordinator process ends, as a second line behind stdin EOF (a
 * grandchild holding the pipe open would otherwise keep the child alive). The parent is
 * identified by pid and start instant, so a recycled pid does not count as the parent.
 */
final class ParentWatch {
    private ParentWatch() {}

    /** Starts the watch on its own daemon thread (plain class: no lambda bootstrap at start-up). */
    static final class Starter implements Runnable {
        private final long parentPid;
        private final long parentStartMillis;

        Starter(long parentPid, long parentStartMillis) {
            this.parentPid = parentPid;
            this.parentStartMillis = parentStartMillis;
        }

        @Override
        public void run() {
            Thread t = new Thread(new Runnable() {
                @Override
                public void run() {
                    start(parentPid, parentStartMillis);
                }
            }, "procpool-parent-watch");
            t.setDaemon(true);
            t.start();
        }
    }

    static void start(long parentPid, long parentStartMillis) {
        if (parentPid <= 0) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !sameStart(parent.get(), parentStartMillis)) {
            Exits.now(Exits.PARENT_GONE, "coordinator process " + parentPid + " is gone");
            return;
        }
        parent.get().onExit().thenRun(
                () -> Exits.now(Exits.PARENT_GONE, "coordinator process " + parentPid + " exited"));
    }

    private static boolean sameStart(ProcessHandle h, long expectedMillis) {
        if (expectedMillis < 0) {
            return true;
        }
        Optional<Instant> start = h.info().startInstant();
        // Start instants come from /proc with clock-tick resolution; allow a little slack.
        return start.isEmpty() || Math.abs(start.get().toEpochMilli() - expectedMillis) < 1000;
    }
}
