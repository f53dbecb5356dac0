package io.procpool.spark;

import io.procpool.PoolException;
import io.procpool.Task;
import io.procpool.WorkerPool;
import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * Runs on an executor, once per partition: streams the partition through the executor's pool and
 * returns the results lazily, in the partition's order, so memory stays bounded by the pool's
 * window. The task class travels by name and is loaded with the executor's class loader (the
 * one that holds {@code spark.jars} and the application jar).
 */
final class PartitionRunner<P, R> implements FlatMapFunction<Iterator<P>, R>, MapPartitionsFunction<P, R>,
        Serializable {
    private static final long serialVersionUID = 1L;

    private final String taskClass;
    private final PoolSpec spec;

    PartitionRunner(String taskClass, PoolSpec spec) {
        this.taskClass = taskClass;
        this.spec = spec;
    }

    @Override
    public Iterator<R> call(Iterator<P> input) {
        return results(input).iterator();
    }

    /** The partition's results as a stream, closed (and its remaining work dropped) when the Spark task ends. */
    Stream<R> results(Iterator<P> input) {
        ClassLoader loader = loader();
        WorkerPool pool = ExecutorPools.get(spec, loader);
        Iterable<P> once = () -> input;
        Stream<R> results = pool.map(load(loader), once);
        TaskContext ctx = TaskContext.get();
        if (ctx != null) {
            ctx.addTaskCompletionListener(new CloseOnCompletion(results));
        }
        return results;
    }

    /** Per-element outcomes: a failed element becomes an {@link Outcome} instead of failing the Spark task. */
    Iterator<Outcome<R>> outcomes(Iterator<P> input) {
        Iterator<R> it = results(input).iterator();
        return new Iterator<>() {
            private long index;
            /** A failure met while looking ahead (a stream iterator advances in {@code hasNext}). */
            private PoolException pending;

            @Override
            public boolean hasNext() {
                if (pending != null) {
                    return true;
                }
                try {
                    return it.hasNext();
                } catch (PoolException e) {
                    pending = e;
                    return true;
                }
            }

            @Override
            public Outcome<R> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long i = index++;
                if (pending != null) {
                    PoolException e = pending;
                    pending = null;
                    return Outcome.failed(i, e);
                }
                try {
                    return Outcome.ok(i, it.next());
                } catch (PoolException e) {
                    return Outcome.failed(i, e);
                }
            }
        };
    }

    private static ClassLoader loader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : PartitionRunner.class.getClassLoader();
    }

    @SuppressWarnings("unchecked")
    private Class<? extends Task<P, R>> load(ClassLoader loader) {
        Class<?> c;
        try {
            c = Class.forName(taskClass, false, loader);
        } catch (ClassNotFoundException e) {
            throw new PoolException("task class " + taskClass + " is not on this executor's class path; ship its jar"
                    + " with the application (spark-submit --jars or spark.jars)", e);
        }
        if (!Task.class.isAssignableFrom(c)) {
            throw new PoolException(taskClass + " does not implement io.procpool.Task on this executor (is"
                    + " procpool-core on the class path twice, in two class loaders?)", null);
        }
        return (Class<? extends Task<P, R>>) c;
    }

    /** Closes a partition's result stream when its Spark task ends, early (limit, failure) or not. */
    private static final class CloseOnCompletion implements org.apache.spark.util.TaskCompletionListener {
        private final Stream<?> results;

        CloseOnCompletion(Stream<?> results) {
            this.results = results;
        }

        @Override
        public void onTaskCompletion(TaskContext context) {
            results.close();
        }
    }
}
