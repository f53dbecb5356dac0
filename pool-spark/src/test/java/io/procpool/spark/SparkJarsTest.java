package io.procpool.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task class that reaches the executor only through {@code spark.jars}: the executor loads it
 * with its own class loader, not from {@code java.class.path}, and the workers must still find it.
 * The jar is compiled and packed here, in the test run.
 */
@Timeout(120)
class SparkJarsTest {
    private static final String TASK = "shipped.CubeTask";
    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void startSparkWithTaskJar() throws IOException {
        Path jar = buildTaskJar(dir);
        spark = SparkTestSessions.local("procpool-spark-jars", java.util.Map.of("spark.jars", jar.toUri().toString()));
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stopSpark() throws InterruptedException {
        SparkTestSessions.stopAndAssertNoProcessLeft(spark);
    }

    @Test
    void taskClassOnlyInSparkJars_isNotOnTheTestClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(TASK));
    }

    @Test
    void taskClassShippedWithSparkJars_runsInWorkers_resultsInOrder() {
        List<Integer> xs = IntStream.range(0, 300).boxed().collect(Collectors.toList());
        PoolSpec spec = PoolSpec.builder().workers(2).build();

        List<Long> cubes = ProcPoolSpark.<Integer, Long>map(jsc.parallelize(xs, 3), TASK, spec).collect();

        assertEquals(xs.stream().map(x -> (long) x * x * x).collect(Collectors.toList()), cubes);
        assertTrue(ExecutorPools.stats(spec).orElseThrow().workersStarted() == 2);
    }

    /** Compiles {@code shipped.CubeTask} against procpool's API and packs it into a jar of its own. */
    private static Path buildTaskJar(Path dir) throws IOException {
        Path src = dir.resolve("src/shipped/CubeTask.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package shipped;\n"
                + "public final class CubeTask implements io.procpool.Task<Integer, Long> {\n"
                + "    public Long run(Integer x) { return (long) x * x * x; }\n"
                + "}\n", StandardCharsets.UTF_8);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-cp", System.getProperty("java.class.path"), "-d",
                classes.toString(), src.toString());
        assertEquals(0, rc, "javac failed");
        Path jar = dir.resolve("shipped-task.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("shipped/CubeTask.class"));
            j.write(Files.readAllBytes(classes.resolve("shipped/CubeTask.class")));
            j.closeEntry();
        }
        return jar;
    }
}
