package io.procpool.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.Task;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the coordinator may build from worker output (PROTOCOL.md, trust model). */
class ClassAllowListTest {
    record Inner(int x) {}

    record Outer(String name, List<Inner> inners) {}

    static final class Gadget {}

    static final class Declared implements Task<Integer, Outer> {
        @Override
        public Outer run(Integer p) {
            return null;
        }
    }

    @Test
    void jdkValueTypes_allowed() {
        ClassAllowList allow = new ClassAllowList(List.of());
        for (Class<?> c : List.of(String.class, Integer.class, Long.class, BigDecimal.class, LocalDate.class,
                UUID.class, HashMap.class, ArrayList.class, TreeSet.class, int[].class, String[][].class)) {
            assertTrue(allow.test(c), c.getName());
        }
        assertTrue(allow.test(List.of(1, 2, 3).getClass()));
        assertTrue(allow.test(Map.of(1, 2).getClass()));
    }

    @Test
    void dangerousOrUnknownClasses_refused() {
        ClassAllowList allow = new ClassAllowList(List.of());
        assertFalse(allow.test(Gadget.class));
        assertFalse(allow.test(Thread.class));
        assertFalse(allow.test(ProcessBuilder.class));
        assertFalse(allow.test(java.net.URL.class));
        assertFalse(allow.test(Gadget[].class));
    }

    @Test
    void declaredTaskTypes_andTypesReachableFromThem_allowed() {
        ClassAllowList allow = new ClassAllowList(List.of());
        assertFalse(allow.test(Outer.class));
        allow.allowTaskTypes(Declared.class);
        assertTrue(allow.test(Outer.class));
        assertTrue(allow.test(Inner.class), "record component's element type");
        assertFalse(allow.test(Gadget.class));
    }

    @Test
    void registeredAndObservedClasses_allowed() {
        ClassAllowList allow = new ClassAllowList(List.of(Gadget.class));
        assertTrue(allow.test(Gadget.class));
        ClassAllowList other = new ClassAllowList(List.of());
        other.observe(Inner.class);
        assertTrue(other.test(Inner.class));
    }
}
