package io.procpool.it.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.procpool.it.NoLeftoverWorkers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * procpool inside real Spring Boot executable jars, run with {@code java -jar}: Spring Boot 3.5
 * ({@code it-apps/spring-boot-app}) and 4.0 ({@code it-apps/spring-boot4-app}, same sources).
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SpringBootAppTest {
    private static final String SUMS = "25 37 50 19 547 27 57 68 38";

    @Test
    void springBootFatJar_tasksFromClassesAndLib_sumsInOrder() throws Exception {
        assertAppSumsFromClassesAndLib("procpool.it.bootJar");
    }

    @Test
    void springBootFatJar_classpathSetToTheAppJar_sumsInOrder() throws Exception {
        assertAppSumsFromClassesAndLib("procpool.it.bootJar", "app-jar-classpath");
    }

    @Test
    void springBoot4FatJar_tasksFromClassesAndLib_sumsInOrder() throws Exception {
        assertAppSumsFromClassesAndLib("procpool.it.boot4Jar");
    }

    /**
     * Runs the executable jar named by system property {@code jarProperty} with {@code java -jar}
     * and {@code args}: it exits normally, both task classes (from {@code BOOT-INF/classes} and
     * from a jar in {@code BOOT-INF/lib}) give the seed sums in order, and its workers are gone.
     */
    private static void assertAppSumsFromClassesAndLib(String jarProperty, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(AppRun.java().toString(), "-jar",
                AppRun.builtJar(jarProperty).toString()));
        command.addAll(List.of(args));
        AppRun app = AppRun.run(command, 150);
        app.assertExitedNormally();
        assertEquals(SUMS, app.line("classes:"), "task class from BOOT-INF/classes");
        assertEquals(SUMS, app.line("lib:"), "task class from a jar in BOOT-INF/lib");
        app.assertWorkersGone();
    }
}
