package io.procpool.spark;

import io.procpool.Task;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Tasks for the Spark tests (on the test class path, which local mode's executor shares). */
public final class SparkTasks {
    private SparkTasks() {}

    /** The seed task: {@code {"sum": param1 + param2}}. */
    public static final class Sum implements Task<Map<String, Integer>, Map<String, Integer>> {
        @Override
        public Map<String, Integer> run(Map<String, Integer> p) {
            return Map.of("sum", p.get("param1") + p.get("param2"));
        }
    }

    /** The seed row as a Java bean, for Datasets. */
    public static final class SeedRow implements Serializable {
        private static final long serialVersionUID = 1L;
        private int param1;
        private int param2;

        public SeedRow() {}

        public SeedRow(int param1, int param2) {
            this.param1 = param1;
            this.param2 = param2;
        }

        public int getParam1() {
            return param1;
        }

        public void setParam1(int v) {
            param1 = v;
        }

        public int getParam2() {
            return param2;
        }

        public void setParam2(int v) {
            param2 = v;
        }
    }

    /** The seed result as a Java bean. */
    public static final class SumRow implements Serializable {
        private static final long serialVersionUID = 1L;
        private int sum;

        public SumRow() {}

        public SumRow(int sum) {
            this.sum = sum;
        }

        public int getSum() {
            return sum;
        }

        public void setSum(int v) {
            sum = v;
        }
    }

    /** The seed task over beans. */
    public static final class SumRows implements Task<SeedRow, SumRow> {
        @Override
        public SumRow run(SeedRow r) {
            return new SumRow(r.getParam1() + r.getParam2());
        }
    }

    /** x squared. */
    public static final class Square implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            return x * x;
        }
    }

    /** x squared; throws for 7, halts its worker for -1, hangs for -2. */
    public static final class Tricky implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) throws Exception {
            if (x == 7) {
                throw new IllegalArgumentException("seven is not allowed");
            }
            if (x == -1) {
                Runtime.getRuntime().halt(3);
            }
            if (x == -2) {
                Thread.sleep(60_000);
            }
            return x * x;
        }
    }

    /** A parameter that names a marker file: the first run for it halts the worker, later runs return the value. */
    public record Once(String marker, int value) implements Serializable {}

    /** Kills its worker the first time it sees a marker, then succeeds: a crash that a retry fixes. */
    public static final class CrashOnce implements Task<Once, Integer> {
        @Override
        public Integer run(Once o) throws Exception {
            Path m = Path.of(o.marker());
            if (!Files.exists(m)) {
                Files.createFile(m);
                Runtime.getRuntime().halt(3);
            }
            return o.value();
        }
    }

    /** The worker's pid: shows which workers served a stage. */
    public static final class WorkerPid implements Task<Integer, Long> {
        @Override
        public Long run(Integer x) {
            return ProcessHandle.current().pid();
        }
    }

    /** Builds the seed's parameter maps as a {@code HashMap} (Spark's Java serializer wants a serializable map). */
    static Map<String, Integer> seed(int x) {
        Map<String, Integer> m = new HashMap<>();
        m.put("param1", x);
        m.put("param2", 15);
        return m;
    }
}
