package io.procpool.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads a worker's stderr line by line on its own thread: logs each line under
 * {@code io.procpool.worker} (MDC {@code procpool.worker} and {@code procpool.pid}) and keeps the
 * last lines for crash reports. Task code's {@code System.out} lands here too.
 */
final class StderrDrain implements Runnable {
    static final Logger WORKER_LOG = LoggerFactory.getLogger("io.procpool.worker");
    private static final int TAIL_LINES = 20;

    private final InputStream in;
    private final int workerId;
    private final long pid;
    private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL_LINES);
    private final CountDownLatch ended = new CountDownLatch(1);

    StderrDrain(InputStream in, int workerId, long pid) {
        this.in = in;
        this.workerId = workerId;
        this.pid = pid;
    }

    Thread start() {
        Thread t = new Thread(this, "procpool-w" + workerId + "-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        MDC.put("procpool.worker", Integer.toString(workerId));
        MDC.put("procpool.pid", Long.toString(pid));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
                if (line.startsWith("[procpool-worker]")) {
                    WORKER_LOG.debug("w{} pid {}: {}", workerId, pid, line);
                } else {
                    WORKER_LOG.info("w{} pid {}: {}", workerId, pid, line);
                }
            }
        } catch (IOException e) {
            WORKER_LOG.debug("w{} pid {}: stderr closed: {}", workerId, pid, e.toString());
        } finally {
            MDC.clear();
            ended.countDown();
        }
    }

    /** Waits until stderr reached EOF (the process is gone), at most {@code millis}. */
    void awaitEnd(long millis) {
        try {
            ended.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines seen, oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }
}
