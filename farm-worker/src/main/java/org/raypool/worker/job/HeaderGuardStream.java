package org.raypool.worker.job;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.raypool.worker.job.WorkPackageException.Reason;

/**
 * Sits between the decompressor and the tar reader. While the reader parses headers (which may hold GNU long names
 * and PAX records that it buffers in memory) at most {@code maxHeaderBytes} may pass, so a hostile header cannot
 * make the worker allocate without bound. File data is counted by {@link UnpackBudget} instead.
 */
final class HeaderGuardStream extends FilterInputStream {

    /** Carries a refusal through the tar reader, whose methods can only throw IOException. */
    static final class Refused extends IOException {
        final transient WorkPackageException refusal;

        Refused(WorkPackageException refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }
    }

    private final long maxHeaderBytes;
    private boolean inHeader;
    private long headerBytes;

    HeaderGuardStream(InputStream in, long maxHeaderBytes) {
        super(in);
        this.maxHeaderBytes = maxHeaderBytes;
    }

    void beginHeader() {
        inHeader = true;
        headerBytes = 0;
    }

    void endHeader() {
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

    private void count(long n) throws Refused {
        if (inHeader) {
            headerBytes += n;
            if (headerBytes > maxHeaderBytes) {
                throw new Refused(new WorkPackageException(Reason.CORRUPT,
                        "an archive header is larger than " + maxHeaderBytes + " bytes (long names or PAX records)"));
            }
        }
    }
}
