package io.procpool.worker;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and kills the processes a worker started, for both sides: the worker kills its own on
 * the exit paths it controls, the coordinator kills those of a worker that died (halt, SIGKILL,
 * crash) or that it killed. Not part of procpool's API (public only so {@code pool-core} can use
 * it).
 *
 * <p>Each worker is started as the leader of its own session (via {@code setsid}, Linux), so its
 * session id is its pid and every process it starts inherits that session, even after it is
 * re-parented to init because its parent exited (a double fork, {@code sh -c 'cmd &'}). On Linux,
 * session members are found by reading {@code /proc/<pid>/stat}; pure Java, no {@code kill} or
 * {@code ps} binary. The kernel does not hand out a pid that is still some live process's session
 * id, so the scan cannot confuse a recycled pid with a live session of ours.
 *
 * <p>Limits: a descendant that calls {@code setsid()} itself (daemons, {@code setsid cmd}) and
 * whose parent then exits leaves both the session and the process tree; nothing short of a
 * cgroup or {@code PR_SET_CHILD_SUBREAPER} (neither available to plain Java) can find it. Such a
 * process is still killed while it is a descendant (the worker kills its descendants on exit,
 * the coordinator takes a snapshot of them before it kills a worker). Without {@code /proc}
 * (macOS, Windows) only descendants are found.
 */
public final class ProcessTree {
    private static final File PROC = new File("/proc");

    private ProcessTree() {}

    /** Whether session members can be listed ({@code /proc} with stat files). */
    public static boolean canScanSessions() {
        return new File(PROC, "self/stat").canRead();
    }

    /**
     * The live processes whose session id is {@code sid}, except the caller. Empty without
     * {@code /proc}.
     */
    public static List<ProcessHandle> sessionMembers(long sid) {
        List<ProcessHandle> found = new ArrayList<>();
        String[] names = PROC.list();
        if (names == null) {
            return found;
        }
        long self = ProcessHandle.current().pid();
        byte[] buf = new byte[1024];
        for (String name : names) {
            if (name.isEmpty() || name.charAt(0) < '0' || name.charAt(0) > '9') {
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(name);
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == self) {
                continue;
            }
            long session = sessionOf(new File(PROC, name + "/stat"), buf);
            if (session == sid) {
                ProcessHandle.of(pid).ifPresent(found::add);
            }
        }
        return found;
    }

    /** Field 6 of a stat file (session id), or -1 when the process is gone. */
    private static long sessionOf(File stat, byte[] buf) {
        int n;
        try (InputStream in = new FileInputStream(stat)) {
            n = in.read(buf);
        } catch (IOException e) {
            return -1;
        }
        if (n <= 0) {
            return -1;
        }
        // pid (comm) state ppid pgrp session ...; comm may hold spaces and ')', so start after the last ')'.
        String s = new String(buf, 0, n, StandardCharsets.US_ASCII);
        int at = s.lastIndexOf(')');
        if (at < 0) {
            return -1;
        }
        String[] f = s.substring(at + 1).trim().split(" ", 5);
        if (f.length < 4 || f[0].equals("Z") || f[0].equals("X")) {
            return -1; // zombies are dead already
        }
        try {
            return Long.parseLong(f[3]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * SIGKILLs the given processes and every live member of session {@code sid} (skipped when
     * {@code sid <= 0}); never the caller. Returns how many were signalled.
     */
    public static int kill(long sid, List<ProcessHandle> known) {
        int n = 0;
        long self = ProcessHandle.current().pid();
        for (ProcessHandle p : known) {
            if (p.pid() != self && p.isAlive() && p.destroyForcibly()) {
                n++;
            }
        }
        if (sid > 0) {
            // Twice: a member may fork between the listing and the kill.
            for (int round = 0; round < 2; round++) {
                for (ProcessHandle p : sessionMembers(sid)) {
                    if (p.destroyForcibly()) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** The live descendants of {@code p}; empty when it is gone. */
    public static List<ProcessHandle> descendants(ProcessHandle p) {
        List<ProcessHandle> list = new ArrayList<>();
        try {
            p.descendants().forEach(list::add);
        } catch (RuntimeException e) {
            // the process table changed under us: what we have is the best we can do
        }
        return list;
    }
}
