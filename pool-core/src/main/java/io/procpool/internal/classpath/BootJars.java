package io.procpool.internal.classpath;

import io.procpool.PoolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Spring Boot executable jars named on a user's classpath: what their launcher would load. */
public final class BootJars {
    private BootJars() {}

    /**
     * The extracted {@code BOOT-INF/classes} and {@code BOOT-INF/lib} jars of a Spring Boot
     * executable jar, or null when {@code jar} is not one (or cannot be read).
     */
    static List<String> expand(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        String classes;
        String lib;
        List<String> libs = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            Manifest m = jf.getManifest();
            if (m == null) {
                return null;
            }
            Attributes a = m.getMainAttributes();
            classes = a.getValue("Spring-Boot-Classes");
            lib = a.getValue("Spring-Boot-Lib");
            if (classes == null || lib == null) {
                return null;
            }
            String index = a.getValue("Spring-Boot-Classpath-Index");
            ZipEntry idx = index == null ? null : jf.getEntry(index);
            if (idx != null) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(jf.getInputStream(idx),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        // - "BOOT-INF/lib/x.jar"
                        String t = line.trim();
                        if (t.startsWith("- ")) {
                            libs.add(t.substring(2).replace("\"", ""));
                        }
                    }
                }
            } else {
                for (Enumeration<? extends ZipEntry> en = jf.entries(); en.hasMoreElements(); ) {
                    String n = en.nextElement().getName();
                    if (n.startsWith(lib) && n.endsWith(".jar")) {
                        libs.add(n);
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        List<String> out = new ArrayList<>();
        String base = "jar:nested:" + jar.toAbsolutePath() + "/!";
        try {
            out.add(NestedJars.toPath(base + classes + "!/").toString());
            for (String l : libs) {
                out.add(NestedJars.toPath(base + l + "!/").toString());
            }
        } catch (IOException e) {
            throw new PoolException("cannot extract the Spring Boot executable jar " + jar + " on the worker classpath: "
                    + e, e);
        }
        return out;
    }
}
