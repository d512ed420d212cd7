package org.raypool.worker.session;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Set;
import org.raypool.worker.job.EnvironmentHash;

/**
 * One file received through Upload messages (input.data or environment.data): written as it arrives, counted against
 * the upload limit and, for the environment, hashed with SHA-1 on the fly (docs/protocol/scripting-service.md §5.2).
 * Once the limit is passed the file is deleted and further data is only counted, so an oversized upload never fills the
 * disk but the upload phase can still end in order. Not thread-safe: the session's thread owns it.
 */
final class UploadSink implements Closeable {
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);

    private final Path file;
    private final long limit;
    private final MessageDigest digest;
    private OutputStream out;
    private long bytes;
    private boolean overLimit;
    private boolean closed;

    UploadSink(Path file, long limit, boolean hashed) throws IOException {
        this.file = file;
        this.limit = limit;
        this.digest = hashed ? EnvironmentHash.newDigest() : null;
        this.out = new BufferedOutputStream(Channels.newOutputStream(Files.newByteChannel(file, CREATE,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))), 1 << 16);
    }

    /** Appends one Upload's data; past the limit the data is dropped and the file removed. */
    void append(byte[] data) throws IOException {
        bytes += data.length;
        if (overLimit) {
            return;
        }
        if (bytes > limit) {
            overLimit = true;
            closeStream();
            Files.deleteIfExists(file);
            return;
        }
        out.write(data);
        if (digest != null) {
            digest.update(data);
        }
    }

    Path file() {
        return file;
    }

    /** Bytes received, including dropped ones. */
    long bytes() {
        return bytes;
    }

    long limit() {
        return limit;
    }

    boolean overLimit() {
        return overLimit;
    }

    boolean isClosed() {
        return closed;
    }

    /** The SHA-1 of what was received; only for a hashed sink, after {@link #close()}. */
    EnvironmentHash hash() {
        if (digest == null || !closed) {
            throw new IllegalStateException("the hash is known after the end of a hashed upload");
        }
        return EnvironmentHash.of(digest.digest());
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        closeStream();
    }

    private void closeStream() throws IOException {
        OutputStream o = out;
        out = null;
        if (o != null) {
            o.close();
        }
    }
}
