package io.procpool.it.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.it.NoLeftoverWorkers;
import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** procpool in an application on the module path ({@code it-apps/modular-app}). */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModulePathTest {
    /** The jars procpool needs at run time, by file-name prefix. */
    private static final List<String> RUNTIME_JARS = List.of("pool-core-", "pool-worker-", "pool-protocol-", "kryo5-",
            "slf4j-api-");

    /** Copies procpool's jars (from this JVM's class path) and the app's jar into one directory. */
    private static Path modulesDir(Path dir) throws Exception {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName().toString();
            if (RUNTIME_JARS.stream().anyMatch(name::startsWith)) {
                assertTrue(name.endsWith(".jar"), () -> p + " should be a jar (run with -pl integration-tests -am verify)");
                Files.copy(p, dir.resolve(name));
            }
        }
        Path app = AppRun.builtJar("procpool.it.modularJar");
        Files.copy(app, dir.resolve(app.getFileName()));
        return dir;
    }

    @Test
    void modulePath_appOpensPoolAndRunsTask_sumsInOrder(@TempDir Path tmp) throws Exception {
        Path dir = modulesDir(tmp);
        AppRun app = AppRun.run(List.of(AppRun.java().toString(), "-p", dir.toString(), "-m", "app/app.Main"), 90);
        app.assertExitedNormally();
        assertEquals("app", app.line("module:"), "the app ran as a named module");
        assertEquals("25 37 50 19 547 27 57 68 38", app.line("sums:"));
        assertEquals("25 37 50 19 547 27 57 68 38", app.line("records:"), "the module's own records as P and R");
        app.assertWorkersGone();
    }

    @Test
    void procpoolJars_haveModuleNames_andNoPackageInTwoJars(@TempDir Path tmp) throws Exception {
        Map<String, String> owner = new HashMap<>();
        for (ModuleReference m : ModuleFinder.of(modulesDir(tmp)).findAll()) {
            ModuleDescriptor d = m.descriptor();
            for (String pkg : d.packages()) {
                String before = owner.put(pkg, d.name());
                assertTrue(before == null, () -> "package " + pkg + " is in both " + before + " and " + d.name());
            }
        }
        assertEquals("io.procpool", owner.get("io.procpool"));
        assertEquals("io.procpool", owner.get("io.procpool.internal"));
        assertEquals("io.procpool.worker", owner.get("io.procpool.worker"));
        assertEquals("io.procpool.protocol", owner.get("io.procpool.protocol"));
    }
}
