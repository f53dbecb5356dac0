package io.procpool.internal.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * What makes a worker look like its coordinator, besides the environment (which workers inherit
 * unless {@code WorkerPool.Builder.environment} replaces it): the coordinator's
 * {@code file.encoding}, default time zone, default locale, {@code java.io.tmpdir}, and
 * {@code --enable-preview} when the coordinator runs with preview features. These flags come
 * before the user's {@code jvmArgs}, so a user's {@code -D} still wins.
 *
 * <p>{@code sun.jnu.encoding} (file names, command lines) cannot be set by a flag on JDK 17: it
 * follows the locale variables ({@code LANG}, {@code LC_ALL}, {@code LC_CTYPE}), which is why the
 * inherited environment matters: with an empty one, a JDK 17 worker's encodings are ASCII.
 *
 * <p>Cheap on purpose (it runs when a pool opens): preview detection defines a 50-byte class
 * marked as using preview features instead of asking the management API (~35 ms cold).
 */
public final class CoordinatorLook {
    private CoordinatorLook() {}

    /** JVM flags for a worker, computed from the coordinator's state now. */
    static List<String> flags() {
        List<String> flags = new ArrayList<>();
        if (previewEnabled()) {
            flags.add("--enable-preview");
        }
        property(flags, "file.encoding", System.getProperty("file.encoding"));
        property(flags, "java.io.tmpdir", System.getProperty("java.io.tmpdir"));
        property(flags, "user.timezone", TimeZone.getDefault().getID());
        Locale locale = Locale.getDefault();
        property(flags, "user.language", locale.getLanguage());
        property(flags, "user.country", locale.getCountry());
        property(flags, "user.variant", locale.getVariant());
        property(flags, "user.script", locale.getScript());
        return flags;
    }

    private static void property(List<String> flags, String name, String value) {
        if (value != null) {
            flags.add("-D" + name + "=" + value);
        }
    }

    /** Whether this JVM runs with {@code --enable-preview}. */
    static boolean previewEnabled() {
        int major = Runtime.version().feature() + 44;
        byte[] probe = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE,
            (byte) 0xFF, (byte) 0xFF, (byte) (major >> 8), (byte) major, // minor 65535 = uses preview features
            0, 5, // constant pool: #1 Class #2, #2 "Probe", #3 Class #4, #4 "java/lang/Object"
            7, 0, 2, 1, 0, 5, 'P', 'r', 'o', 'b', 'e',
            7, 0, 4, 1, 0, 16, 'j', 'a', 'v', 'a', '/', 'l', 'a', 'n', 'g', '/', 'O', 'b', 'j', 'e', 'c', 't',
            0, 0x21, 0, 1, 0, 3, // public super, this #1, super #3
            0, 0, 0, 0, 0, 0, 0, 0}; // no interfaces, fields, methods, attributes
        try {
            new ProbeLoader().define(probe);
            return true;
        } catch (LinkageError e) {
            return false; // UnsupportedClassVersionError: preview features are off
        }
    }

    /** A throw-away loader for the probe class, so it never meets another class of that name. */
    private static final class ProbeLoader extends ClassLoader {
        ProbeLoader() {
            super(null);
        }

        void define(byte[] b) {
            defineClass(null, b, 0, b.length);
        }
    }
}
