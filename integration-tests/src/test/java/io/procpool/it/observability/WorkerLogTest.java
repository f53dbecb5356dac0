package io.procpool.it.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.procpool.PoolStats;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.observability.ObsTasks.Announce;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What task code prints in a worker reaches the coordinator's log, tagged with the worker. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class WorkerLogTest {
    private static final String WORKER_LOGGER = "io.procpool.worker";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void map_taskPrintsToStdoutAndStderr_linesLoggedWithWorkerIdAndPid() throws Exception {
        String marker = "obs-marker-" + UUID.randomUUID();
        try (LogCapture log = new LogCapture(WORKER_LOGGER, Level.INFO);
                WorkerPool pool = WorkerPool.open(2)) {
            List<PoolStats.Worker> workers = pool.stats().workers();
            Map<Integer, Long> pidById = new HashMap<>();
            workers.forEach(w -> pidById.put(w.id(), w.pid()));
            List<Long> ranOn = pool.map(Announce.class, List.of(marker)).toList();

            ILoggingEvent out = log.await("with '" + marker + " out'", WAIT,
                    e -> e.getFormattedMessage().endsWith(marker + " out"));
            ILoggingEvent err = log.await("with '" + marker + " err'", WAIT,
                    e -> e.getFormattedMessage().endsWith(marker + " err"));

            long pid = ranOn.get(0);
            for (ILoggingEvent e : List.of(out, err)) {
                assertEquals(Level.INFO, e.getLevel(), e.toString());
                assertEquals(WORKER_LOGGER, e.getLoggerName());
                Map<String, String> mdc = e.getMDCPropertyMap();
                int id = Integer.parseInt(mdc.get("procpool.worker"));
                assertTrue(pidById.containsKey(id), "MDC worker id " + id + " is a live worker " + pidById);
                assertEquals(Long.toString(pidById.get(id)), mdc.get("procpool.pid"), "MDC pid matches the worker id");
                assertEquals(Long.toString(pid), mdc.get("procpool.pid"), "the worker that ran the task");
                assertEquals("w" + id + " pid " + pid + ": " + e.getFormattedMessage().substring(
                        e.getFormattedMessage().indexOf(marker)), e.getFormattedMessage(), "message format");
            }
            assertEquals(workers.stream().map(PoolStats.Worker::pid).toList(), pool.workerPids(),
                    "no worker was replaced meanwhile");
        }
    }

    @Test
    void map_taskPrintsNonAsciiLine_arrivesIntactInLog() throws Exception {
        String line = "utf8-" + UUID.randomUUID() + " caf\u00e9 \u65e5\u672c \u00fc\u00df \uD83D\uDE00";
        try (LogCapture log = new LogCapture(WORKER_LOGGER, Level.INFO);
                WorkerPool pool = WorkerPool.open(1)) {
            pool.map(io.procpool.it.sidecar.LookTasks.PrintText.class, List.of(line)).toList();

            ILoggingEvent e = log.await("ending with the UTF-8 line", WAIT, x -> x.getFormattedMessage().endsWith(line));
            assertTrue(e.getFormattedMessage().endsWith(": " + line), e.getFormattedMessage());
        }
    }
}
