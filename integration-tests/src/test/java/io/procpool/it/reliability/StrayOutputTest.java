package io.procpool.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.procpool.Task;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Task output never reaches the channel as data: printed lines go to stderr, raw fd 1 bytes kill the worker. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class StrayOutputTest {
    /** What a {@link Noisy} task does besides returning twice the value. */
    public enum Noise { NONE, PRINTS, RAW_FD1 }

    /** One element for {@link Noisy}. */
    public record Say(int value, Noise noise) {}

    /** Returns twice the value after making the requested noise. */
    public static final class Noisy implements Task<Say, Integer> {
        @Override
        public Integer run(Say s) throws Exception {
            switch (s.noise()) {
                case PRINTS -> {
                    for (int k = 0; k < 20; k++) {
                        System.out.println("out " + s.value() + "/" + k + " \u00e9\u4e2d");
                        System.err.println("err " + s.value() + "/" + k);
                    }
                    System.out.print("no newline ");
                    System.out.flush();
                }
                case RAW_FD1 -> {
                    // Deliberately not closed: fd 1 is the worker's stderr (once it was its channel).
                    @SuppressWarnings("resource")
                    FileOutputStream fd1 = new FileOutputStream(FileDescriptor.out);
                    fd1.write("garbage".getBytes(StandardCharsets.US_ASCII));
                    fd1.flush();
                }
                default -> { }
            }
            return s.value() * 2;
        }
    }

    @Test
    void map_taskPrintsManyLinesToSystemOutAndErr_resultsCorrect() {
        try (WorkerPool pool = WorkerPool.open(2)) {
            List<Integer> out = pool.map(Noisy.class, IntStream.range(0, 300).mapToObj(i -> new Say(i, Noise.PRINTS)))
                    .collect(Collectors.toList());

            assertEquals(IntStream.range(0, 300).map(i -> 2 * i).boxed().collect(Collectors.toList()), out);
        }
    }

    /**
     * Workers are started with fd 1 pointing at stderr and the channel on fd 3 (see
     * {@code Launcher}), so raw writes to fd 1, as native code does them, cannot corrupt the
     * channel: they show up as stderr text and the element succeeds. (Bytes that do reach the
     * channel are still caught by magic and CRC; see the protocol tests and the native crash
     * tests.)
     */
    @Test
    void map_taskWritesRawBytesToFd1_bytesGoToStderrAndEveryElementSucceeds() {
        int garbage = 40;
        try (WorkerPool pool = WorkerPool.open(2)) {
            List<Outcome<Integer>> out = Outcome.drain(pool.map(Noisy.class, IntStream.range(0, 100)
                    .mapToObj(i -> new Say(i, i == garbage ? Noise.RAW_FD1 : Noise.NONE))));

            assertEquals(100, out.size());
            for (int i = 0; i < 100; i++) {
                assertNull(out.get(i).error(), "input #" + i);
                assertEquals(2 * i, out.get(i).value(), "input #" + i);
            }
            assertEquals(0, pool.stats().workersCrashed(), "no worker was replaced");
        }
    }
}
