package io.procpool.internal.classpath;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Owner-only directories under {@code java.io.tmpdir} that procpool shares between pools and runs
 * of the same user (class-data archives, extracted nested jars). What they hold is code, so a
 * directory is only used when it belongs to this user and is closed to everyone else.
 */
public final class PrivateDirs {
    private PrivateDirs() {}

    /** {@code java.io.tmpdir/<prefix>-<user.name>}, created owner-only if missing. */
    public static Path of(String prefix) throws IOException {
        String user = System.getProperty("user.name");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), prefix + "-" + user);
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // another JVM made it
            }
        }
        if (!Files.getOwner(dir).getName().equals(user)
                || !PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)).equals("rwx------")) {
            throw new IOException("directory " + dir + " is not private to " + user);
        }
        return dir;
    }
}
