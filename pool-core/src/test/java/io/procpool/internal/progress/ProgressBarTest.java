package io.procpool.internal.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

public class ProgressBarTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(100);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND); // any origin works

    private ProgressBar bar(String label, long total, int width) {
        return new ProgressBar(label, total, width, false, now::get);
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }

    @Test
    void render_nothingDoneYet_zeroPercentEmptyBarUnknownEtaAndRate() {
        ProgressBar b = bar("squares", 10_000, 80);
        assertEquals("squares   0%|" + " ".repeat(40) + "| 0/10000 [00:00<?, ? it/s]", b.render(0, 0));
    }

    @Test
    void render_37PercentAfter12Seconds_partialBlockCountsElapsedEtaRate() {
        ProgressBar b = bar("squares", 10_000, 80);
        advance(12 * SECOND);
        // rate 3700/12 = 308.33/s; ETA 6300/308.33 = 20.4 s; bar 29 cells, 85 eighths = 10 full + 5/8
        String line = b.render(3700, 0);
        assertEquals("squares  37%|██████████▋" + " ".repeat(18) + "| 3700/10000 [00:12<00:20, 308.3 it/s]", line);
        assertEquals(80, line.length());
    }

    @Test
    void render_allDone_hundredPercentFullBarZeroEta() {
        ProgressBar b = bar("squares", 10_000, 80);
        advance(32 * SECOND);
        assertEquals("squares 100%|" + "█".repeat(28) + "| 10000/10000 [00:32<00:00, 312.5 it/s]", b.render(10_000, 0));
    }

    @Test
    void render_moreDoneThanTotal_clampsToHundredPercent() {
        ProgressBar b = bar("x", 10, 50);
        advance(SECOND);
        assertEquals("x 100%|" + "█".repeat(11) + "| 12/10 [00:01<00:00, 12.0 it/s]", b.render(12, 0));
    }

    @Test
    void render_unknownTotal_countElapsedRateWithoutBarPercentOrEta() {
        ProgressBar b = bar("squares", ProgressBar.UNKNOWN_TOTAL, 80);
        assertEquals("squares 0 [00:00, ? it/s]", b.render(0, 0));
        advance(12 * SECOND);
        assertEquals("squares 3700 [00:12, 308.3 it/s]", b.render(3700, 0));
    }

    @Test
    void render_unknownTotalWithFailures_failuresInsideBrackets() {
        ProgressBar b = bar("squares", ProgressBar.UNKNOWN_TOTAL, 80);
        advance(12 * SECOND);
        assertEquals("squares 3700 [00:12, 308.3 it/s, 2 failed]", b.render(3700, 2));
    }

    @Test
    void render_someFailed_failedSuffixInsideBrackets() {
        ProgressBar b = bar("squares", 100, 80);
        advance(12 * SECOND);
        // 37/12 = 3.08/s; ETA 63/3.08 = 20.4 s; bar 25 cells, 74 eighths = 9 full + 2/8
        assertEquals("squares  37%|█████████▎" + " ".repeat(15) + "| 37/100 [00:12<00:20, 3.1 it/s, 3 failed]",
                b.render(37, 3));
    }

    @Test
    void render_noFailures_noFailedSuffix() {
        ProgressBar b = bar("squares", 100, 80);
        advance(12 * SECOND);
        assertTrue(b.render(37, 0).endsWith("3.1 it/s]"));
    }

    @Test
    void render_slowerThanOnePerSecond_showsSecondsPerItem() {
        ProgressBar b = bar("slow", 10, 60);
        advance(5 * SECOND);
        // 0.2/s = 5 s/it; ETA 9 * 5 s = 45 s; bar 19 cells, 15 eighths = 1 full + 7/8
        assertEquals("slow  10%|█▉" + " ".repeat(17) + "| 1/10 [00:05<00:45, 5.00 s/it]", b.render(1, 0));
    }

    @Test
    void render_longRun_elapsedAndEtaUseHours() {
        ProgressBar b = bar("big", 1_000_000, 80);
        advance(3725 * SECOND);
        // 372,500 in 3725 s = 100/s; ETA 627,500 / 100 = 6275 s
        String line = b.render(372_500, 0);
        assertTrue(line.endsWith("| 372500/1000000 [1:02:05<1:44:35, 100.0 it/s]"), line);
    }

    @Test
    void render_fastRun_rateInThousands() {
        ProgressBar b = bar("fast", ProgressBar.UNKNOWN_TOTAL, 80);
        advance(2 * SECOND);
        assertEquals("fast 250000 [00:02, 125.0k it/s]", b.render(250_000, 0));
    }

    @Test
    void render_width40_dropsLabelThenBarToFit() {
        ProgressBar b = bar("squares", 10_000, 40);
        advance(12 * SECOND);
        String line = b.render(3700, 0);
        assertEquals("37% 3700/10000 [00:12<00:20, 308.3 it/s]", line);
        assertEquals(40, line.length());
    }

    @Test
    void render_width40ShortCounts_keepsNarrowBarWithoutLabel() {
        ProgressBar b = bar("squares", 100, 40);
        advance(12 * SECOND);
        // 3 cells left for the bar: 8 eighths = 1 full cell
        assertEquals(" 37%|█  | 37/100 [00:12<00:20, 3.1 it/s]", b.render(37, 0));
    }

    @Test
    void render_longLabel_labelCutWithEllipsisToKeepTenCellBar() {
        ProgressBar b = bar("a-very-long-label-for-the-job", 100, 60);
        advance(12 * SECOND);
        String line = b.render(37, 0);
        assertEquals("a-very-long…  37%|███▋      | 37/100 [00:12<00:20, 3.1 it/s]", line);
        assertEquals(60, line.length());
    }

    @Test
    void render_width200_barTakesTheRest() {
        ProgressBar b = bar("squares", 10_000, 200);
        advance(12 * SECOND);
        // 149 cells, 441 eighths = 55 full + 1/8
        String line = b.render(3700, 0);
        assertEquals("squares  37%|" + "█".repeat(55) + "▏" + " ".repeat(93) + "| 3700/10000 [00:12<00:20, 308.3 it/s]",
                line);
        assertEquals(200, line.length());
    }

    @Test
    void render_tinyWidth_neverLongerThanWidth() {
        for (int width = 1; width <= 120; width++) {
            now.set(0);
            ProgressBar b = bar("label with words", 10_000, width);
            advance(12 * SECOND);
            assertTrue(b.render(3700, 3).length() <= width, "width " + width);
            ProgressBar u = bar("label with words", ProgressBar.UNKNOWN_TOTAL, width);
            assertTrue(u.render(3700, 3).length() <= width, "unknown total, width " + width);
        }
    }

    @Test
    void render_unknownTotalNarrow_labelCutFirst() {
        ProgressBar b = bar("squares", ProgressBar.UNKNOWN_TOTAL, 30);
        advance(12 * SECOND);
        assertEquals("squa… 3700 [00:12, 308.3 it/s]", b.render(3700, 0));
    }

    @Test
    void render_ascii_hashesAndSpaces() {
        ProgressBar b = new ProgressBar("squares", 100, 60, true, now::get);
        advance(12 * SECOND);
        // 15 cells, 5.55 full cells: 5 hashes
        assertEquals("squares  37%|#####" + " ".repeat(10) + "| 37/100 [00:12<00:20, 3.1 it/s]", b.render(37, 0));
    }

    @Test
    void render_asciiLongLabel_cutWithDots() {
        ProgressBar b = new ProgressBar("a-very-long-label-for-the-job", 100, 60, true, now::get);
        advance(12 * SECOND);
        assertEquals("a-very-lo...  37%|###       | 37/100 [00:12<00:20, 3.1 it/s]", b.render(37, 0));
    }

    @Test
    void render_labelWithControlCharacters_replacedBySpaces() {
        ProgressBar b = bar("a\tb\r\nc\033", ProgressBar.UNKNOWN_TOTAL, 80);
        assertEquals("a b  c 0 [00:00, ? it/s]", b.render(0, 0));
    }

    @Test
    void render_emptyLabel_lineStartsWithPercent() {
        ProgressBar b = bar("", 4, 50);
        advance(SECOND);
        assertEquals(" 50%|" + "█".repeat(8) + " ".repeat(8) + "| 2/4 [00:01<00:01, 2.0 it/s]", b.render(2, 0));
    }

    @Test
    void summary_allDone_countsElapsedAverageRateAndFailures() {
        ProgressBar b = bar("squares", 10_000, 80);
        advance(32 * SECOND);
        assertEquals("squares 10000/10000 done in 00:32 (312.5 it/s), 3 failed", b.summary(10_000, 3));
    }

    @Test
    void summary_noFailures_noSuffix() {
        ProgressBar b = bar("squares", 10_000, 80);
        advance(32 * SECOND);
        assertEquals("squares 10000/10000 done in 00:32 (312.5 it/s)", b.summary(10_000, 0));
    }

    @Test
    void summary_fewerThanTotal_saysStopped() {
        ProgressBar b = bar("squares", 10_000, 80);
        advance(12 * SECOND);
        assertEquals("squares 3700/10000 stopped after 00:12 (308.3 it/s)", b.summary(3700, 0));
    }

    @Test
    void summary_unknownTotal_countOnly() {
        ProgressBar b = bar("squares", ProgressBar.UNKNOWN_TOTAL, 80);
        advance(12 * SECOND);
        assertEquals("squares 3700 done in 00:12 (308.3 it/s)", b.summary(3700, 0));
    }

    @Test
    void summary_narrowWidth_notCut() {
        ProgressBar b = bar("squares", 10_000, 20);
        advance(32 * SECOND);
        assertEquals("squares 10000/10000 done in 00:32 (312.5 it/s), 3 failed", b.summary(10_000, 3));
    }

    @Test
    void summary_averageOverWholeRun_notTheSmoothedRate() {
        ProgressBar b = bar("squares", 300, 80);
        advance(SECOND);
        b.render(200, 0);
        advance(9 * SECOND);
        assertEquals("squares 300/300 done in 00:10 (30.0 it/s)", b.summary(300, 0));
    }

    @Test
    void formatInterval_minutesSecondsThenHours() {
        assertEquals("00:00", ProgressBar.formatInterval(0));
        assertEquals("00:59", ProgressBar.formatInterval(59));
        assertEquals("01:01", ProgressBar.formatInterval(61));
        assertEquals("59:59", ProgressBar.formatInterval(3599));
        assertEquals("1:00:00", ProgressBar.formatInterval(3600));
        assertEquals("1:02:05", ProgressBar.formatInterval(3725));
        assertEquals("25:00:00", ProgressBar.formatInterval(90_000));
    }

    @Test
    void formatRate_unitsByMagnitude() {
        assertEquals("? it/s", ProgressBar.formatRate(Double.NaN));
        assertEquals("? it/s", ProgressBar.formatRate(0));
        assertEquals("2.50 s/it", ProgressBar.formatRate(0.4));
        assertEquals("120.00 s/it", ProgressBar.formatRate(1 / 120.0));
        assertEquals("1.0 it/s", ProgressBar.formatRate(1));
        assertEquals("308.4 it/s", ProgressBar.formatRate(308.44));
        assertEquals("9999.9 it/s", ProgressBar.formatRate(9999.9));
        assertEquals("10.0k it/s", ProgressBar.formatRate(10_000));
        assertEquals("123.5k it/s", ProgressBar.formatRate(123_456));
        assertEquals("12.3M it/s", ProgressBar.formatRate(12_345_678));
    }

    @Test
    void constructor_badArguments_rejectedWithValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bar("x", -2, 80));
        assertEquals("total must be -1 (unknown) or at least 0, was -2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bar("x", 10, 0));
        assertEquals("width must be at least 1, was 0", e.getMessage());
    }

    // ---- smoothing ----

    private static final Pattern RATE = Pattern.compile("([0-9.]+)(k?) it/s");

    private static double shownRate(String line) {
        Matcher m = RATE.matcher(line);
        assertTrue(m.find(), line);
        return Double.parseDouble(m.group(1)) * (m.group(2).isEmpty() ? 1 : 1000);
    }

    @Test
    void rate_burstsOfThousandEverySecond_staysAtTrueAverage() {
        ProgressBar b = bar("bursts", ProgressBar.UNKNOWN_TOTAL, 80);
        long done = 0;
        for (int tick = 1; tick <= 300; tick++) { // 30 s, rendered every 100 ms
            advance(TICK);
            if (tick % 10 == 0) {
                done += 1000;
            }
            String line = b.render(done, 0);
            if (tick >= 10) {
                assertEquals(1000, shownRate(line), 1, "tick " + tick);
            }
        }
    }

    @Test
    void rate_irregularBursts_staysWithinTenPercentOfTrueAverageAfterWarmUp() {
        // bursts of 500..1500 items at 0.6..1.4 s intervals, 1000 items per second on average;
        // a per-render rate would swing between 0 and 15,000, a per-render EMA between 730 and 1320
        long[] sizes = {500, 1500, 900, 1100, 700, 1300, 1200, 800};
        long[] gapsInTicks = {6, 14, 11, 9, 7, 13, 12, 8};
        ProgressBar b = bar("bursts", ProgressBar.UNKNOWN_TOTAL, 80);
        long done = 0;
        int nextBurst = 6;
        int burst = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int tick = 1; tick <= 600; tick++) {
            advance(TICK);
            if (tick == nextBurst) {
                done += sizes[burst % sizes.length];
                burst++;
                nextBurst += gapsInTicks[burst % gapsInTicks.length];
            }
            String line = b.render(done, 0);
            if (tick > 100) {
                double shown = shownRate(line);
                min = Math.min(min, shown);
                max = Math.max(max, shown);
            }
        }
        assertTrue(min >= 900 && max <= 1100, "shown rate ranged " + min + ".." + max);
    }

    @Test
    void rate_rateDoubles_followsWithinFifteenSeconds() {
        ProgressBar b = bar("steps", ProgressBar.UNKNOWN_TOTAL, 80);
        long done = 0;
        for (int tick = 1; tick <= 100; tick++) {
            advance(TICK);
            done += 100;
            b.render(done, 0);
        }
        for (int tick = 1; tick <= 150; tick++) {
            advance(TICK);
            done += 200;
            b.render(done, 0);
        }
        assertEquals(2000, shownRate(b.render(done, 0)), 20);
    }

    @Test
    void rate_stall_shownRateDecaysAndEtaGrows() {
        ProgressBar b = bar("stall", 100_000, 120);
        long done = 0;
        for (int tick = 1; tick <= 100; tick++) {
            advance(TICK);
            done += 100;
            b.render(done, 0);
        }
        double before = shownRate(b.render(done, 0));
        assertEquals(1000, before, 1);
        double previous = before;
        for (int tick = 1; tick <= 300; tick++) {
            advance(TICK);
            double shown = shownRate(b.render(done, 0));
            assertTrue(shown <= previous, "tick " + tick + ": " + shown + " > " + previous);
            previous = shown;
        }
        assertTrue(previous < 10, "after a 30 s stall the rate is still " + previous);
    }

    @Test
    void rate_renderedTwiceAtSameInstant_sameLine() {
        ProgressBar b = bar("same", 100, 80);
        advance(SECOND);
        String first = b.render(10, 0);
        assertEquals(first, b.render(10, 0));
        assertEquals(10.0, b.rate(), 1e-9);
    }
}
