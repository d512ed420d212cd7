package org.raypool.worker.job;

/** The work package formats scriptingcontrol accepts (tar xf, tar xzf, tar xjf), recognised by content. */
public enum ArchiveFormat {
    TAR("tar"),
    TAR_GZIP("tar.gz"),
    TAR_BZIP2("tar.bz2");

    private final String label;

    ArchiveFormat(String label) {
        this.label = label;
    }

    /** The format for the first bytes of a file: gzip and bzip2 by their magic numbers, anything else as tar. */
    public static ArchiveFormat detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return TAR_GZIP;
        }
        if (length >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') {
            return TAR_BZIP2;
        }
        return TAR;
    }

    @Override
    public String toString() {
        return label;
    }
}
