package org.raypool.cli.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits between a decompressor and a tar reader that reads an archive from another machine (the worker's work
 * packages, farm-submit's result archives). While the reader parses an entry's headers, which may hold GNU long
 * names and PAX records that it buffers in memory whole, at most {@code maxHeaderBytes} may pass, so that a hostile
 * header cannot make the reader allocate without bound. File data is not counted here; each reader bounds it
 * itself. Shared here because both farm-worker and farm-submit read such archives and neither may depend on the
 * other.
 */
public final class HeaderGuardStream extends FilterInputStream {

    /** An entry's headers were larger than the bound; thrown through the tar reader, whose methods throw IOException. */
    public static final class HeaderTooLargeException extends IOException {
        private final long limit;

        HeaderTooLargeException(long limit) {
            super("an archive header is larger than " + limit + " bytes (long names or PAX records)");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    private final long maxHeaderBytes;
    private boolean inHeader;
    private long headerBytes;

    public HeaderGuardStream(InputStream in, long maxHeaderBytes) {
        super(in);
        if (maxHeaderBytes < 512) {
            throw new IllegalArgumentException("a tar header needs at least 512 bytes, got " + maxHeaderBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** The reader is about to read the next entry's headers (call before {@code getNextEntry}). */
    public void beginHeader() {
        inHeader = true;
        headerBytes = 0;
    }

    /** The reader has the entry; its data follows and is not counted. */
    public void endHeader() {
        inHeader = false;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            count(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) throws HeaderTooLargeException {
        if (inHeader) {
            headerBytes += n;
            if (headerBytes > maxHeaderBytes) {
                throw new HeaderTooLargeException(maxHeaderBytes);
            }
        }
    }
}
