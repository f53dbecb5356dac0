package io.procpool.examples.spark;

import io.procpool.spark.ExecutorPools;
import io.procpool.spark.PoolSpec;
import io.procpool.spark.ProcPoolSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What isolation costs inside Spark: the seed workload over the same cached RDD, as a plain Spark
 * {@code map} in the executor JVM and through procpool (two worker processes per executor),
 * alternating, in one run, in local mode. Every run is printed; run 1 of procpool includes
 * starting its executor pool. Argument: elements (default 200,000).
 */
public final class SparkIsolationBench {
    private static final int RUNS = 5;

    private SparkIsolationBench() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        SparkConf conf = new SparkConf().setAppName("procpool-isolation-bench").setIfMissing("spark.master", "local[2]")
                .setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.driver.host", "127.0.0.1")
                .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        PoolSpec spec = PoolSpec.builder().workers(2).build();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<Map<String, Integer>> data = IntStream.range(0, n).mapToObj(x -> {
                Map<String, Integer> m = new HashMap<>();
                m.put("param1", x);
                m.put("param2", 15);
                return m;
            }).collect(Collectors.toList());
            JavaRDD<Map<String, Integer>> params = sc.parallelize(data, 4).cache();
            params.count();
            long expected = (long) n * (n - 1) / 2 + 15L * n;
            List<String> rows = new ArrayList<>();
            for (int run = 1; run <= RUNS; run++) {
                long t0 = System.nanoTime();
                long plain = params.map(p -> (long) (p.get("param1") + p.get("param2"))).reduce(Long::sum);
                long t1 = System.nanoTime();
                long pooled = ProcPoolSpark.map(params, SparkSeedExample.Sum.class, spec)
                        .map(r -> (long) r.get("sum")).reduce(Long::sum);
                long t2 = System.nanoTime();
                if (plain != expected || pooled != expected) {
                    throw new IllegalStateException("wrong sums: " + plain + ", " + pooled + ", expected " + expected);
                }
                double a = (t1 - t0) / 1e6;
                double b = (t2 - t1) / 1e6;
                rows.add(String.format("| %d | %,.0f ms (%,.0f/s) | %,.0f ms (%,.0f/s) | %.2f× |", run, a, n / a * 1e3, b,
                        n / b * 1e3, b / a));
            }
            System.out.printf("Spark local[2], %,d seed elements in 4 partitions, procpool spec: 2 workers per executor%n%n",
                    n);
            System.out.println("| run | plain Spark `map` (executor JVM) | procpool in Spark | procpool / plain |");
            System.out.println("|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
            ExecutorPools.stats(spec).ifPresent(s -> System.out.printf("%nexecutor pool: %d workers started, %,d elements%n",
                    s.workersStarted(), s.tasksCompleted()));
        }
    }
}
