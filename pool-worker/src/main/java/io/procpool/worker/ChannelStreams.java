package io.procpool.worker;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;

/**
 * Where the worker's channel is. By default (Linux) the coordinator starts the worker with the
 * channel moved off fd 0/1: frames go out on fd 3 and come in on fd 4, while fd 1 is the stderr
 * pipe and fd 0 is {@code /dev/null}. The JDK closes every fd above 2 in the processes it starts,
 * so a task's subprocess (even with {@code inheritIO()}) and native code writing to fd 1 can no
 * longer touch the channel or keep it open after the worker died. Without the wrapper (the
 * system property is absent) the channel is fd 0/1 as before.
 */
final class ChannelStreams {
    /** System property {@code 3,4}: the output and input fds of the channel. */
    static final String PROPERTY = "procpool.worker.channelFds";

    private ChannelStreams() {}

    /** The stream frames are written to. */
    static FileOutputStream output() {
        String fds = System.getProperty(PROPERTY);
        if (fds == null) {
            return new FileOutputStream(FileDescriptor.out);
        }
        try {
            return new FileOutputStream("/dev/fd/" + fds.substring(0, fds.indexOf(',')));
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("channel fd of " + PROPERTY + "=" + fds + " is not open", e);
        }
    }

    /** The stream frames are read from. */
    static FileInputStream input() {
        String fds = System.getProperty(PROPERTY);
        if (fds == null) {
            return new FileInputStream(FileDescriptor.in);
        }
        try {
            return new FileInputStream("/dev/fd/" + fds.substring(fds.indexOf(',') + 1));
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("channel fd of " + PROPERTY + "=" + fds + " is not open", e);
        }
    }
}
