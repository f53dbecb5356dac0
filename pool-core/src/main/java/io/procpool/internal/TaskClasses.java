package io.procpool.internal;

import io.procpool.InvalidTaskException;
import io.procpool.Task;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Checks a task class or task instance in the coordinator before any parameter is sent for it. */
final class TaskClasses {
    private final Set<Class<?>> valid = ConcurrentHashMap.newKeySet();
    private final Set<Class<?>> validInstanceTypes = ConcurrentHashMap.newKeySet();

    /**
     * Checks that a worker can recreate {@code task} from its Kryo bytes: a class it can load by
     * name, not an inner class (its outer instance would travel too), and a record or a class with
     * a no-arg constructor of any visibility (what Kryo calls in the worker). Unlike a task class,
     * it need not be public nor have a public constructor.
     *
     * @throws InvalidTaskException naming the class and the fix
     */
    void checkInstance(Object task) {
        if (task == null) {
            throw new InvalidTaskException("task instance is null");
        }
        Class<?> c = task.getClass();
        if (validInstanceTypes.contains(c)) {
            return;
        }
        String name = c.getName();
        if (!(task instanceof Task)) {
            throw new InvalidTaskException("class " + name + " does not implement io.procpool.Task");
        }
        if (c.isHidden() || c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            throw new InvalidTaskException("task instance of class " + name + " is a lambda, anonymous or local class;"
                    + " a worker recreates a task instance from its class name and fields: use a record (or a"
                    + " top-level or static nested class) that implements io.procpool.Task");
        }
        if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
            throw new InvalidTaskException("task instance of class " + name + " is of an inner (non-static) class,"
                    + " whose outer instance would travel with it; make the class static or a record");
        }
        if (!c.isRecord()) {
            try {
                c.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                throw new InvalidTaskException("task instance of class " + name + " has no no-arg constructor, which"
                        + " Kryo needs to recreate it in a worker; make the class a record or add a no-arg"
                        + " constructor (any visibility)");
            }
        }
        validInstanceTypes.add(c);
    }

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
