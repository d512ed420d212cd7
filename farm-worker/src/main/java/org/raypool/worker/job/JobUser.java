package org.raypool.worker.job;

/** The unprivileged identity jobs run as when the worker itself runs as root. */
public record JobUser(int uid, int gid) {
    /** nobody:nogroup on Debian. */
    public static final JobUser NOBODY = new JobUser(65534, 65534);

    public JobUser {
        if (uid <= 0 || gid <= 0) {
            throw new IllegalArgumentException("jobs must not run as root (uid " + uid + ", gid " + gid + ")");
        }
    }

    @Override
    public String toString() {
        return uid + ":" + gid;
    }
}
