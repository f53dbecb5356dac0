package io.procpool.it.hardening;

import io.procpool.it.SharedPool;
import static io.procpool.it.hardening.HardeningSupport.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.procpool.InvalidTaskException;
import io.procpool.Task;
import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.hardening.HardeningTasks.ExplodingConstructor;
import io.procpool.it.core.CoreTasks.Square;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * Classes that cannot be tasks are refused by the calling method, before any input is pulled;
 * task classes that fail only in the worker fail their elements; the pool serves a valid task
 * class afterwards in every case. One shared pool of one worker, which must survive every test.
 * A task class missing from the worker's classpath is in {@link WorkerClasspathTest}.
 */
@Timeout(60)
class TaskClassValidationTest {
    @RegisterExtension
    static final SharedPool SHARED = new SharedPool(() -> WorkerPool.open(1))
            .afterEach(SharedPool.stillMaps(Square.class, List.of(2, 3), List.of(4L, 9L)));

    /** Not a task at all: has a {@code run} method but does not implement {@link Task}. */
    public static final class NotATask {
        public Integer run(Integer x) {
            return x;
        }
    }

    /** Abstract task class. */
    public abstract static class AbstractTask implements Task<Integer, Integer> {}

    /** Only a constructor with arguments. */
    public static final class NeedsArgument implements Task<Integer, Integer> {
        private final int offset;

        public NeedsArgument(int offset) {
            this.offset = offset;
        }

        @Override
        public Integer run(Integer x) {
            return x + offset;
        }
    }

    /** A no-arg constructor, but not a public one. */
    public static final class PrivateConstructor implements Task<Integer, Integer> {
        private PrivateConstructor() {}

        @Override
        public Integer run(Integer x) {
            return x;
        }
    }

