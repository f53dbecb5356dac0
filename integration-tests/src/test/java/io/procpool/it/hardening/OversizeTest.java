package io.procpool.it.hardening;

import io.procpool.it.SharedPool;
import static io.procpool.it.hardening.HardeningSupport.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.hardening.HardeningTasks.ByteCount;
import io.procpool.it.hardening.HardeningTasks.CharCount;
import io.procpool.it.hardening.HardeningTasks.MakeBytes;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Values larger than {@code maxFrameBytes} fail alone, with their size, the cap and the setting in
 * the message; values just under the cap still travel, even several to a batch. One shared pool
 * with a 64 KiB cap and a fixed batch size of 8, so large elements share TASK and RESULT frames.
 */
@Timeout(60)
class OversizeTest {
    private static final int CAP = 65_536;
    private static final int BIG = 200_000;
    private static final Pattern SIZE_AND_CAP = Pattern.compile("serialized size (\\d+) bytes exceeds the frame cap of"
            + " (\\d+) bytes");

    @RegisterExtension
    static final SharedPool SHARED = new SharedPool(
            () -> WorkerPool.builder().workers(1).maxFrameBytes(CAP).batchSize(8).open());

    /** The message gives the serialized size (at least {@code minSize}) and a cap no larger than the setting. */
    private static void assertSizeAndCap(TaskFailedException e, int minSize) {
        Matcher m = SIZE_AND_CAP.matcher(e.getMessage());
        assertTrue(m.find(), () -> "message should give size and cap: " + e.getMessage());
        long size = Long.parseLong(m.group(1));
        long cap = Long.parseLong(m.group(2));
        assertTrue(size >= minSize, "reported size " + size + " should be at least " + minSize);
        assertTrue(cap <= CAP && cap > CAP - 4096, "reported cap " + cap + " should be just under " + CAP);
        assertMentions(e, "too large", "maxFrameBytes");
    }

    @Test
    void map_byteArrayParameterOverCap_failsOnlyThatElementWithSizeCapAndSetting() {
        Iterator<Integer> it = SHARED.pool().map(ByteCount.class, Stream.of(new byte[10], new byte[BIG], new byte[20]))
                .iterator();

        assertEquals(10, it.next());
        TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
        assertEquals(1, e.index());
        assertEquals(ByteCount.class.getName(), e.taskClass());
        assertMentions(e, "parameter", "[B");
        assertSizeAndCap(e, BIG);
        assertEquals(20, it.next());
        assertFalse(it.hasNext());
    }

    @Test
    void submit_stringParameterOverCap_failsThatFutureWithSizeCapAndSetting() throws Exception {
        String huge = "x".repeat(BIG);

        ExecutionException ee = assertThrows(ExecutionException.class,
                () -> SHARED.pool().submit(CharCount.class, huge).get(30, TimeUnit.SECONDS));

        TaskFailedException e = assertInstanceOf(TaskFailedException.class, ee.getCause());
        assertEquals(-1, e.index());
        assertMentions(e, "parameter", "java.lang.String");
        assertSizeAndCap(e, BIG);
        assertEquals(5, SHARED.pool().submit(CharCount.class, "short").get(30, TimeUnit.SECONDS));
    }

    @Test
    void map_resultOverCap_failsOnlyThatElementSayingResultTooLarge() {
        Iterator<byte[]> it = SHARED.pool().map(MakeBytes.class, List.of(3, BIG, 4)).iterator();

        assertEquals(3, it.next().length);
        TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
        assertEquals(1, e.index());
        assertMentions(e, "result", "[B");
        assertSizeAndCap(e, BIG);
        assertEquals(4, it.next().length);
        assertFalse(it.hasNext());
    }

    @Test
    void map_parametersJustUnderCapInBatchesOfEight_allArrive() {
        int size = CAP - 2048;
        List<Integer> lengths = SHARED.pool().map(ByteCount.class, IntStream.range(0, 20).mapToObj(i -> new byte[size]))
                .collect(Collectors.toList());

        assertEquals(IntStream.range(0, 20).mapToObj(i -> size).collect(Collectors.toList()), lengths);
    }

    @Test
    void map_resultsJustUnderCapInBatchesOfEight_allArrive() {
        int size = CAP - 256;
        List<Integer> lengths = SHARED.pool().map(MakeBytes.class, IntStream.range(0, 20).mapToObj(i -> size)).map(b -> b.length)
                .collect(Collectors.toList());

        assertEquals(IntStream.range(0, 20).mapToObj(i -> size).collect(Collectors.toList()), lengths);
    }
}
