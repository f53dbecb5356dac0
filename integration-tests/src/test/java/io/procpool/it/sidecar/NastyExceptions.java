package io.procpool.it.sidecar;

import io.procpool.Task;

/** A task that throws exceptions whose own methods misbehave. */
public final class NastyExceptions implements Task<String, String> {
    @Override
    public String run(String kind) {
        switch (kind) {
            case "message" -> throw new MessageThrows();
            case "stack" -> throw new NullStack("no stack");
            case "cause" -> throw new CauseThrows("cause throws");
            case "error" -> throw new ErrorInMessage();
            default -> {
                return kind;
            }
        }
    }

    /** {@code getMessage()} and {@code toString()} throw. */
    public static final class MessageThrows extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage is broken");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString is broken");
        }
    }

    /** {@code getStackTrace()} returns {@code null}. */
    public static final class NullStack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NullStack(String m) {
            super(m);
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            return null;
        }
    }

    /** {@code getCause()} throws. */
    public static final class CauseThrows extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CauseThrows(String m) {
            super(m);
        }

        @Override
        public synchronized Throwable getCause() {
            throw new UnsupportedOperationException("getCause is broken");
        }
    }

    /** {@code getMessage()} throws an {@code Error}. */
    public static final class ErrorInMessage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new AssertionError("getMessage is very broken");
        }
    }
}
