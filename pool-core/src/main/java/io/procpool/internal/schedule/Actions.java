package io.procpool.internal.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Action}s of one {@link Scheduler} event, in the order decided; plus, for
 * {@link Scheduler#results}, the elements the RESULT frame answered.
 */
public final class Actions {
    private final List<Action> list = new ArrayList<>(4);
    private TaskUnit[] answered;

    public void answered(TaskUnit[] units) {
        answered = units;
    }

    void add(Action a) {
        list.add(a);
    }

    public List<Action> list() {
        return list;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public TaskUnit[] answered() {
        return answered;
    }
}
