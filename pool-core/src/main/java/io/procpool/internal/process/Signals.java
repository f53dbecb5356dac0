package io.procpool.internal.process;

/** Names for the exit codes a JVM child reports when a signal ended it (128 + signal number). */
public final class Signals {
    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private Signals() {}

    /** The signal name for an exit code above 128, or {@code null}. */
    public static String fromExitCode(int exitCode) {
        int sig = exitCode - 128;
        return sig > 0 && sig < NAMES.length ? NAMES[sig] : null;
    }

    /** "exit code 137 (SIGKILL)" or "exit code 3". */
    public static String describe(int exitCode) {
        String s = fromExitCode(exitCode);
        return "exit code " + exitCode + (s == null ? "" : " (" + s + ")");
    }
}
