package io.procpool.it.hardening;

import static io.procpool.it.hardening.HardeningSupport.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.hardening.HardeningTasks.Environment;
import io.procpool.it.hardening.HardeningTasks.Guest;
import io.procpool.it.hardening.HardeningTasks.MakeReceipt;
import io.procpool.it.hardening.HardeningTasks.Note;
import io.procpool.it.hardening.HardeningTasks.OpenSockets;
import io.procpool.it.hardening.HardeningTasks.Receipt;
import io.procpool.it.hardening.HardeningTasks.ReturnsGuest;
import io.procpool.it.hardening.HardeningTasks.ReturnsStranger;
import io.procpool.it.core.CoreTasks.Square;
import io.procpool.it.hardening.HardeningTasks.Stranger;
import io.procpool.it.hardening.HardeningTasks.TrustFlags;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trust boundary of PROTOCOL.md: the coordinator creates no object of a class a worker names
 * unless it is allowed (JDK values, registered, declared by the task); workers given an
 * environment get only that one, and no sockets.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class TrustBoundaryTest {
    @Test
    void map_resultOfUnregisteredUndeclaredClass_failsNamingClassAndRegisterWithoutTouchingIt() {
        try (WorkerPool pool = WorkerPool.open(1)) {
            List<Long> pids = pool.workerPids();
            Iterator<Object> it = pool.map(ReturnsStranger.class, List.of(1, 2)).iterator();

            for (int i = 0; i < 2; i++) {
                TaskFailedException e = assertThrows(TaskFailedException.class, it::next, "element " + i);
                assertEquals(i, e.index());
                assertMentions(e, Stranger.class.getName(), "not allowed", "register", "cannot be deserialized in the"
                        + " coordinator");
                assertNull(e.remoteClassName(), "a refusal in the coordinator is a local failure");
            }
            assertFalse(it.hasNext());

            // The refusal came before Kryo resolved the class for use: never initialised, never created here.
            assertFalse(TrustFlags.STRANGER_INITIALIZED.get(), "Stranger's static initializer ran in the coordinator");
            assertFalse(TrustFlags.STRANGER_CONSTRUCTED.get(), "a Stranger was constructed in the coordinator");
            assertEquals(List.of(0L, 9L), pool.map(Square.class, List.of(0, 3)).collect(Collectors.toList()));
            assertEquals(pids, pool.workerPids(), "a refused result costs no worker");
        }
    }

    @Test
    void map_resultOfRegisteredClass_arrives() {
        try (WorkerPool pool = WorkerPool.builder().workers(1).register(Guest.class).open()) {
            List<Object> results = pool.map(ReturnsGuest.class, List.of(4, 5)).collect(Collectors.toList());

            assertEquals(List.of(4, 5), results.stream().map(o -> assertInstanceOf(Guest.class, o).value)
                    .collect(Collectors.toList()));
            assertTrue(TrustFlags.GUEST_CONSTRUCTED.get(), "Guest objects were rebuilt in the coordinator");
        }
    }

    @Test
    void map_declaredRecordResultWithNestedRecord_arrivesWithoutRegister() {
        try (WorkerPool pool = WorkerPool.open(1)) {
            List<Receipt> receipts = pool.map(MakeReceipt.class, List.of(1, 2)).collect(Collectors.toList());

            assertEquals(List.of(new Receipt(1, new Note("n1")), new Receipt(2, new Note("n2"))), receipts);
        }
    }

    @Test
    void worker_environmentGiven_seesExactlyThatEnvironment() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).environment(Map.of("ONLY_ME", "1")).open()) {
            TreeMap<String, String> env = pool.submit(Environment.class, 0).get(30, TimeUnit.SECONDS);

            assertEquals(Map.of("ONLY_ME", "1"), env);
        }
    }

    @Test
    void worker_emptyEnvironmentGiven_seesNoVariable() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).environment(Map.of()).open()) {
            TreeMap<String, String> env = pool.submit(Environment.class, 0).get(30, TimeUnit.SECONDS);

            assertEquals(Map.of(), env);
        }
    }

    @Test
    void worker_afterWork_hasNoSocketOpen() throws Exception {
        try (WorkerPool pool = WorkerPool.open(1)) {
            assertEquals(List.of(1L, 4L), pool.map(Square.class, List.of(1, 2)).collect(Collectors.toList()));

            List<String> sockets = pool.submit(OpenSockets.class, 0).get(30, TimeUnit.SECONDS);

            assertEquals(List.of(), sockets, "file descriptors of the worker that are sockets");
        }
    }
}
