package io.procpool.spark;

import io.procpool.Task;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;

/**
 * Runs a procpool {@link Task} over a Spark {@code JavaRDD} or {@code Dataset}, the way PySpark
 * runs Python: each executor JVM keeps its own pool of worker processes ({@link ExecutorPools},
 * one per {@link PoolSpec}, shared by the executor's concurrent Spark tasks) and streams each
 * partition through it. Order is kept within every partition, so a sorted RDD stays sorted;
 * input and output stream with memory bounded by the spec's window. The isolation is the same as
 * on one machine: hard timeouts, crash isolation, per-worker heaps, recycling. A worker crash is
 * retried inside the executor's pool; an element whose task throws fails its Spark task with a
 * {@code TaskFailedException} that carries the remote exception, and Spark's own task retry
 * applies; {@link #mapOutcomes} returns per-element outcomes instead.
 *
 * <pre>{@code
 * JavaRDD<Map<String, Integer>> sums = ProcPoolSpark.map(params, Sum.class, PoolSpec.builder().workers(2).build());
 * }</pre>
 *
 * <p>The task class must be on the executors' class path: in the application jar, or added with
 * {@code spark-submit --jars} / {@code spark.jars}; workers get the same jars.
 */
public final class ProcPoolSpark {
    private static final Set<SparkContext> LISTENING = ConcurrentHashMap.newKeySet();

    private ProcPoolSpark() {}

    /**
     * Runs {@code task} on every element of {@code rdd}; the result has the same partitions, in
     * the same order.
     */
    public static <P, R> JavaRDD<R> map(JavaRDD<P> rdd, Class<? extends Task<P, R>> task, PoolSpec spec) {
        closePoolsWhenDone(rdd.context());
        return rdd.mapPartitions(new PartitionRunner<P, R>(task.getName(), spec), true);
    }

    /**
     * Like {@link #map(JavaRDD, Class, PoolSpec)}, for a task class named by its binary name: for
     * a class the executors have (through {@code spark.jars} or {@code --jars}) but this driver
     * code does not compile against. The class is loaded on each executor with its class loader.
     */
    public static <P, R> JavaRDD<R> map(JavaRDD<P> rdd, String taskClass, PoolSpec spec) {
        closePoolsWhenDone(rdd.context());
        return rdd.mapPartitions(new PartitionRunner<P, R>(taskClass, spec), true);
    }

    /**
     * Like {@link #map(JavaRDD, Class, PoolSpec)}, but a failed element (task threw, poison
     * element, timeout) becomes a failed {@link Outcome} in its place instead of failing the job.
     */
    public static <P, R> JavaRDD<Outcome<R>> mapOutcomes(JavaRDD<P> rdd, Class<? extends Task<P, R>> task,
            PoolSpec spec) {
        closePoolsWhenDone(rdd.context());
        return rdd.mapPartitions(new OutcomeRunner<P, R>(new PartitionRunner<>(task.getName(), spec)), true);
    }

    /** Runs {@code task} on every row of {@code dataset}; {@code encoder} encodes the results. */
    public static <P, R> Dataset<R> map(Dataset<P> dataset, Class<? extends Task<P, R>> task, Encoder<R> encoder,
            PoolSpec spec) {
        closePoolsWhenDone(dataset.sparkSession().sparkContext());
        return dataset.mapPartitions(new PartitionRunner<P, R>(task.getName(), spec), encoder);
    }

    /** In local mode the executor is this JVM: close its pools when the application ends. */
    private static void closePoolsWhenDone(SparkContext sc) {
        if (LISTENING.add(sc)) {
            sc.addSparkListener(new ClosePools(sc));
        }
    }

    /** Closes this JVM's pools at the end of the application. */
    private static final class ClosePools extends SparkListener {
        private final SparkContext sc;

        ClosePools(SparkContext sc) {
            this.sc = sc;
        }

        @Override
        public void onApplicationEnd(SparkListenerApplicationEnd end) {
            LISTENING.remove(sc);
            ExecutorPools.closeAll();
        }
    }

    /** {@link PartitionRunner#outcomes} as a Spark function. */
    private static final class OutcomeRunner<P, R> implements FlatMapFunction<Iterator<P>, Outcome<R>> {
        private static final long serialVersionUID = 1L;
        private final PartitionRunner<P, R> runner;

        OutcomeRunner(PartitionRunner<P, R> runner) {
            this.runner = runner;
        }

        @Override
        public Iterator<Outcome<R>> call(Iterator<P> input) {
            return runner.outcomes(input);
        }
    }
}
