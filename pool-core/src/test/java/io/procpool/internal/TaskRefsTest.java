package io.procpool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.InvalidTaskException;
import io.procpool.Task;
import io.procpool.internal.schedule.TaskRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRefsTest {
    /** A task with arguments, as users write them. */
    public record Resize(int width, int height) implements Task<String, String> {
        @Override
        public String run(String p) {
            return p + width + "x" + height;
        }
    }

    /** Holds a field Kryo cannot write. */
    public record HoldsThread(Thread thread) implements Task<String, String> {
        @Override
        public String run(String p) {
            return p;
        }
    }

    /** Not a record, and no no-arg constructor: Kryo could not recreate it in a worker. */
    public static final class NoNoArg implements Task<String, String> {
        final int n;

        public NoNoArg(int n) {
            this.n = n;
        }

        @Override
        public String run(String p) {
            return p;
        }
    }

    /** An inner class: its outer instance would travel with it. */
    public final class Inner implements Task<String, String> {
        @Override
        public String run(String p) {
            return p;
        }
    }

    private static TaskRefs refs() {
        return new TaskRefs(new TaskClasses(), () -> new Codecs(List.of(), new ClassAllowList(List.of()), 1 << 20,
                TaskRefsTest.class.getClassLoader()).newWriter());
    }

    @Test
    void of_equalRecords_shareOneRef_differentOnesDoNot() {
        TaskRefs r = refs();
        TaskRef a = r.of(new Resize(800, 600));

        assertSame(a, r.of(new Resize(800, 600)), "equal bytes: one instance per worker");
        TaskRef b = r.of(new Resize(640, 480));
        assertNotSame(a, b);
        assertNotEquals(a.id, b.id);
        assertTrue(a.id > 0 && b.id > 0, "0 means the class's no-arg instance on the wire");
        assertEquals(Resize.class.getName(), a.className);
    }

    @Test
    void intern_boundedByEntries_evictsLeastRecentlyUsed() {
        TaskRefs r = new TaskRefs(new TaskClasses(), () -> null, 2, Long.MAX_VALUE);
        TaskRef one = r.intern(Resize.class, new byte[] {1});
        TaskRef two = r.intern(Resize.class, new byte[] {2});
        assertSame(one, r.intern(Resize.class, new byte[] {1})); // 2 is now the eldest

        r.intern(Resize.class, new byte[] {3});

        assertEquals(2, r.size());
        assertSame(one, r.intern(Resize.class, new byte[] {1}));
        TaskRef twoAgain = r.intern(Resize.class, new byte[] {2});
        assertNotEquals(two.id, twoAgain.id, "forgotten bytes come back under a new id");
    }

    @Test
    void intern_boundedByBytes() {
        TaskRefs r = new TaskRefs(new TaskClasses(), () -> null, 100, 10);
        for (int i = 0; i < 50; i++) {
            r.intern(Resize.class, new byte[] {(byte) i, 0, 0, 0});
        }
        assertEquals(2, r.size(), "two 4-byte entries fit in 10 bytes");
        r.intern(Resize.class, new byte[20]);
        assertEquals(0, r.size(), "an entry larger than the bound is not kept at all");
    }

    @Test
    void intern_sameBytesOtherClass_notShared() {
        TaskRefs r = new TaskRefs(new TaskClasses(), () -> null);
        assertNotSame(r.intern(Resize.class, new byte[] {1}), r.intern(NoNoArg.class, new byte[] {1}));
    }

    @Test
    void of_unserializable_failsNamingClassAndFix() {
        InvalidTaskException e = assertThrows(InvalidTaskException.class,
                () -> refs().of(new HoldsThread(new Thread(() -> {}))));
        assertTrue(e.getMessage().contains(HoldsThread.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be serialized"), e.getMessage());
        assertTrue(e.getMessage().contains("transient"), e.getMessage());
    }

    @Test
    void of_invalidInstances_failNamingTheFix() {
        TaskRefs r = refs();
        Task<String, String> lambda = p -> p;
        assertMessage(() -> r.of(lambda), "lambda, anonymous or local class", "use a record");
        assertMessage(() -> r.of(new NoNoArg(1)), NoNoArg.class.getName(), "no-arg constructor");
        assertMessage(() -> r.of(new Inner()), "inner (non-static) class", "make the class static");
        assertMessage(() -> r.of(null), "task instance is null");
        assertMessage(() -> r.of("not a task"), "does not implement io.procpool.Task");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... words) {
        InvalidTaskException e = assertThrows(InvalidTaskException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing in: " + e.getMessage());
        }
    }
}
