package io.procpool.spark;

import io.procpool.PoolException;
import java.io.Serializable;
import java.util.Objects;

/**
 * The outcome of one element in {@link ProcPoolSpark#mapOutcomes}: its result, or why it failed
 * (the exception's class and message, as text, so outcomes stay serializable whatever failed).
 * One bad record then need not fail a job; filter or count the failures instead.
 *
 * @param <R> the task's result type
 */
public final class Outcome<R> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long index;
    private final R value;
    private final String errorClass;
    private final String errorMessage;

    private Outcome(long index, R value, String errorClass, String errorMessage) {
        this.index = index;
        this.value = value;
        this.errorClass = errorClass;
        this.errorMessage = errorMessage;
    }

    static <R> Outcome<R> ok(long index, R value) {
        return new Outcome<>(index, value, null, null);
    }

    static <R> Outcome<R> failed(long index, PoolException e) {
        return new Outcome<>(index, null, e.getClass().getName(), e.getMessage());
    }

    /** The element's position within its partition. */
    public long index() {
        return index;
    }

    /** Whether the element produced a result. */
    public boolean isSuccess() {
        return errorClass == null;
    }

    /**
     * The result.
     *
     * @throws IllegalStateException when the element failed
     */
    public R value() {
        if (!isSuccess()) {
            throw new IllegalStateException("element " + index + " failed: " + errorClass + ": " + errorMessage);
        }
        return value;
    }

    /** The failure's exception class ({@code io.procpool.TaskFailedException}, ...), or null on success. */
    public String errorClass() {
        return errorClass;
    }

    /** The failure's message (it holds the remote exception for a task that threw), or null on success. */
    public String errorMessage() {
        return errorMessage;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Outcome<?> other && index == other.index && Objects.equals(value, other.value)
                && Objects.equals(errorClass, other.errorClass) && Objects.equals(errorMessage, other.errorMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, value, errorClass, errorMessage);
    }

    @Override
    public String toString() {
        return isSuccess() ? "Outcome[" + index + ": " + value + "]"
                : "Outcome[" + index + " failed: " + errorClass + ": " + errorMessage + "]";
    }
}
