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
 * A coordinator JVM for {@link OrphanTest}: opens a pool of two workers (or one, see {@link #main}), keeps one busy in an
 * endless loop after it started a {@code sleep 300} grandchild (re-parented to init at once, see
 * {@link TreeTasks.Spawn#DOUBLE_FORK}), leaves the other idle, prints
 * {@code WORKERS <pid> <pid> BUSY <pid> GRANDCHILD <pid>} on stdout,
 * then waits to be killed, or with a second argument {@code return} returns from {@code main} without
 * closing the pool. Argument: a directory for the busy task's start marker.
 */
public final class OrphanCoordinatorMain {
    private OrphanCoordinatorMain() {}

    /**
     * Starts a grandchild, writes {@code busy-pid} ("worker-pid grandchild-pid", atomically) in the
     * given directory, then spins forever.
     */
    public static final class SpinForever implements Task<String, Integer> {
        @Override
        public Integer run(String dir) throws Exception {
            long grandchild = TreeTasks.StartSleep.start(TreeTasks.Spawn.DOUBLE_FORK);
            Path tmp = Files.writeString(Path.of(dir, "busy-pid.tmp"), ProcessHandle.current().pid() + " " + grandchild);
            Files.move(tmp, Path.of(dir, "busy-pid"), StandardCopyOption.ATOMIC_MOVE);
            while (true) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Runs the coordinator until killed.
     *
     * @param args the marker directory; {@code return} or {@code wait}; optionally {@code busy}
     *     (one worker, busy) or {@code idle} (one worker, idle after its task started the grandchild)
     *     instead of two workers, one of each
     */
    public static void main(String[] args) throws Exception {
        String load = args.length > 2 ? args[2] : "both";
        WorkerPool pool = WorkerPool.open(load.equals("both") ? 2 : 1);
        String busy;
        if (load.equals("idle")) {
            long grandchild = pool.submit(TreeTasks.StartSleep.class, new TreeTasks.Plan(args[0],
                    TreeTasks.Spawn.DOUBLE_FORK, TreeTasks.Then.RETURN)).get(60, TimeUnit.SECONDS);
            busy = "0 GRANDCHILD " + grandchild;
        } else {
            Path marker = Path.of(args[0], "busy-pid");
            pool.submit(SpinForever.class, args[0]);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(marker)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the busy task did not start");
                }
                Thread.sleep(10);
            }
            busy = Files.readString(marker).replace(" ", " GRANDCHILD ");
        }
        List<Long> pids = pool.workerPids();
        System.out.println("WORKERS " + pids.stream().map(String::valueOf).collect(Collectors.joining(" "))
                + " BUSY " + busy);
        System.out.flush();
        if (args.length > 1 && args[1].equals("return")) {
            return; // normal JVM exit without close(): the shutdown hook must take the workers down
        }
        new CountDownLatch(1).await();
    }
}
