package org.raypool.submit;

import java.io.PrintStream;

/** Lets tests in other packages run farm-submit in their JVM. */
public final class SubmitMainAccess {
    private SubmitMainAccess() {}

    public static int execute(PrintStream out, PrintStream err, String... args) {
        return SubmitMain.execute(out, err, args);
    }
}
