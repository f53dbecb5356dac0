package io.procpool.it.instance;

import io.procpool.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Task instances with arguments for {@link TaskInstanceTest}. */
public final class ArgTasks {
    private ArgTasks() {}

    /** Multiplies by its argument. */
    public record Scale(int factor) implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            return x * factor;
        }
    }

    /**
     * Counts how often an instance with this tag was created in this JVM (its compact constructor
     * runs when Kryo recreates it in a worker) and returns the worker's pid and that count.
     */
    public record CountsCreations(String tag) implements Task<Integer, List<Long>> {
        static final Map<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();

        public CountsCreations {
            CREATED.computeIfAbsent(tag, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public List<Long> run(Integer x) {
            return List.of(ProcessHandle.current().pid(), (long) CREATED.get(tag).get());
        }
    }

    /** Appends "closed by PID" to its file when closed. */
    public record WritesOnClose(String file) implements Task<Integer, Integer>, AutoCloseable {
        @Override
        public Integer run(Integer x) {
            return x;
        }

        @Override
        public void close() {
            try {
                Files.writeString(Path.of(file), "closed by " + ProcessHandle.current().pid() + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Package-private: a task instance need not be public, unlike a task class. */
    record Offset(int by) implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            return x + by;
        }
    }

    /** Kills its worker on element 3 the first time (the marker file records it), so element 3 is re-run elsewhere. */
    public record HaltsOnce(String marker, int factor) implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            if (x == 3) {
                try {
                    Files.createFile(Path.of(marker));
                    Runtime.getRuntime().halt(137);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // the re-run
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return x * factor;
        }
    }

    /** Holds a thread, which Kryo cannot serialize. */
    public record HoldsThread(Thread thread) implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            return x;
        }
    }

    /** Its compact constructor fails anywhere but in the coordinator: like a model file only the coordinator has. */
    public record FailsInWorker(long coordinatorPid) implements Task<Integer, Integer> {
        public FailsInWorker {
            if (ProcessHandle.current().pid() != coordinatorPid) {
                throw new IllegalStateException("no model file in process " + ProcessHandle.current().pid());
            }
        }

        @Override
        public Integer run(Integer x) {
            return x;
        }
    }
}
