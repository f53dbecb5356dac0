package io.procpool.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/** Local Spark sessions for the tests, and the check that none of procpool's processes outlive them. */
final class SparkTestSessions {
    private SparkTestSessions() {}

    static SparkSession local(String name) {
        return local(name, java.util.Map.of());
    }

    /** A {@code local[2]} session on the loopback address, without UI, with {@code extra} settings. */
    static SparkSession local(String name, java.util.Map<String, String> extra) {
        SparkSession.Builder b = SparkSession.builder().master("local[2]").appName(name)
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        extra.forEach(b::config);
        return b.getOrCreate();
    }

    /** Stops Spark and proves that no worker process (no descendant of this JVM) is left. */
    static void stopAndAssertNoProcessLeft(SparkSession spark) throws InterruptedException {
        if (spark != null) {
            spark.stop();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<ProcessHandle> alive;
        do {
            alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).collect(Collectors.toList());
            if (!alive.isEmpty()) {
                Thread.sleep(20); // polled: another process's exit has no event here
            }
        } while (!alive.isEmpty() && System.nanoTime() < deadline);
        List<String> left = alive.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.toList());
        alive.forEach(ProcessHandle::destroyForcibly);
        assertEquals(List.of(), left, "processes left after spark.stop()");
    }
}
