package io.procpool.examples.spark;

import io.procpool.Task;
import io.procpool.spark.ExecutorPools;
import io.procpool.spark.PoolSpec;
import io.procpool.spark.ProcPoolSpark;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The seed workload through Spark: each executor runs a pool of two worker JVMs and streams its
 * partitions through them. Runs in local mode ({@code local[2]}) unless {@code spark.master} is
 * set, as {@code spark-submit} does on a cluster.
 */
public final class SparkSeedExample {
    private SparkSeedExample() {}

    /** {@code {"sum": param1 + param2}}, run in a worker process. */
    public static final class Sum implements Task<Map<String, Integer>, Map<String, Integer>> {
        @Override
        public Map<String, Integer> run(Map<String, Integer> p) {
            return Map.of("sum", p.get("param1") + p.get("param2"));
        }
    }

    public static void main(String[] args) {
        SparkConf conf = new SparkConf().setAppName("procpool-seed").setIfMissing("spark.master", "local[2]")
                .setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.driver.host", "127.0.0.1")
                .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        List<Integer> xValues = List.of(10, 22, 35, 4, 532, 12, 42, 53, 23);
        PoolSpec spec = PoolSpec.builder().workers(2).build();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            JavaRDD<Map<String, Integer>> params = sc.parallelize(xValues.stream().map(x -> {
                Map<String, Integer> m = new HashMap<>();
                m.put("param1", x);
                m.put("param2", 15);
                return m;
            }).collect(Collectors.toList()), 3);
            List<Integer> sums = ProcPoolSpark.map(params, Sum.class, spec).map(r -> r.get("sum")).collect();
            sums.forEach(System.out::println);
            ExecutorPools.stats(spec).ifPresent(s -> System.err.println("executor pool (local mode: this JVM): "
                    + s.workersStarted() + " workers started, " + s.tasksCompleted() + " elements"));
        }
    }
}
