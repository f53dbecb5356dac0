package io.procpool.worker;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and kills the processes a worker started, for both sides: the worker kills its own on
 * the exit paths it controls, the coordinator kills those of a worker that died (halt, SIGKILL,
 * crash) or that it killed. Not part of procpool's API (public only so {@code pool-core} can use
 * it).
 *
 * <p>Each worker is started as the leader of its own session (via {@code setsid}, Linux), so its
 * session id is its pid and every process it starts inherits that session, even after it is
 * re-parented to init because its parent exited (a double fork, {@code sh -c 'cmd &'}). On Linux,
 * one pass over {@code /proc/<pid>/stat} finds the session's members and the descendants (by
 * parent pid); pure Java, no {@code kill} or {@code ps} binary. The kernel does not hand out a pid
 * that is still some live process's session id, so a recycled pid is never taken for a live
 * session of ours.
 *
 * <p>Limits: a descendant that calls {@code setsid()} itself (daemons, {@code setsid cmd}) and
 * whose parent then exits leaves both the session and the process tree; nothing short of a
 * cgroup or {@code PR_SET_CHILD_SUBREAPER} (neither available to plain Java) can find it. Such a
 * process is still killed while it is a descendant (the worker kills its descendants on exit,
 * the coordinator takes a snapshot of them before it kills a worker). Without {@code /proc}
 * (macOS, Windows) only descendants are found, through {@link ProcessHandle#descendants()}.
 *
 * <p>The worker calls this while it exits, on a cold JVM, so the scan uses no lambdas and no
 * streams (their first use costs tens of milliseconds).
 */
public final class ProcessTree {
    private static final File PROC = new File("/proc");

    private ProcessTree() {}

    /**
     * SIGKILLs {@code known}, the descendants of {@code root} and, when {@code session} is true,
     * every member of the session whose id is {@code root}; never the caller. Returns how many
     * processes were signalled.
     */
    public static int kill(long root, boolean session, List<ProcessHandle> known) {
        return kill(root, session, true, known);
    }

    /**
     * What {@link #kill(long, boolean, List)} does for a root that has already been reaped: its
     * pid may belong to an unrelated process by now, so nothing is taken for being that pid's
     * child; only {@code known} handles (which check the start time) and the members of the session
     * {@code root} led (a pid is not reused while a session refers to it), with their descendants.
     */
    public static int killLeftovers(long root, boolean session, List<ProcessHandle> known) {
        return kill(root, session, false, known);
    }

    private static int kill(long root, boolean session, boolean rootAlive, List<ProcessHandle> known) {
        long self = ProcessHandle.current().pid();
        int n = 0;
        for (int i = 0; i < known.size(); i++) {
            ProcessHandle p = known.get(i);
            if (p.pid() != self && p.destroyForcibly()) {
                n++;
            }
        }
        if (!new File(PROC, "self/stat").canRead()) {
            Optional<ProcessHandle> r = rootAlive ? ProcessHandle.of(root) : Optional.empty();
            if (r.isPresent()) {
                for (ProcessHandle p : descendants(r.get())) {
                    if (p.pid() != self && p.destroyForcibly()) {
                        n++;
                    }
                }
            }
            return n;
        }
        // Again while there was something to kill: a member may fork between the scan and the kill.
        for (int round = 0; round < 3; round++) {
            long[] doomed = scan(root, session, rootAlive, self);
            if (doomed.length == 0) {
                break;
            }
            for (long pid : doomed) {
                Optional<ProcessHandle> p = ProcessHandle.of(pid);
                if (p.isPresent() && p.get().destroyForcibly()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The live descendants of {@code p}, for a snapshot before it is killed; empty when it is gone. */
    public static List<ProcessHandle> descendants(ProcessHandle p) {
        List<ProcessHandle> list = new ArrayList<>();
        try {
            p.descendants().forEach(list::add);
        } catch (RuntimeException e) {
            // the process table changed under us: what we have is the best we can do
        }
        return list;
    }

    /**
     * Pids of live (not zombie) processes in session {@code root} or below {@code root} (by parent
     * pid only while {@code rootAlive}), not {@code self}.
     */
    private static long[] scan(long root, boolean session, boolean rootAlive, long self) {
        String[] names = PROC.list();
        if (names == null) {
            return new long[0];
        }
        int count = 0;
        long[] pids = new long[names.length];
        long[] ppids = new long[names.length];
        long[] sids = new long[names.length];
        byte[] buf = new byte[512];
        for (String name : names) {
            if (name.isEmpty() || name.charAt(0) < '0' || name.charAt(0) > '9') {
                continue;
            }
            long[] stat = stat(new File(PROC, name + "/stat"), buf);
            if (stat != null) {
                pids[count] = stat[0];
                ppids[count] = stat[1];
                sids[count] = stat[2];
                count++;
            }
        }
        boolean[] take = new boolean[count];
        boolean grew = true;
        while (grew) { // descendants: children of root, then their children...
            grew = false;
            for (int i = 0; i < count; i++) {
                if (!take[i] && ((rootAlive && ppids[i] == root) || isTaken(ppids[i], pids, take, count)
                        || (session && sids[i] == root))) {
                    take[i] = true;
                    grew = true;
                }
            }
        }
        int k = 0;
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            if (take[i] && pids[i] != self && pids[i] != root) {
                out[k++] = pids[i];
            }
        }
        // root itself is killed by whoever owns it (the coordinator) or is the caller (the worker)
        long[] trimmed = new long[k];
        System.arraycopy(out, 0, trimmed, 0, k);
        return trimmed;
    }

    private static boolean isTaken(long pid, long[] pids, boolean[] take, int count) {
        for (int i = 0; i < count; i++) {
            if (pids[i] == pid) {
                return take[i];
            }
        }
        return false;
    }

    /** {pid, ppid, session} from a stat file, or null when the process is gone or a zombie. */
    private static long[] stat(File file, byte[] buf) {
        int n;
        try (InputStream in = new FileInputStream(file)) {
            n = in.read(buf);
        } catch (IOException e) {
            return null;
        }
        // pid (comm) state ppid pgrp session ...; comm may hold spaces and ')', so parse after the last ')'.
        int at = -1;
        for (int i = 0; i < n; i++) {
            if (buf[i] == ')') {
                at = i;
            }
        }
        if (at < 0 || at + 3 >= n || buf[at + 2] == 'Z' || buf[at + 2] == 'X') {
            return null;
        }
        long[] fields = new long[4]; // ppid, pgrp, session, tty
        int f = -1;
        for (int i = at + 3; i < n && f < 3; i++) {
            byte b = buf[i];
            if (b == ' ') {
                f++;
            } else if (f >= 0 && b >= '0' && b <= '9') {
                fields[f] = fields[f] * 10 + (b - '0');
            }
        }
        long pid = 0;
        for (int i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) {
            pid = pid * 10 + (buf[i] - '0');
        }
        return new long[] {pid, fields[0], fields[2]};
    }
}
