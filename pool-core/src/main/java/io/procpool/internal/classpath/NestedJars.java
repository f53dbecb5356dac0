package io.procpool.internal.classpath;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Turns a class-path URL into a file a worker's {@code -cp} can name. Plain files and
 * {@code jar:file:...!/} need nothing; a jar nested in another jar (Spring Boot's
 * {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/}, or the older {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/})
 * is copied out, and a nested directory ({@code BOOT-INF/classes/}) is written as a jar.
 *
 * <p>Copies live in a content-addressed cache, {@code java.io.tmpdir/procpool-jars-<user>/<sha256
 * prefix>/<name>}, owner-only, shared by pools and runs: a jar is hashed, and only written when no
 * copy with that hash exists. Several JVMs may extract at once: each writes a temporary file and
 * moves it into place atomically, so a reader never sees a partial jar. The file keeps its name
 * ({@code kryo-5.6.2.jar}) so {@link ClassDataArchive} still recognises it.
 */
public final class NestedJars {
    private static final Map<String, Path> RESOLVED = new ConcurrentHashMap<>();
    /** An extraction that has not finished in this long was abandoned by its JVM. */
    private static final long STALE_TMP_MILLIS = 3_600_000;
    private static volatile boolean swept;

    private NestedJars() {}

    /**
     * The local file or directory for a class-path URL, extracting nested content if needed.
     *
     * @return null when the URL is not a file, {@code jar:file} or {@code nested} location
     * @throws IOException when nested content cannot be read or the cache cannot be written
     */
    static Path toPath(URL url) throws IOException {
        return toPath(url.toString());
    }

    /** {@link #toPath(URL)} for a URL as text (a plain JVM has no handler for {@code nested:} URLs). */
    static Path toPath(String s) throws IOException {
        Path known = RESOLVED.get(s);
        if (known != null) {
            return known;
        }
        Path p = resolve(s);
        if (p != null) {
            RESOLVED.put(s, p);
        }
        return p;
    }

    /** {@link #toPath(String)} without this JVM's memo, as another JVM would run it (tests). */
    static Path extractForTest(String url) throws IOException {
        return resolve(url);
    }

    private static Path resolve(String s) throws IOException {
        if (s.startsWith("jar:")) {
            s = s.substring(4);
            if (s.endsWith("!/")) {
                s = s.substring(0, s.length() - 2);
            }
        }
        String outer;
        String inner;
        if (s.startsWith("nested:")) {
            String rest = s.substring("nested:".length());
            int sep = rest.indexOf("/!");
            if (sep < 0) {
                return Path.of(decode(rest));
            }
            outer = decode(rest.substring(0, sep));
            inner = rest.substring(sep + 2);
        } else if (s.startsWith("file:")) {
            int sep = s.indexOf("!/");
            if (sep < 0) {
                return Path.of(java.net.URI.create(s));
            }
            outer = Path.of(java.net.URI.create(s.substring(0, sep))).toString();
            inner = s.substring(sep + 2);
        } else {
            return null;
        }
        if (inner.endsWith("!/")) {
            inner = inner.substring(0, inner.length() - 2);
        }
        if (inner.isEmpty()) {
            return Path.of(outer);
        }
        return inner.endsWith("/") ? extractDirectory(Path.of(outer), inner) : extractJar(Path.of(outer), inner);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Path extractJar(Path outer, String entryName) throws IOException {
        try (ZipFile zip = new ZipFile(outer.toFile())) {
            ZipEntry e = zip.getEntry(entryName);
            if (e == null) {
                throw new IOException("no entry " + entryName + " in " + outer);
            }
            MessageDigest md = sha256();
            try (InputStream in = zip.getInputStream(e)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            String name = entryName.substring(entryName.lastIndexOf('/') + 1);
            Path target = cacheDir().resolve(HexFormat.of().formatHex(md.digest(), 0, 16)).resolve(name);
            if (!Files.isRegularFile(target)) {
                publish(target, out -> {
                    try (InputStream in = zip.getInputStream(e)) {
                        in.transferTo(out);
                    }
                });
            }
            return target;
        }
    }

    /** Writes the entries under {@code prefix} (e.g. {@code BOOT-INF/classes/}) as a jar, prefix removed. */
    private static Path extractDirectory(Path outer, String prefix) throws IOException {
        try (ZipFile zip = new ZipFile(outer.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            MessageDigest md = sha256();
            byte[] buf = new byte[1 << 16];
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.getName().startsWith(prefix) && e.getName().length() > prefix.length()) {
                    entries.add(e);
                    md.update(e.getName().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    if (!e.isDirectory()) {
                        try (InputStream in = zip.getInputStream(e)) {
                            for (int n; (n = in.read(buf)) > 0; ) {
                                md.update(buf, 0, n);
                            }
                        }
                    }
                }
            }
            String base = outer.getFileName().toString().replaceFirst("\\.jar$", "");
            String name = base + "-" + prefix.replace('/', '-').replaceFirst("-$", "") + ".jar";
            Path target = cacheDir().resolve(HexFormat.of().formatHex(md.digest(), 0, 16)).resolve(name);
            if (!Files.isRegularFile(target)) {
                publish(target, out -> {
                    try (ZipOutputStream zout = new ZipOutputStream(out)) {
                        for (ZipEntry e : entries) {
                            zout.putNextEntry(new ZipEntry(e.getName().substring(prefix.length())));
                            if (!e.isDirectory()) {
                                try (InputStream in = zip.getInputStream(e)) {
                                    in.transferTo(zout);
                                }
                            }
                            zout.closeEntry();
                        }
                    }
                });
            }
            return target;
        }
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes to a temporary file next to the cache entries, then moves it into place atomically. */
    private static void publish(Path target, Content content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent().getParent(), "extract-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Path cacheDir() throws IOException {
        Path dir = PrivateDirs.of("procpool-jars");
        if (!swept) {
            swept = true;
            removeStaleTemporaryFiles(dir, System.currentTimeMillis() - STALE_TMP_MILLIS);
        }
        return dir;
    }

    /** Temporary files of extractions whose JVM died before moving them into place. */
    static void removeStaleTemporaryFiles(Path dir, long olderThanMillis) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.startsWith("extract-") && n.endsWith(".tmp")
                        && Files.getLastModifiedTime(f).toMillis() < olderThanMillis) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover file only costs disk space
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
