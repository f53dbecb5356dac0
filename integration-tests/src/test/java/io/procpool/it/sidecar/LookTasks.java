package io.procpool.it.sidecar;

import io.procpool.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TimeZone;
import java.util.TreeMap;

/** Tasks that report what a worker looks like from inside. */
public final class LookTasks {
    private LookTasks() {}

    /** The non-ASCII file name the tasks and tests use. */
    public static final String CAFE = "caf\u00e9-\u65e5\u672c.txt";

    /** Creates {@link #CAFE} in the given directory and returns its name as listed there. */
    public static final class CreateCafeFile implements Task<String, String> {
        @Override
        public String run(String dir) throws IOException {
            Path p = Files.writeString(Path.of(dir, CAFE), "ok", StandardCharsets.UTF_8);
            return p.getFileName().toString();
        }
    }

    /** Prints the given text on System.out, returns it. */
    public static final class PrintText implements Task<String, String> {
        @Override
        public String run(String text) {
            System.out.println(text);
            return text;
        }
    }

    /** Starts the command named by the argument (found through PATH); returns its output. */
    public static final class RunTool implements Task<String, String> {
        @Override
        public String run(String name) throws Exception {
            Process p = new ProcessBuilder(name).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        }
    }

    /** The worker's encodings, time zone, locale and temp dir. */
    public static final class Settings implements Task<Integer, TreeMap<String, String>> {
        @Override
        public TreeMap<String, String> run(Integer ignored) {
            return LookTasks.settings();
        }
    }

    /** What {@link Settings} reports, computed in the calling JVM. */
    public static TreeMap<String, String> settings() {
        TreeMap<String, String> m = new TreeMap<>();
        m.put("file.encoding", System.getProperty("file.encoding"));
        m.put("sun.jnu.encoding", System.getProperty("sun.jnu.encoding"));
        m.put("java.io.tmpdir", System.getProperty("java.io.tmpdir"));
        m.put("timezone", TimeZone.getDefault().getID());
        m.put("locale", Locale.getDefault().toLanguageTag());
        return m;
    }
}
