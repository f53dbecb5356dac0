package io.procpool.internal.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

public class ProgressPrinterTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final String CLEAR = "\033[K";
    /** What precedes each newline but the last: maybe bars, then an erased line, then one log line. */
    private static final Pattern LOG_SEGMENT = Pattern.compile("(?:.*\r\033\\[K)?(log [0-2] [0-9]+)", Pattern.DOTALL);

    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private ProgressPrinter printer(long total) {
        return new ProgressPrinter(new ProgressBar("job", total, 60, false, now::get), out);
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    @Test
    void tick_first_drawsCarriageReturnLineClearToEnd() {
        ProgressPrinter p = printer(ProgressBar.UNKNOWN_TOTAL);
        p.tick();
        assertEquals("\rjob 0 [00:00, ? it/s]" + CLEAR, written());
    }

    @Test
    void tick_everyTenMillisForOneSecond_redrawsEveryHundredMillis() {
        ProgressPrinter p = printer(ProgressBar.UNKNOWN_TOTAL);
        for (int i = 0; i <= 100; i++) { // t = 0, 10, ..., 1000 ms; the count changes every time
            p.succeeded(1);
            p.tick();
            now.addAndGet(10 * MS);
        }
        String s = written();
        assertEquals(11, count(s, '\r'), s); // t = 0, 100, ..., 1000 ms
        // first measurable growth: 11 items in 100 ms, then 100/s pulls the average down
        assertTrue(s.endsWith("\rjob 101 [00:01, 107.4 it/s]" + CLEAR), s);
    }

    @Test
    void tick_nothingChanged_doesNotRewriteSameLine() {
        ProgressPrinter p = printer(ProgressBar.UNKNOWN_TOTAL);
        p.tick();
        now.addAndGet(200 * MS);
        p.tick();
        now.addAndGet(200 * MS);
        p.tick();
        assertEquals("\rjob 0 [00:00, ? it/s]" + CLEAR, written());
        now.addAndGet(600 * MS);
        p.tick();
        assertEquals("\rjob 0 [00:00, ? it/s]" + CLEAR + "\rjob 0 [00:01, ? it/s]" + CLEAR, written());
    }

    @Test
    void tick_countsSuccessesAndFailuresTogether() {
        ProgressPrinter p = printer(10);
        now.addAndGet(SECOND);
        p.succeeded(3);
        p.failed(2);
        p.tick();
        // 5 done in 1 s: 5/s, ETA 1 s; bar 11 cells, 44 eighths = 5 full + 4/8
        assertEquals("\rjob  50%|█████▌" + " ".repeat(5) + "| 5/10 [00:01<00:01, 5.0 it/s, 2 failed]" + CLEAR,
                written());
    }

    @Test
    void printAbove_barDrawn_clearsBarPrintsLineRedrawsBar() {
        ProgressPrinter p = printer(ProgressBar.UNKNOWN_TOTAL);
        now.addAndGet(SECOND);
        p.succeeded(7);
        p.tick();
        String bar = "job 7 [00:01, 7.0 it/s]";
        p.printAbove("worker 3 restarted");
        assertEquals("\r" + bar + CLEAR + "\r" + CLEAR + "worker 3 restarted\n\r" + bar + CLEAR, written());
    }

    @Test
    void printAbove_beforeFirstDraw_printsOnlyTheLine() {
        ProgressPrinter p = printer(ProgressBar.UNKNOWN_TOTAL);
        p.printAbove("hello");
        assertEquals("hello\n", written());
    }

    @Test
    void printAbove_twoLinesBetweenTicks_eachOnItsOwnLineBarLast() {
        ProgressPrinter p = printer(ProgressBar.UNKNOWN_TOTAL);
        p.tick();
        p.printAbove("one");
        p.printAbove("two");
        String bar = "\rjob 0 [00:00, ? it/s]" + CLEAR;
        assertEquals(bar + "\r" + CLEAR + "one\n" + bar + "\r" + CLEAR + "two\n" + bar, written());
    }

    @Test
    void finish_printsSummaryWithNewlineOnce() {
        ProgressPrinter p = printer(100);
        p.tick();
        now.addAndGet(4 * SECOND);
        p.succeeded(97);
        p.failed(3);
        p.finish();
        p.finish();
        String s = written();
        assertEquals("\rjob   0%|" + " ".repeat(26) + "| 0/100 [00:00<?, ? it/s]" + CLEAR
                + "\rjob 100/100 done in 00:04 (25.0 it/s), 3 failed" + CLEAR + "\n", s);
        assertEquals(1, count(s, '\n'));
    }

    @Test
    void finish_thenTickAndPrintAbove_noBarAnymore() {
        ProgressPrinter p = printer(ProgressBar.UNKNOWN_TOTAL);
        p.finish();
        int before = written().length();
        now.addAndGet(SECOND);
        p.succeeded(1);
        p.tick();
        p.printAbove("late");
        assertEquals("late\n", written().substring(before));
    }

    @Test
    @Timeout(10)
    void start_scheduler_ticksUntilFinishCancelsIt() throws Exception {
        CountDownLatch drawn = new CountDownLatch(1);
        PrintStream signalling = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void flush() {
                drawn.countDown();
            }
        }, false, StandardCharsets.UTF_8);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            ProgressPrinter p = new ProgressPrinter(new ProgressBar("job", 5, 60, false, now::get), signalling);
            ScheduledFuture<?> refresh = p.start(scheduler);
            assertThrows(IllegalStateException.class, () -> p.start(scheduler));
            assertTrue(drawn.await(5, TimeUnit.SECONDS));
            p.finish();
            assertTrue(refresh.isCancelled());
            assertTrue(written().endsWith("job 0/5 stopped after 00:00 (? it/s)" + CLEAR + "\n"), written());
        } finally {
            scheduler.shutdownNow();
            assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    @Timeout(20)
    void concurrentUpdatesTicksAndLogLines_countsExactLinesIntact() throws Exception {
        ProgressPrinter p = printer(ProgressBar.UNKNOWN_TOTAL);
        p.tick(); // the bar is up before the first log line
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int id = t;
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        p.succeeded(1);
                        if (i % 10 == 0) {
                            p.failed(1);
                        }
                        if (i % 100 == 0) {
                            p.printAbove("log " + id + " " + i);
                        }
                    }
                }));
            }
            work.add(threads.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    now.addAndGet(50 * MS);
                    p.tick();
                }
            }));
            for (Future<?> f : work) {
                f.get(15, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        p.finish();
        String s = written();
        assertTrue(s.endsWith("\rjob 6600 done in 00:25 (264.0 it/s), 600 failed" + CLEAR + "\n"), s);
        Set<String> logLines = new HashSet<>();
        String[] segments = s.split("\n");
        for (int i = 0; i < segments.length - 1; i++) {
            Matcher m = LOG_SEGMENT.matcher(segments[i]);
            assertTrue(m.matches(), "torn segment: " + segments[i]);
            logLines.add(m.group(1));
            assertTrue(segments[i + 1].startsWith("\rjob "), "bar not redrawn after: " + segments[i]);
        }
        assertEquals(60, logLines.size());
    }
}
