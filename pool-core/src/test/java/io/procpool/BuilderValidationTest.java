package io.procpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every setting rejects a bad value at once, naming the setting, the allowed range and the value. */
class BuilderValidationTest {
    private static void rejects(String expectedMessage, Executable set) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, set);
        assertEquals(expectedMessage, e.getMessage());
    }

    @Test
    void ranges_outOfBounds_messageNamesSettingRangeAndValue() {
        WorkerPool.Builder b = WorkerPool.builder();
        rejects("workers must be between 1 and 512, was 0", () -> b.workers(0));
        rejects("workers must be between 1 and 512, was 513", () -> b.workers(513));
        rejects("maxRetries must be between 0 and 100, was -1", () -> b.maxRetries(-1));
        rejects("maxTasksPerWorker must be between 0 and 2147483647, was -5", () -> b.maxTasksPerWorker(-5));
        rejects("window must be between 1 and 16777216, was 0", () -> b.window(0));
        rejects("batchSize must be between 0 and 65536, was 65537", () -> b.batchSize(65537));
        rejects("maxFrameBytes must be between 4096 and 1073741824, was 100", () -> b.maxFrameBytes(100));
    }

    @Test
    void durations_zeroNegativeOrNull_rejected() {
        WorkerPool.Builder b = WorkerPool.builder();
        rejects("taskTimeout must be a positive duration, was PT0S", () -> b.taskTimeout(Duration.ZERO));
        rejects("startupTimeout must be a positive duration, was PT-1S", () -> b.startupTimeout(Duration.ofSeconds(-1)));
        rejects("shutdownTimeout must be a positive duration, was null", () -> b.shutdownTimeout(null));
    }

    @Test
    void otherSettings_badValues_rejectedWithTheReason() {
        WorkerPool.Builder b = WorkerPool.builder();
        rejects("jvmArgs must each start with '-' (a JVM option), was Xmx1g", () -> b.jvmArgs("Xmx1g"));
        rejects("classpath must not be empty, was ' '", () -> b.classpath(" "));
        rejects("javaExecutable must not be null", () -> b.javaExecutable(null));
        rejects("environment entries need a non-empty name without '=' and a value, was A=B=c",
                () -> b.environment(Map.of("A=B", "c")));
        rejects("register: class must not be null", () -> b.register((Class<?>) null));
        rejects("listener must not be null", () -> b.listener(null));
        rejects("progress mode must not be null", () -> b.progress(null));
    }

    @Test
    void progressOptions_badValues_rejected() {
        rejects("total must be >= 0, was -1", () -> Progress.on().total(-1));
        rejects("label must not be null", () -> Progress.auto().label(null));
    }

    @Test
    void validValues_accepted_andBuilderIsFluent() {
        WorkerPool.Builder b = WorkerPool.builder().workers(512).maxRetries(0).maxTasksPerWorker(0).window(1)
                .batchSize(0).maxFrameBytes(4096).taskTimeout(Duration.ofMillis(1)).jvmArgs("-Xmx64m")
                .environment(Map.of("K", "")).progress(Progress.Mode.OFF);
        // Accepted: none of the calls above threw. Fluent: each setter returns the same builder.
        assertSame(b, b.workers(1));
        assertSame(b, b.shutdownTimeout(Duration.ofSeconds(1)));
    }
}
