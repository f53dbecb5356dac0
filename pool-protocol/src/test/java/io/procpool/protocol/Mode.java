package io.procpool.protocol;

/** A user-style enum; FAST has a constant-specific body, so its runtime class is an anonymous subclass. */
public enum Mode {
    SLOW,
    FAST {
        @Override
        int speed() {
            return 2;
        }
    };

    int speed() {
        return 1;
    }
}
