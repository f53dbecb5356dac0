package io.procpool.it.reliability;

import io.procpool.Task;
import io.procpool.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A coordinator JVM for {@link OrphanTest}: opens a pool of two workers, keeps one busy in an
 * endless loop, leaves the other idle, prints {@code WORKERS <pid> <pid> BUSY <pid>} on stdout,
 * then waits to be killed, or with a second argument {@code return} returns from {@code main} without
 * closing the pool. Argument: a directory for the busy task's start marker.
 */
public final class OrphanCoordinatorMain {
    private OrphanCoordinatorMain() {}

    /** Writes {@code busy-pid} (atomically) in the given directory, then spins forever. */
    public static final class SpinForever implements Task<String, Integer> {
        @Override
        public Integer run(String dir) throws Exception {
            Path tmp = Files.writeString(Path.of(dir, "busy-pid.tmp"), Long.toString(ProcessHandle.current().pid()));
            Files.move(tmp, Path.of(dir, "busy-pid"), StandardCopyOption.ATOMIC_MOVE);
            while (true) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Runs the coordinator until killed.
     *
     * @param args the marker directory
     */
    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[0], "busy-pid");
        WorkerPool pool = WorkerPool.open(2);
        pool.submit(SpinForever.class, args[0]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(marker)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the busy task did not start");
            }
            Thread.sleep(10);
        }
        List<Long> pids = pool.workerPids();
        System.out.println("WORKERS " + pids.stream().map(String::valueOf).collect(Collectors.joining(" "))
                + " BUSY " + Files.readString(marker));
        System.out.flush();
        if (args.length > 1 && args[1].equals("return")) {
            return; // normal JVM exit without close(): the shutdown hook must take the workers down
        }
        new CountDownLatch(1).await();
    }
}
