package io.procpool.protocol;

/**
 * Pairs of classes whose names differ only in {@code Safe}/{@code Trap}, so a test can serialize
 * the safe one and rename it in the bytes. Each trap records whether it was ever initialised or
 * constructed; the flags live here so reading them does not initialise the trap itself.
 */
final class Traps {
    static volatile boolean boxInitialized;
    static volatile boolean boxConstructed;
    static volatile boolean enumInitialized;
    static volatile boolean recInitialized;
    static volatile boolean recConstructed;

    private Traps() {}

    /** Harmless twin of {@link TrapBox}. */
    public static final class SafeBox {
        public int value;

        public SafeBox() {}

        SafeBox(int value) {
            this.value = value;
        }
    }

    /** Must never be touched by a codec that does not allow it. */
    public static final class TrapBox {
        static {
            boxInitialized = true;
        }

        public int value;

        public TrapBox() {
            boxConstructed = true;
        }
    }

    /** Harmless twin of {@link TrapEnum}. */
    public enum SafeEnum {
        ONE, TWO
    }

    /** Must never be touched by a codec that does not allow it. */
    public enum TrapEnum {
        ONE, TWO;

        static {
            enumInitialized = true;
        }
    }

    /** Harmless twin of {@link TrapRec}. */
    public record SafeRec(int value) {}

    /** Must never be touched by a codec that does not allow it. */
    public record TrapRec(int value) {
        static {
            recInitialized = true;
        }

        public TrapRec {
            recConstructed = true;
        }
    }
}
