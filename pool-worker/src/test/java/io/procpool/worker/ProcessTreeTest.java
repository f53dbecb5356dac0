package io.procpool.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProcessTreeTest {
    /**
     * A session leader (setsid execs in place) starts a background sleep and then becomes a sleep
     * itself; the background sleep is re-parented nowhere yet, but it is found as a session member
     * and killed; the leader (the root) is left to its owner.
     */
    @Test
    void kill_sessionMemberFound_killedButRootLeftAlone() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")) && Files.isReadable(Path.of("/proc/self/stat")));
        Process leader = new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c",
                "sleep 300 </dev/null >/dev/null 2>&1 & echo $!; exec sleep 300").start();
        long member;
        try {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(leader.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                member = Long.parseLong(r.readLine().trim());
            }
            ProcessTree.kill(leader.pid(), true, List.of());

            // Its parent (the leader, now a sleep) never reaps it: dead means gone or a zombie.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (running(member) && System.nanoTime() < deadline) {
                Thread.sleep(10); // not our child: no exit event
            }
            assertFalse(running(member), "member killed");
            assertTrue(leader.isAlive(), "the root is not the tree's to kill");
        } finally {
            leader.destroyForcibly();
            leader.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void exitCaller_namesTheFrameAfterSystemExit() {
        StackTraceElement[] trace = {
            new StackTraceElement("java.lang.Shutdown", "exit", "Shutdown.java", 173),
            new StackTraceElement("java.lang.Runtime", "exit", "Runtime.java", 115),
            new StackTraceElement("java.lang.System", "exit", "System.java", 1863),
            new StackTraceElement("com.x.Y", "run", "Y.java", 12),
        };
        String caller = WorkerShutdown.exitCaller(Map.of(Thread.currentThread(), trace));
        assertTrue(caller.startsWith("com.x.Y.run(Y.java:12) (thread "), caller);
    }

    @Test
    void exitCaller_noThreadInExit_null() {
        StackTraceElement[] trace = {
            new StackTraceElement("java.lang.Shutdown", "exit", "Shutdown.java", 173),
            new StackTraceElement("java.lang.Terminator$1", "handle", "Terminator.java", 51),
        };
        assertFalse(WorkerShutdown.exitCaller(Map.of(Thread.currentThread(), trace)) != null);
    }
}
