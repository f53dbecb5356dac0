package io.procpool.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live worker process of every pool in this JVM, so one shutdown hook can take them down
 * when the coordinator exits without closing its pools. (Children also exit on their own when
 * their stdin closes; the hook makes it immediate and reaps them.)
 */
final class ChildRegistry {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Thread HOOK = new Thread(ChildRegistry::killAll, "procpool-shutdown");

    static {
        Runtime.getRuntime().addShutdownHook(HOOK);
    }

    private ChildRegistry() {}

    static void add(Process p) {
        LIVE.add(p);
    }

    static void remove(Process p) {
        LIVE.remove(p);
    }

    private static void killAll() {
        for (Process p : LIVE) {
            p.destroyForcibly();
        }
    }
}
