package io.procpool.it.reliability;

/** A task's result together with the pid of the worker that computed it. */
public record Stamp(int value, long pid) {
    static Stamp of(int value) {
        return new Stamp(value, ProcessHandle.current().pid());
    }
}
