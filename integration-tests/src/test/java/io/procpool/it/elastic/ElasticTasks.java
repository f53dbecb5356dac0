package io.procpool.it.elastic;

import io.procpool.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tasks for the service-feature tests; public nested classes, so workers can load them. */
public final class ElasticTasks {
    private ElasticTasks() {}

    /** Sleeps the given milliseconds, returns the worker's pid. */
    public static final class NapPid implements Task<Integer, Long> {
        @Override
        public Long run(Integer millis) throws InterruptedException {
            Thread.sleep(millis);
            return ProcessHandle.current().pid();
        }
    }

    /** Keeps 4 MiB more on every call (touched, so it is resident), returns the worker's pid. */
    public static final class Leak implements Task<Integer, Long> {
        private static final List<byte[]> KEPT = new ArrayList<>();

        @Override
        public Long run(Integer ignored) {
            byte[] b = new byte[4 << 20];
            Arrays.fill(b, (byte) 1);
            KEPT.add(b);
            return ProcessHandle.current().pid();
        }
    }

    /**
     * {@code "nap:N"} sleeps N ms; {@code "block:PATH"} writes PATH (so the test knows it runs)
     * and then sleeps for ten minutes, unless its worker is killed. Returns the worker's pid.
     */
    public static final class NapOrBlock implements Task<String, Long> {
        @Override
        public Long run(String spec) throws Exception {
            if (spec.startsWith("block:")) {
                Files.writeString(Path.of(spec.substring(6)), Long.toString(ProcessHandle.current().pid()));
                Thread.sleep(600_000);
            } else {
                Thread.sleep(Long.parseLong(spec.substring(4)));
            }
            return ProcessHandle.current().pid();
        }
    }
}
