package org.raypool.worker.job;

/** The fixed file names of a session directory (docs/protocol/scripting-service.md §5.2, §5.3). */
public final class SessionFiles {
    public static final String INPUT = "input.data";
    public static final String ENVIRONMENT = "environment.data";
    public static final String OUTPUT = "output.data";
    public static final String STATUS = "status.txt";
    public static final String SSRUN = "ssrun";

    private SessionFiles() {
    }
}
