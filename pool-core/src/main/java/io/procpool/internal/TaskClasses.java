package io.procpool.internal;

import io.procpool.InvalidTaskException;
import io.procpool.Task;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Checks a task class in the coordinator before any parameter is sent for it. */
final class TaskClasses {
    private final Set<Class<?>> valid = ConcurrentHashMap.newKeySet();

    void check(Class<?> c) {
        if (c == null) {
            throw new InvalidTaskException("task class is null");
        }
        if (valid.contains(c)) {
            return;
        }
        String name = c.getName();
        if (!Task.class.isAssignableFrom(c)) {
            throw new InvalidTaskException("class " + name + " does not implement io.procpool.Task");
        }
        if (c.isHidden() || c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            throw new InvalidTaskException("class " + name + " is a lambda, anonymous or local class; a worker can"
                    + " only load a task class by name: use a top-level or static nested class");
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            throw new InvalidTaskException("task class " + name + " is abstract; pass a concrete class");
        }
        if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
            throw new InvalidTaskException("task class " + name + " is an inner (non-static) class; make it static");
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            throw new InvalidTaskException("task class " + name + " is not public; make it public so a worker can"
                    + " create it");
        }
        try {
            c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new InvalidTaskException("task class " + name + " has no public no-arg constructor; add one (it runs"
                    + " once per worker, like an initializer)");
        }
        valid.add(c);
    }
}
