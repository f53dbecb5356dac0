package io.procpool.internal;

import io.procpool.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
final class ClassDataArchive {
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

    private static String key(Path java, List<String> jars) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((java.toAbsolutePath() + "|" + System.getProperty("java.vm.version")).getBytes(StandardCharsets.UTF_8));
            for (String j : jars) {
                Path p = Path.of(j);
                md.update(("|" + p.toAbsolutePath() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
