package io.procpool.worker;

import io.procpool.protocol.Frame;
import io.procpool.protocol.FrameReader;
import io.procpool.protocol.FrameType;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The child's stdin reader thread. It reads frames as soon as they arrive, so the coordinator's
 * writes never block on a busy worker, and it notices the coordinator going away (EOF) even while
 * a task runs: then the child exits at once, whatever the task is doing.
 */
final class ChannelInput implements Runnable {
    private final FrameReader reader;

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private volatile boolean byeSeen;

    ChannelInput(InputStream in, int maxFrameBytes) {
        this.reader = new FrameReader(in, maxFrameBytes);
    }

    Thread start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Whether BYE has arrived; the main loop then skips work still queued (the pool is closing). */
    boolean byeSeen() {
        return byeSeen;
    }

    /** Next frame for the main loop; blocks. */
    Frame take() throws InterruptedException {
        return frames.take();
    }

    @Override
    public void run() {
        try {
            Frame f;
            while (true) {
                if ((f = reader.read()) == null) {
                    break;
                }
                if (f.type() == FrameType.BYE) {
                    byeSeen = true;
                }
                frames.add(f);
            }
            if (!byeSeen) {
                Exits.now(Exits.PARENT_GONE, "coordinator closed the channel (stdin EOF)");
            }
        } catch (IOException e) {
            Exits.now(Exits.PROTOCOL, "unreadable channel from coordinator: " + e.getMessage());
        }
    }
}
