package io.procpool.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, from {@code /proc/<pid>/status} (Linux). */
public final class ProcMemory {
    private ProcMemory() {}

    /** Whether memory can be read here at all. */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    /** The process's resident set size in bytes ({@code VmRSS}), or -1 if it cannot be read (gone, not Linux). */
    public static long residentBytes(long pid) {
        byte[] status;
        try {
            status = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return parseVmRss(new String(status, StandardCharsets.US_ASCII));
    }

    /** The {@code VmRSS:   1234 kB} line of a status file, in bytes; -1 without one. */
    static long parseVmRss(String status) {
        int at = status.indexOf("\nVmRSS:");
        if (at < 0) {
            return -1;
        }
        int i = at + 7;
        while (i < status.length() && (status.charAt(i) == ' ' || status.charAt(i) == '\t')) {
            i++;
        }
        long kb = 0;
        int digits = 0;
        while (i < status.length() && Character.isDigit(status.charAt(i))) {
            kb = kb * 10 + (status.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : kb * 1024;
    }
}
