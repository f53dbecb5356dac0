package io.procpool.internal.process;

import io.procpool.internal.classpath.PrivateDirs;
import io.procpool.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application class-data sharing for workers. Most of a worker's start-up is loading and
 * initialising Kryo; a dynamic CDS archive of those classes halves it. The archive can only
 * cover jar files at the front of the classpath, so the worker classpath is reordered to start
 * with the procpool and Kryo jars (the user's entries follow, unchanged in order). The first pool
 * that finds no archive for its JDK and jar set dumps one in the background, in a private
 * directory under {@code java.io.tmpdir}; later workers use it. A stale or unusable archive is
 * ignored by the JVM ({@code -Xshare:auto}).
 */
public final class ClassDataArchive {
    private static final Logger LOG = LoggerFactory.getLogger("io.procpool.WorkerPool");
    private static final String[] JAR_PREFIXES = {"kryo5-", "pool-protocol-",
        "pool-worker-"};
    private static final Set<Path> DUMPING = ConcurrentHashMap.newKeySet();
    private static final int KEEP_ARCHIVES = 8;

    /** The worker classpath to use and the extra JVM flags. */
    record Plan(String classpath, List<String> flags) {}

    private ClassDataArchive() {}

    static Plan plan(Path java, String classpath) {
        List<String> jars = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            (isArchivable(e) ? jars : rest).add(e);
        }
        if (jars.isEmpty()) {
            return new Plan(classpath, List.of());
        }
        List<String> ordered = new ArrayList<>(jars);
        ordered.addAll(rest);
        String cp = String.join(File.pathSeparator, ordered);
        String jarPath = String.join(File.pathSeparator, jars);
        try {
            Path dir = privateDir();
            Path archive = dir.resolve(key(java, jars) + ".jsa");
            if (Files.size(archive) > 0) {
                return new Plan(cp, List.of("-XX:SharedArchiveFile=" + archive));
            }
        } catch (IOException | RuntimeException e) {
            // no archive yet (or no usable directory): fall through
        }
        dumpInBackground(java, jarPath, jars);
        return new Plan(cp, List.of());
    }

    private static boolean isArchivable(String entry) {
        if (!entry.endsWith(".jar")) {
            return false;
        }
        String name = Path.of(entry).getFileName().toString();
        for (String p : JAR_PREFIXES) {
            if (name.startsWith(p)) {
                return Files.isRegularFile(Path.of(entry));
            }
        }
        return false;
    }

    private static Path privateDir() throws IOException {
        return PrivateDirs.of("procpool-cds");
    }

    /**
     * Names the archive after the JDK and the jars' paths, sizes and modification times. A 96-bit
     * FNV-1a hash, not a MessageDigest: loading the security providers for SHA-256 cost ~40 ms of a
     * cold coordinator's first {@code open}, before the first worker was spawned. A collision
     * would only offer a worker an archive whose jars do not match, which {@code -Xshare:auto}
     * checks and ignores.
     */
    static String key(Path java, List<String> jars) throws IOException {
        StringBuilder sb = new StringBuilder(java.toAbsolutePath().toString()).append('|')
                .append(System.getProperty("java.vm.version"));
        for (String j : jars) {
            Path p = Path.of(j);
            sb.append('|').append(p.toAbsolutePath()).append('|').append(Files.size(p)).append('|')
                    .append(Files.getLastModifiedTime(p).toMillis());
        }
        return hex(fnv1a(sb, 0xcbf29ce484222325L)) + hex(fnv1a(sb.reverse(), 0x84222325cbf29ce4L)).substring(0, 8);
    }

    private static long fnv1a(CharSequence s, long basis) {
        long h = basis;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    private static void dumpInBackground(Path java, String jarPath, List<String> jars) {
        Path archive;
        try {
            archive = privateDir().resolve(key(java, jars) + ".jsa");
        } catch (IOException | RuntimeException e) {
            LOG.debug("no class-data sharing for workers: {}", e.toString());
            return;
        }
        if (!DUMPING.add(archive)) {
            return;
        }
        Thread t = new Thread(() -> dump(java, jarPath, archive), "procpool-cds-dump");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Keeps the most recently written archives; every rebuilt jar set makes a new one. */
    private static void pruneOldArchives(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa"))
                    .sorted(java.util.Comparator.comparing((Path f) -> {
                        try {
                            return Files.getLastModifiedTime(f).toMillis();
                        } catch (IOException e) {
                            return 0L;
                        }
                    }).reversed())
                    .collect(java.util.stream.Collectors.toList());
            for (Path old : archives.subList(Math.min(archives.size(), KEEP_ARCHIVES), archives.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not prune old class-data archives: {}", e.toString());
        }
    }

    private static void dump(Path java, String jarPath, Path archive) {
        Path tmp = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Process p = null;
        try {
            p = new ProcessBuilder(java.toString(), "-XX:ArchiveClassesAtExit=" + tmp, "-XX:-UsePerfData", "-cp", jarPath,
                    WorkerMain.class.getName(), WorkerMain.WARM_UP)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            ChildRegistry.add(p);
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(tmp) > 0) {
                Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.debug("worker class-data archive written: {}", archive);
                pruneOldArchives(archive.getParent());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("worker class-data archive not written: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (p != null) {
                p.destroyForcibly();
                ChildRegistry.remove(p);
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
