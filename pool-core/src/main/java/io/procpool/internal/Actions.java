package io.procpool.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Action}s of one {@link Scheduler} event, in the order decided; plus, for
 * {@link Scheduler#results}, the elements the RESULT frame answered.
 */
final class Actions {
    private final List<Action> list = new ArrayList<>(4);
    private TaskUnit[] answered;

    void answered(TaskUnit[] units) {
        answered = units;
    }

    void add(Action a) {
        list.add(a);
    }

    List<Action> list() {
        return list;
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    TaskUnit[] answered() {
        return answered;
    }
}
