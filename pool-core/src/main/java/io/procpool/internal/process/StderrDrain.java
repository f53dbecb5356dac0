package io.procpool.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Reads a worker's stderr line by line on its own thread, hands each line to
 * {@link WorkerOutputSink} (MDC {@code procpool.worker} and {@code procpool.pid} set) and keeps the
 * last lines for crash reports. Task code's {@code System.out} lands here too.
 *
 * <p>Bounded and unkillable: a line is cut at {@link BoundedLineReader#MAX_LINE_BYTES}, so one
 * 50 MB line costs no memory; a failure while handling a line (a logging backend that throws, an
 * {@code OutOfMemoryError} caused elsewhere) is reported once and draining goes on, because a
 * drain that stops would block the worker on a full pipe and drop its output silently. A flood
 * of lines slows only this worker: the pipe fills and the worker waits on its own writes.
 */
public final class StderrDrain implements Runnable {
    static final Logger WORKER_LOG = WorkerOutputSink.WORKER_LOG;
    private static final int TAIL_LINES = 20;

    private final InputStream in;
    private final int workerId;
    private final long pid;
    private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL_LINES);
    private final CountDownLatch ended = new CountDownLatch(1);
    private boolean failureReported;

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
        BoundedLineReader lines = new BoundedLineReader(in);
        try {
            while (true) {
                String line;
                try {
                    line = lines.next();
                } catch (IOException e) {
                    WORKER_LOG.debug("w{} pid {}: stderr closed: {}", workerId, pid, e.toString());
                    break;
                } catch (Throwable e) {
                    failed(e);
                    LockSupport.parkNanos(1_000_000); // not a hot loop should the failure repeat
                    continue;
                }
                if (line == null) {
                    break;
                }
                handle(line);
            }
        } finally {
            MDC.clear();
            ended.countDown();
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                // nothing more to read anyway
            }
        }
    }

    private void handle(String line) {
        try {
            synchronized (tail) {
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
            WorkerOutputSink.line(workerId, pid, line);
        } catch (Throwable e) {
            failed(e);
        }
    }

    /** Reports the first failure of this drain; later ones would only repeat it. */
    private void failed(Throwable e) {
        if (failureReported) {
            return;
        }
        failureReported = true;
        try {
            WORKER_LOG.warn("w{} pid {}: handling a stderr line failed, draining goes on: {}", workerId, pid,
                    e.toString());
            if (WorkerOutputSink.TO_STDERR) {
                System.err.println("[w" + workerId + " pid " + pid + "] handling a stderr line failed, draining"
                        + " goes on: " + e);
            }
        } catch (Throwable ignored) {
            // reporting itself failed (out of memory?): keep draining
        }
    }

    /** Waits until stderr reached EOF (the process is gone), at most {@code millis}. */
    public void awaitEnd(long millis) {
        try {
            ended.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines seen, oldest first. */
    public List<String> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }
}
