package io.procpool.internal.classpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
public class NestedJarsTest {
    private static byte[] innerJar(String entry, String content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return b.toByteArray();
    }

    /** A jar laid out like a Spring Boot executable jar, with a unique payload so each test gets fresh cache entries. */
    private static Path bootJar(Path dir, String payload) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        m.getMainAttributes().putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        Path jar = dir.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream z = new JarOutputStream(out, m)) {
            z.putNextEntry(new ZipEntry("BOOT-INF/classes/app/Main.class"));
            z.write(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
            ZipEntry lib = new ZipEntry("BOOT-INF/lib/kryo5-5.6.0.jar");
            z.putNextEntry(lib);
            z.write(innerJar("k/K.class", payload));
            z.closeEntry();
        }
        return jar;
    }

    @Test
    void toPath_nestedJar_extractedOnceUnderItsNameInPrivateCache(@TempDir Path dir) throws Exception {
        Path app = bootJar(dir, "lib-" + System.nanoTime());
        String url = "jar:nested:" + app + "/!BOOT-INF/lib/kryo5-5.6.0.jar!/";
        Path p = NestedJars.toPath(url);
        assertEquals("kryo5-5.6.0.jar", p.getFileName().toString(), "keeps its name, so the CDS archive takes it");
        assertTrue(p.startsWith(NestedJars.cacheDir()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(NestedJars.cacheDir())));
        try (ZipFile z = new ZipFile(p.toFile()); ZipFile outer = new ZipFile(app.toFile())) {
            assertTrue(z.getEntry("k/K.class") != null);
            assertArrayEquals(outer.getInputStream(outer.getEntry("BOOT-INF/lib/kryo5-5.6.0.jar")).readAllBytes(),
                    Files.readAllBytes(p));
        }
        long written = Files.getLastModifiedTime(p).toMillis();
        assertEquals(p, NestedJars.toPath(url));
        assertEquals(written, Files.getLastModifiedTime(p).toMillis(), "not rewritten");
    }

    @Test
    void toPath_nestedClassesDirectory_writtenAsJarWithoutPrefix(@TempDir Path dir) throws Exception {
        Path app = bootJar(dir, "classes-" + System.nanoTime());
        Path p = NestedJars.toPath("jar:nested:" + app + "/!BOOT-INF/classes/!/");
        try (ZipFile z = new ZipFile(p.toFile())) {
            assertTrue(z.getEntry("app/Main.class") != null, "entries lose the BOOT-INF/classes/ prefix");
        }
    }

    @Test
    void toPath_plainFileAndJarFileUrls_needNoExtraction(@TempDir Path dir) throws Exception {
        Path app = bootJar(dir, "plain");
        assertEquals(app, NestedJars.toPath(app.toUri().toString()));
        assertEquals(app, NestedJars.toPath("jar:" + app.toUri() + "!/"));
        assertEquals(null, NestedJars.toPath("jrt:/java.base"));
    }

    @Test
    void expandExecutableJars_bootJarOnUserClasspath_becomesClassesAndLibs(@TempDir Path dir) throws Exception {
        Path app = bootJar(dir, "expand-" + System.nanoTime());
        String cp = WorkerClasspath.expandExecutableJars(app + java.io.File.pathSeparator + "/x/other.jar");
        String[] parts = cp.split(java.io.File.pathSeparator);
        assertEquals(3, parts.length, cp);
        assertTrue(parts[0].endsWith("app-BOOT-INF-classes.jar"), cp);
        assertTrue(parts[1].endsWith("kryo5-5.6.0.jar"), cp);
        assertEquals("/x/other.jar", parts[2]);
    }

    @Test
    void removeStaleTemporaryFiles_deletesOnlyOldExtractionLeftovers(@TempDir Path dir) throws Exception {
        Path old = Files.createFile(dir.resolve("extract-1.tmp"));
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000));
        Path fresh = Files.createFile(dir.resolve("extract-2.tmp"));
        Path jar = Files.createFile(dir.resolve("kept.jar"));
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_000));
        NestedJars.removeStaleTemporaryFiles(dir, System.currentTimeMillis() - 60_000);
        assertTrue(!Files.exists(old));
        assertTrue(Files.exists(fresh), "an extraction may still be running");
        assertTrue(Files.exists(jar));
    }

    @Test
    void extract_manyThreadsAtOnce_allSeeTheSameCompleteFile(@TempDir Path dir) throws Exception {
        Path app = bootJar(dir, "race-" + System.nanoTime());
        String url = "jar:nested:" + app + "/!BOOT-INF/lib/kryo5-5.6.0.jar!/";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // uncached path: every thread extracts, as separate JVMs would
                Callable<Path> c = () -> NestedJars.extractForTest(url);
                results.add(pool.submit(c));
            }
            Path first = results.get(0).get(20, TimeUnit.SECONDS);
            for (Future<Path> f : results) {
                Path p = f.get(20, TimeUnit.SECONDS);
                assertEquals(first, p);
                try (ZipFile z = new ZipFile(p.toFile())) {
                    assertTrue(z.getEntry("k/K.class") != null);
                }
            }
            try (var files = Files.list(first.getParent().getParent())) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
