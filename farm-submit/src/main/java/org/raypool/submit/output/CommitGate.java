package org.raypool.submit.output;

import java.io.IOException;

/**
 * Lets one attempt's output into the output folder at most once, and only while that attempt is still the job's
 * current one ({@code JobRecord#gate(long)}). The commit runs under the gate's lock, so it must be short: the
 * final rename, never the writing.
 */
@FunctionalInterface
public interface CommitGate {

    /** The step that makes the output visible. */
    @FunctionalInterface
    interface Action {
        void run() throws IOException;
    }

    /**
     * Runs {@code action} if this attempt may still commit, and from then on refuses every other commit.
     *
     * @return false (without running {@code action}) when the attempt was superseded or something was committed
     * @throws IOException from {@code action}; nothing counts as committed then
     */
    boolean commit(Action action) throws IOException;
}
