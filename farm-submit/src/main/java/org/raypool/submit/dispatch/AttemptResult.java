package org.raypool.submit.dispatch;

import java.nio.file.Path;
import org.raypool.submit.failure.RenderFailure;
import org.raypool.submit.session.FailureKind;
import org.raypool.submit.session.Worker;

/** How one attempt at a job ended; the dispatcher turns it into the job's next step. */
public sealed interface AttemptResult {

    /** The image is in the output folder. */
    record Rendered(Path image, Worker worker, String workerInfo) implements AttemptResult {}

    /**
     * The job ran on the worker and failed (non-zero status, or no image): in the user's files or for worker-side
     * reasons, as {@code failure} tells; {@code log} is the render log, empty if none came back.
     */
    record JobFailed(int status, RenderFailure failure, String log, Worker worker) implements AttemptResult {}

    /** The session with the worker failed; the job may run elsewhere. */
    record SessionFailed(FailureKind kind, String detail, Worker worker) implements AttemptResult {}

    /** The scene cannot be packed (a user mistake: the message names the file and the fix); not retried. */
    record BadScene(String message) implements AttemptResult {}

    /** Something on this machine failed (the output folder cannot be written); not retried. */
    record LocalError(String message) implements AttemptResult {}

    /** The attempt was given up before it ended, so its result (if any) was not kept. */
    record Superseded() implements AttemptResult {}
}