    /** Static but not public. */
    static final class PackagePrivateTask implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            return x;
        }
    }

    /** Non-static: needs an enclosing instance a worker does not have. */
    public final class InnerTask implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            return x;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<? extends Task<Integer, Integer>> asTaskClass(Class<?> c) {
        return (Class) c;
    }

    /**
     * Every entry point refuses {@code c} with {@link InvalidTaskException} naming the class and
     * the given words, without pulling any input.
     */
    private static void assertRefusedEverywhere(Class<?> c, String... words) {
        Class<? extends Task<Integer, Integer>> task = asTaskClass(c);
        AtomicInteger pulled = new AtomicInteger();
        Stream<Integer> input = Stream.of(1, 2, 3).peek(x -> pulled.incrementAndGet());
        List<Executable> calls = List.of(
                () -> SHARED.pool().map(task, input),
                () -> SHARED.pool().map(task, List.of(1, 2, 3)),
                () -> SHARED.pool().mapUnordered(task, Stream.of(1, 2, 3).peek(x -> pulled.incrementAndGet())),
                () -> SHARED.pool().mapUnordered(task, List.of(1, 2, 3)),
                () -> SHARED.pool().submit(task, 1));
        List<String> names = List.of("map(Stream)", "map(Iterable)", "mapUnordered(Stream)", "mapUnordered(Iterable)",
                "submit");
        List<String> expected = new ArrayList<>(List.of(words));
        expected.add(0, c.getName());
        for (int i = 0; i < calls.size(); i++) {
            InvalidTaskException e = assertThrows(InvalidTaskException.class, calls.get(i), names.get(i));
            assertMentions(e, expected.toArray(new String[0]));
            assertEquals(-1, e.index());
        }
        assertEquals(0, pulled.get(), "input elements pulled for a refused task class");
    }

    @Test
    void allEntryPoints_classNotImplementingTask_refusedWithInvalidTaskException() {
        assertRefusedEverywhere(NotATask.class, "does not implement io.procpool.Task");
    }

    @Test
    void allEntryPoints_abstractClass_refusedWithInvalidTaskException() {
        assertRefusedEverywhere(AbstractTask.class, "abstract", "concrete class");
    }

    @Test
    void allEntryPoints_onlyConstructorTakesArguments_refusedWithInvalidTaskException() {
        assertRefusedEverywhere(NeedsArgument.class, "no public no-arg constructor", "add one");
    }

    @Test
    void allEntryPoints_privateNoArgConstructor_refusedWithInvalidTaskException() {
        assertRefusedEverywhere(PrivateConstructor.class, "no public no-arg constructor", "add one");
    }

    @Test
    void allEntryPoints_nonPublicClass_refusedWithInvalidTaskException() {
        assertRefusedEverywhere(PackagePrivateTask.class, "not public", "make it public");
    }

    @Test
    void allEntryPoints_innerNonStaticClass_refusedWithInvalidTaskException() {
        assertRefusedEverywhere(InnerTask.class, "inner (non-static)", "make it static");
    }

    @Test
    void allEntryPoints_anonymousClass_refusedWithInvalidTaskException() {
        Task<Integer, Integer> anonymous = new Task<>() {
            @Override
            public Integer run(Integer x) {
                return x;
            }
        };

        assertRefusedEverywhere(anonymous.getClass(), "anonymous", "top-level or static nested class");
    }

    @Test
    void allEntryPoints_lambdaClass_refusedWithInvalidTaskException() {
        Task<Integer, Integer> lambda = x -> x + 1;

        assertRefusedEverywhere(lambda.getClass(), "lambda", "top-level or static nested class");
    }

    @Test
    void allEntryPoints_localClass_refusedWithInvalidTaskException() {
        final class Local implements Task<Integer, Integer> {
            @Override
            public Integer run(Integer x) {
                return x;
            }
        }

        assertRefusedEverywhere(Local.class, "local class", "top-level or static nested class");
    }

    @Test
    void allEntryPoints_nullTaskClass_refusedWithInvalidTaskException() {
        Class<? extends Task<Integer, Integer>> none = null;
        InvalidTaskException viaMap = assertThrows(InvalidTaskException.class, () -> SHARED.pool().map(none, List.of(1)));
        assertMentions(viaMap, "null");
        InvalidTaskException viaSubmit = assertThrows(InvalidTaskException.class, () -> SHARED.pool().submit(none, 1));
        assertMentions(viaSubmit, "null");
    }

    @Test
    void allEntryPoints_nullTaskInstance_refusedWithInvalidTaskException() {
        Task<Integer, Integer> none = null;
        InvalidTaskException viaMap = assertThrows(InvalidTaskException.class, () -> SHARED.pool().map(none, List.of(1)));
        assertMentions(viaMap, "task instance is null");
        InvalidTaskException viaSubmit = assertThrows(InvalidTaskException.class, () -> SHARED.pool().submit(none, 1));
        assertMentions(viaSubmit, "task instance is null");
    }

    @Test
    void map_constructorThrows_everyElementFailsSayingSoWithTheCause() {
        Iterator<Integer> it = SHARED.pool().map(ExplodingConstructor.class, List.of(0, 1, 2, 3, 4)).iterator();

        for (int i = 0; i < 5; i++) {
            TaskFailedException e = assertThrows(TaskFailedException.class, it::next, "element " + i);
            assertEquals(i, e.index());
            assertMentions(e, "constructor of task class " + ExplodingConstructor.class.getName() + " threw",
                    "java.lang.IllegalStateException", "cannot read settings.properties");
        }
    }

    @Test
    void submit_constructorThrows_futureFailsSayingSoWithTheCause() {
        ExecutionException ee = assertThrows(ExecutionException.class,
                () -> SHARED.pool().submit(ExplodingConstructor.class, 7).get(30, TimeUnit.SECONDS));

        TaskFailedException e = assertInstanceOf(TaskFailedException.class, ee.getCause());
        assertMentions(e, "constructor", ExplodingConstructor.class.getName(), "threw", "cannot read settings.properties");
    }
}
