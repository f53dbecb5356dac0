package io.procpool.it.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With default settings a worker looks like its coordinator: environment, encodings, zone, locale,
 * temp dir. (A tool on the coordinator's PATH: {@link StandaloneCoordinatorTest}.)
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class WorkerLookTest {
    @Test
    void defaultEnvironment_taskCreatesNonAsciiFileName(@TempDir Path dir) throws Exception {
        try (WorkerPool pool = WorkerPool.open(1)) {
            String name = pool.submit(LookTasks.CreateCafeFile.class, dir.toString()).get(30, TimeUnit.SECONDS);

            assertEquals(LookTasks.CAFE, name);
            assertTrue(Files.exists(dir.resolve(LookTasks.CAFE)), "the coordinator sees " + LookTasks.CAFE);
        }
    }

    @Test
    void defaultEnvironment_isTheCoordinators() throws Exception {
        try (WorkerPool pool = WorkerPool.open(1)) {
            TreeMap<String, String> env = pool.submit(io.procpool.it.hardening.HardeningTasks.Environment.class, 0)
                    .get(30, TimeUnit.SECONDS);

            assertEquals(new TreeMap<>(System.getenv()), env);
        }
    }

    @Test
    void worker_seesCoordinatorsEncodingZoneLocaleAndTmpdir() throws Exception {
        TimeZone zone = TimeZone.getDefault();
        Locale locale = Locale.getDefault();
        // Not this machine's defaults, so equality proves they were passed on, not found again.
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        Locale.setDefault(Locale.JAPAN);
        try (WorkerPool pool = WorkerPool.open(1)) {
            TreeMap<String, String> seen = pool.submit(LookTasks.Settings.class, 0).get(30, TimeUnit.SECONDS);

            assertEquals(LookTasks.settings(), seen);
            assertEquals("Asia/Tokyo", seen.get("timezone"));
            assertEquals("ja-JP", seen.get("locale"));
        } finally {
            TimeZone.setDefault(zone);
            Locale.setDefault(locale);
        }
    }

    @Test
    void jvmArgs_overrideInheritedSettings() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1)
                .jvmArgs("-Duser.timezone=America/New_York", "-Duser.language=fr", "-Duser.country=CA").open()) {
            TreeMap<String, String> seen = pool.submit(LookTasks.Settings.class, 0).get(30, TimeUnit.SECONDS);

            assertEquals("America/New_York", seen.get("timezone"));
            assertEquals("fr-CA", seen.get("locale"));
        }
    }

    @Test
    void explicitEmptyEnvironment_replacesInheritedOne_encodingStillCoordinators() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).environment(Map.of()).open()) {
            TreeMap<String, String> env = pool.submit(io.procpool.it.hardening.HardeningTasks.Environment.class, 0)
                    .get(30, TimeUnit.SECONDS);
            TreeMap<String, String> seen = pool.submit(LookTasks.Settings.class, 0).get(30, TimeUnit.SECONDS);

            assertEquals(Map.of(), env);
            assertEquals(System.getProperty("file.encoding"), seen.get("file.encoding"),
                    "file.encoding is passed as a flag, whatever the environment");
        }
    }
}
