package io.procpool.it.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Checks and classpath surgery shared by the hardening tests. */
final class HardeningSupport {
    private HardeningSupport() {}

    /** Fails unless {@code e}'s message contains every one of {@code words}, showing the whole message. */
    static void assertMentions(Throwable e, String... words) {
        String msg = String.valueOf(e.getMessage());
        for (String w : words) {
            assertTrue(msg.contains(w), () -> e.getClass().getSimpleName() + " message should contain '" + w
                    + "' but was:\n" + msg);
        }
    }

    /** The directory (or jar) this module's test classes were loaded from. */
    static Path testClassesLocation() {
        try {
            return Path.of(HardeningSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The coordinator's classpath entries, in order. */
    static List<Path> coordinatorClasspath() {
        List<Path> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e));
            }
        }
        return entries;
    }

    /** The coordinator's classpath without the test classes, so workers cannot load them. */
    static List<Path> classpathWithoutTestClasses() throws IOException {
        Path tests = testClassesLocation().toRealPath();
        List<Path> kept = new ArrayList<>();
        boolean removed = false;
        for (Path p : coordinatorClasspath()) {
            if (Files.exists(p) && p.toRealPath().equals(tests)) {
                removed = true;
            } else {
                kept.add(p);
            }
        }
        assertTrue(removed, () -> "test classes " + tests + " not found on java.class.path " + coordinatorClasspath());
        return kept;
    }

    /**
     * Copies each existing classpath entry (jar or directory) to {@code target/NN/<name>}, keeping
     * the order, and returns the copies.
     */
    static List<Path> copyClasspath(List<Path> entries, Path target) throws IOException {
        List<Path> copies = new ArrayList<>();
        int n = 0;
        for (Path e : entries) {
            if (!Files.exists(e)) {
                continue;
            }
            Path dest = target.resolve(String.format("%02d", n++)).resolve(e.getFileName().toString());
            Files.createDirectories(dest.getParent());
            if (Files.isDirectory(e)) {
                try (Stream<Path> walk = Files.walk(e)) {
                    for (Path src : (Iterable<Path>) walk::iterator) {
                        Path to = dest.resolve(e.relativize(src).toString());
                        if (Files.isDirectory(src)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(src, to);
                        }
                    }
                }
            } else {
                Files.copy(e, dest);
            }
            copies.add(dest);
        }
        return copies;
    }

    /** Deletes a file tree. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Copies the class file of a top-level class into {@code dir} (package folders included); returns {@code dir}. */
    static Path copyClassFile(Class<?> c, Path dir) throws IOException {
        String rel = c.getName().replace('.', '/') + ".class";
        Path to = dir.resolve(rel);
        Files.createDirectories(to.getParent());
        Files.copy(testClassesLocation().resolve(rel), to);
        return dir;
    }
}
