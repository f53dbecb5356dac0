package io.procpool.protocol;

import java.util.Arrays;

/**
 * A throwable as plain data: class name, message, stack frames and cause chain. Encoded without
 * Kryo, so the coordinator never instantiates an exception class chosen by a worker.
 *
 * @param className the throwable's class name
 * @param message its message, may be {@code null}
 * @param stackTrace its frames (at most {@value #MAX_FRAMES})
 * @param cause the cause, or {@code null} (at most {@value #MAX_DEPTH} levels)
 */
public record RemoteError(String className, String message, StackTraceElement[] stackTrace, RemoteError cause) {
    static final int MAX_FRAMES = 256;
    static final int MAX_DEPTH = 16;

    /**
     * Captures a throwable and its causes. Never throws for a throwable that misbehaves: a
     * {@code getMessage()} that throws becomes a message saying so, a {@code null} or throwing
     * {@code getStackTrace()} no frames, a throwing {@code getCause()} no cause.
     */
    public static RemoteError of(Throwable t) {
        return of(t, 0);
    }

    private static RemoteError of(Throwable t, int depth) {
        Throwable c;
        try {
            c = t.getCause();
        } catch (Throwable e) {
            rethrowFatal(e);
            c = null;
        }
        RemoteError cause = c != null && c != t && depth < MAX_DEPTH ? of(c, depth + 1) : null;
        return new RemoteError(t.getClass().getName(), messageOf(t), framesOf(t), cause);
    }

    /**
     * {@code t.getMessage()}, or a note naming what {@code getMessage()} threw instead; safe for
     * any throwable.
     */
    public static String messageOf(Throwable t) {
        try {
            return t.getMessage();
        } catch (Throwable e) {
            rethrowFatal(e);
            return "(message unavailable: getMessage() threw " + e.getClass().getName() + ")";
        }
    }

    /** {@code ClassName: message} like {@code Throwable.toString()}, but safe for any throwable. */
    public static String describe(Throwable t) {
        String m = messageOf(t);
        return t.getClass().getName() + (m == null ? "" : ": " + m);
    }

    /** Out of memory and internal JVM errors are not the task's misbehaviour: let them end the worker. */
    private static void rethrowFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
    }

    private static StackTraceElement[] framesOf(Throwable t) {
        StackTraceElement[] st;
        try {
            st = t.getStackTrace();
        } catch (Throwable e) {
            rethrowFatal(e);
            st = null;
        }
        if (st == null) {
            return new StackTraceElement[0];
        }
        StackTraceElement[] frames = new StackTraceElement[Math.min(st.length, MAX_FRAMES)];
        int n = 0;
        for (int i = 0; i < st.length && n < frames.length; i++) {
            StackTraceElement f = st[i];
            if (f != null && f.getClassName() != null && f.getMethodName() != null) {
                frames[n++] = f;
            }
        }
        return n == frames.length ? frames : Arrays.copyOf(frames, n);
    }

    /**
     * A smaller copy that encodes to roughly {@code budget} bytes at most: the message cut to a
     * quarter of it, as many top stack frames as fit, and no causes.
     */
    public static RemoteError trimmed(RemoteError e, int budget) {
        int messageChars = Math.max(16, budget / 4);
        String msg = e.message == null || e.message.length() <= messageChars ? e.message
                : e.message.substring(0, messageChars) + "... (" + e.message.length() + " chars)";
        int frames = 0;
        int used = e.className.length() + (msg == null ? 0 : msg.length() * 3) + 16;
        while (frames < e.stackTrace.length && used + frameSize(e.stackTrace[frames]) < budget) {
            used += frameSize(e.stackTrace[frames++]);
        }
        return new RemoteError(e.className, msg, Arrays.copyOf(e.stackTrace, frames), null);
    }

    private static int frameSize(StackTraceElement f) {
        return (f.getClassName().length() + f.getMethodName().length()
                + (f.getFileName() == null ? 0 : f.getFileName().length())) * 3 + 16;
    }

    /** A remote error with a message and no frames, for failures the worker detects itself. */
    public static RemoteError message(String className, String message) {
        return new RemoteError(className, message, new StackTraceElement[0], null);
    }

    /** Writes this error into {@code w}. */
    public void encode(PayloadWriter w) {
        RemoteError e = this;
        int depth = 0;
        for (RemoteError x = this; x != null; x = x.cause) {
            depth++;
        }
        w.writeVarInt(depth);
        while (e != null) {
            w.writeString(e.className).writeString(e.message).writeVarInt(e.stackTrace.length);
            for (StackTraceElement f : e.stackTrace) {
                w.writeString(f.getClassName()).writeString(f.getMethodName()).writeString(f.getFileName())
                        .writeVarInt(Math.min(Math.max(-2, f.getLineNumber()), Integer.MAX_VALUE - 2) + 2);
            }
            e = e.cause;
        }
    }

    /** Reads an error written by {@link #encode}. */
    public static RemoteError decode(PayloadReader r) throws ProtocolException {
        int depth = r.readVarInt();
        if (depth < 1 || depth > MAX_DEPTH + 1) {
            throw new ProtocolException("malformed error: cause depth " + depth);
        }
        String[] names = new String[depth];
        String[] messages = new String[depth];
        StackTraceElement[][] traces = new StackTraceElement[depth][];
        for (int i = 0; i < depth; i++) {
            names[i] = r.readString();
            messages[i] = r.readString();
            int frames = r.readVarInt();
            if (frames > MAX_FRAMES || frames > r.remaining()) {
                throw new ProtocolException("malformed error: " + frames + " stack frames");
            }
            traces[i] = new StackTraceElement[frames];
            for (int f = 0; f < frames; f++) {
                String cls = r.readString();
                String method = r.readString();
                String file = r.readString();
                int line = r.readVarInt() - 2;
                if (cls == null || method == null) {
                    throw new ProtocolException("malformed error: stack frame without class or method");
                }
                traces[i][f] = new StackTraceElement(cls, method, file, line);
            }
            if (names[i] == null) {
                throw new ProtocolException("malformed error: no class name");
            }
        }
        RemoteError e = null;
        for (int i = depth - 1; i >= 0; i--) {
            e = new RemoteError(names[i], messages[i], traces[i], e);
        }
        return e;
    }

    /** Formats like {@code Throwable.printStackTrace}, for messages and logs. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (RemoteError e = this; e != null; e = e.cause) {
            if (e != this) {
                sb.append("Caused by: ");
            }
            sb.append(e.className);
            if (e.message != null) {
                sb.append(": ").append(e.message);
            }
            sb.append('\n');
            for (StackTraceElement f : e.stackTrace) {
                sb.append("\tat ").append(f).append('\n');
            }
        }
        return sb.toString();
    }
}
