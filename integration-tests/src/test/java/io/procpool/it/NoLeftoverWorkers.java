package io.procpool.it;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test, proves that no worker JVM of this test JVM is left: waits (bounded) for every
 * descendant process to end, then fails the test naming the survivors (and kills them, so one
 * leak does not cascade into the next test). Use with {@code @ExtendWith(NoLeftoverWorkers.class)}.
 */
public final class NoLeftoverWorkers implements AfterEachCallback {
    /** How long children may take to disappear after the test body returned. */
    static final long GRACE_MILLIS = 5_000;

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<ProcessHandle> left = awaitNoDescendants(GRACE_MILLIS);
        if (!left.isEmpty()) {
            String desc = left.stream().map(NoLeftoverWorkers::describe).collect(Collectors.joining("\n  "));
            left.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("child processes left after " + context.getDisplayName() + ":\n  " + desc);
        }
    }

    /** Waits until this JVM has no descendant processes; returns those still alive at the deadline. */
    public static List<ProcessHandle> awaitNoDescendants(long millis) throws InterruptedException {
        // Polling is the only way to observe processes that are not our direct children.
        return Await.last(java.time.Duration.ofMillis(millis), () -> ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive).collect(Collectors.toList()), List::isEmpty);
    }

    static String describe(ProcessHandle p) {
        return p.pid() + " " + p.info().commandLine().orElse("?");
    }
}
