package org.raypool.worker.session;

/** The states of a pool element session (docs/protocol/scripting-service.md §5.2). */
enum SessionState {
    /** Ready sent; receiving the work package and maybe the environment. */
    UPLOAD,
    /** Status(0) sent; the package is unpacked and ssrun runs, Keep-Alives go both ways. */
    WORKING,
    /** Final Status sent; output.data goes out as Download messages. */
    DOWNLOAD,
    /** Cleaned up and closed or aborted. */
    CLOSED
}
