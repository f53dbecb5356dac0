package io.procpool.internal;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which classes the coordinator may create from worker output (the trust boundary, see
 * PROTOCOL.md). Allowed: plain JDK value and collection types; classes the user registered; the
 * declared {@code P} and {@code R} of each task class used, and the types reachable from their
 * fields and record components; and every class the coordinator itself serialized as a parameter
 * (the user handed us those). Everything else is refused before instantiation.
 */
final class ClassAllowList implements Predicate<Class<?>> {
    private static final int MAX_DEPTH = 4;
    /** Stateless JDK comparators a sorted collection may carry (a wrapped comparator is checked on its own). */
    private static final Set<String> JDK_COMPARATORS = Set.of("java.util.Collections$ReverseComparator",
            "java.util.Collections$ReverseComparator2", "java.lang.String$CaseInsensitiveComparator",
            "java.util.Comparators$NaturalOrderComparator");
    private final Set<Class<?>> allowed = ConcurrentHashMap.newKeySet();
    private final Set<Class<?>> scannedTasks = ConcurrentHashMap.newKeySet();

    ClassAllowList(Collection<Class<?>> registered) {
        registered.forEach(allowed::add);
    }

    @Override
    public boolean test(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c.isPrimitive() || allowed.contains(c) || isJdkValueType(c);
    }

    /** Records a class this side wrote by name. */
    void observe(Class<?> c) {
        allowed.add(c);
    }

    /** Allows the declared parameter and result types of a task class, once per class. */
    void allowTaskTypes(Class<?> taskClass) {
        if (!scannedTasks.add(taskClass)) {
            return;
        }
        for (Class<?> c = taskClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == io.procpool.Task.class) {
                    for (Type arg : p.getActualTypeArguments()) {
                        allowType(arg, 0);
                    }
                }
            }
        }
    }

    private void allowType(Type t, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.isPrimitive() || isJdkValueType(c) || c.getName().startsWith("java.") || !allowed.add(c)) {
                return;
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    allowType(rc.getGenericType(), depth + 1);
                }
            } else {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                        allowType(f.getGenericType(), depth + 1);
                    }
                }
            }
        } else if (t instanceof ParameterizedType p) {
            allowType(p.getRawType(), depth);
            for (Type a : p.getActualTypeArguments()) {
                allowType(a, depth + 1);
            }
        } else if (t instanceof GenericArrayType g) {
            allowType(g.getGenericComponentType(), depth);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                allowType(b, depth);
            }
        }
    }

    /**
     * JDK classes that carry data and run no user-chosen code when Kryo rebuilds them: boxed
     * primitives, strings, java.math, java.time, and java.util collections (their comparators, if
     * any, are checked separately because they arrive by name too).
     */
    static boolean isJdkValueType(Class<?> c) {
        String n = c.getName();
        if (c == String.class || c == Boolean.class || c == Character.class || Number.class.isAssignableFrom(c)
                && (n.startsWith("java.lang.") || n.startsWith("java.math.") || n.startsWith("java.util.concurrent.atomic."))) {
            return true;
        }
        if (JDK_COMPARATORS.contains(n)) {
            return true;
        }
        if (n.startsWith("java.time.") || n.equals("java.util.UUID") || n.equals("java.util.Date")
                || n.equals("java.util.Currency") || n.equals("java.util.Locale")) {
            return true;
        }
        return n.startsWith("java.util.") && (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c));
    }
}
