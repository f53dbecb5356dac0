package io.procpool.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolStats;
import io.procpool.spark.SparkTasks.CrashOnce;
import io.procpool.spark.SparkTasks.Once;
import io.procpool.spark.SparkTasks.SeedRow;
import io.procpool.spark.SparkTasks.Square;
import io.procpool.spark.SparkTasks.Sum;
import io.procpool.spark.SparkTasks.SumRow;
import io.procpool.spark.SparkTasks.SumRows;
import io.procpool.spark.SparkTasks.Tricky;
import io.procpool.spark.SparkTasks.WorkerPid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** procpool inside Spark local mode ({@code local[2]}): the executor is this JVM. */
@Timeout(120)
class ProcPoolSparkTest {
    private static final List<Integer> SEED_X = List.of(10, 22, 35, 4, 532, 12, 42, 53, 23);
    private static final List<Integer> SEED_SUMS = List.of(25, 37, 50, 19, 547, 27, 57, 68, 38);
    /** Each test uses its own spec, so each gets its own pool and its own counters. */
    private static SparkSession spark;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void startSpark() {
        spark = SparkTestSessions.local("procpool-spark-test");
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stopSpark() throws InterruptedException {
        SparkTestSessions.stopAndAssertNoProcessLeft(spark);
    }

    @Test
    void rdd_seedWorkload_sumsInOrder() {
        PoolSpec spec = PoolSpec.builder().workers(2).build();
        JavaRDD<Map<String, Integer>> params = jsc.parallelize(
                SEED_X.stream().map(SparkTasks::seed).collect(Collectors.toList()), 3);

        List<Integer> sums = ProcPoolSpark.map(params, Sum.class, spec).map(m -> m.get("sum")).collect();

        assertEquals(SEED_SUMS, sums);
    }

    @Test
    void dataset_seedWorkloadAsBeans_sumsInOrder() {
        PoolSpec spec = PoolSpec.builder().workers(2).maxRetries(1).build();
        Dataset<SeedRow> rows = spark.createDataset(
                SEED_X.stream().map(x -> new SeedRow(x, 15)).collect(Collectors.toList()), Encoders.bean(SeedRow.class))
                .repartition(1);

        List<Integer> sums = ProcPoolSpark.map(rows, SumRows.class, Encoders.bean(SumRow.class), spec).collectAsList()
                .stream().map(SumRow::getSum).collect(Collectors.toList());

        assertEquals(SEED_SUMS, sums);
    }

    @Test
    void rdd_sortedInput_staysSortedAcrossPartitions() {
        PoolSpec spec = PoolSpec.builder().workers(2).window(64).build();
        List<Integer> xs = IntStream.range(0, 5_000).boxed().collect(Collectors.toList());
        JavaRDD<Integer> sorted = jsc.parallelize(xs, 4).sortBy(x -> x, false, 4);

        List<Integer> squares = ProcPoolSpark.map(sorted, Square.class, spec).collect();

        List<Integer> want = xs.stream().sorted(java.util.Comparator.reverseOrder()).map(x -> x * x)
                .collect(Collectors.toList());
        assertEquals(want, squares);
    }

    @Test
    void rdd_workerKilledOnce_retriedInsideExecutorJobSucceeds(@TempDir Path dir) {
        PoolSpec spec = PoolSpec.builder().workers(2).maxRetries(2).window(4096).build();
        List<Once> ops = IntStream.range(0, 40).mapToObj(i -> new Once(dir.resolve("m" + (i % 3 == 0 ? i : -1))
                .toString(), i)).collect(Collectors.toList());

        List<Integer> got = ProcPoolSpark.map(jsc.parallelize(ops, 2), CrashOnce.class, spec).collect();

        assertEquals(IntStream.range(0, 40).boxed().collect(Collectors.toList()), got);
        PoolStats stats = ExecutorPools.stats(spec).orElseThrow();
        assertTrue(stats.workersCrashed() >= 1, "no worker crashed: " + stats);
        assertTrue(stats.tasksRetried() >= 1, "nothing was retried: " + stats);
    }

    @Test
    void rdd_taskThrows_sparkJobFailsWithTheRemoteException() {
        PoolSpec spec = PoolSpec.builder().workers(1).build();
        JavaRDD<Integer> xs = jsc.parallelize(List.of(1, 2, 7, 9), 2);

        SparkException e = assertThrows(SparkException.class, () -> ProcPoolSpark.map(xs, Tricky.class, spec).collect());

        String text = describe(e);
        assertTrue(text.contains("io.procpool.TaskFailedException"), text);
        assertTrue(text.contains("seven is not allowed"), text);
    }

    @Test
    void mapOutcomes_poisonTimeoutAndThrowingElements_failInPlaceOthersSucceed() {
        PoolSpec spec = PoolSpec.builder().workers(2).maxRetries(1).taskTimeout(Duration.ofMillis(1500)).build();
        List<Integer> xs = List.of(1, 7, 2, -1, 3, -2, 4);

        List<Outcome<Integer>> out = ProcPoolSpark.mapOutcomes(jsc.parallelize(xs, 1), Tricky.class, spec).collect();

        assertEquals(xs.size(), out.size());
        for (int i = 0; i < xs.size(); i++) {
            Outcome<Integer> o = out.get(i);
            int x = xs.get(i);
            assertEquals(i, o.index());
            switch (x) {
                case 7 -> {
                    assertEquals("io.procpool.TaskFailedException", o.errorClass(), o.toString());
                    assertTrue(o.errorMessage().contains("seven is not allowed"), o.toString());
                }
                case -1 -> assertEquals("io.procpool.WorkerCrashedException", o.errorClass(), o.toString());
                case -2 -> assertEquals("io.procpool.TaskTimeoutException", o.errorClass(), o.toString());
                default -> assertEquals(x * x, o.value(), o.toString());
            }
        }
    }

    @Test
    void oneSpec_manyPartitionsAndTwoStages_onePoolPerExecutor() {
        PoolSpec spec = PoolSpec.builder().workers(2).maxTasksPerWorker(0).shutdownTimeout(Duration.ofSeconds(3)).build();
        JavaRDD<Integer> xs = jsc.parallelize(IntStream.range(0, 2_000).boxed().collect(Collectors.toList()), 16);

        Set<Long> pids = new HashSet<>(ProcPoolSpark.map(xs, WorkerPid.class, spec).collect());
        JavaRDD<Integer> shuffled = xs.repartition(12);
        pids.addAll(ProcPoolSpark.map(shuffled, WorkerPid.class, spec).collect());

        PoolStats stats = ExecutorPools.stats(spec).orElseThrow();
        assertEquals(2, stats.workersStarted(), "workers started for 28 partitions in two stages: " + stats);
        assertTrue(pids.size() <= 2, "served by " + pids);
    }

    private static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            parts.add(t.toString());
        }
        return String.join("\n  caused by ", parts);
    }
}
