package io.procpool.internal.process;

import io.procpool.worker.ProcessTree;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live worker process of every pool in this JVM, so one shutdown hook can take them down
 * when the coordinator exits without closing its pools: each worker with the processes it started
 * (its descendants and its session, see {@link ProcessTree}), unless its pool keeps them. Children
 * also exit on their own when their channel closes; the hook makes it immediate.
 */
public final class ChildRegistry {
    /** Live workers, and whether their process trees go with them. */
    private static final Map<Process, Boolean> LIVE = new ConcurrentHashMap<>();
    private static final Thread HOOK = new Thread(ChildRegistry::killAll, "procpool-shutdown");

    static {
        Runtime.getRuntime().addShutdownHook(HOOK);
    }

    private ChildRegistry() {}

    /** A process whose children are none of procpool's business. */
    public static void add(Process p) {
        add(p, false);
    }

    public static void add(Process p, boolean withTree) {
        LIVE.put(p, withTree);
    }

    public static void remove(Process p) {
        LIVE.remove(p);
    }

    private static void killAll() {
        LIVE.forEach((p, withTree) -> {
            if (withTree) {
                ProcessTree.kill(p.pid(), Launcher.ownSession(), List.of());
            }
            p.toHandle().destroyForcibly();
        });
    }
}
