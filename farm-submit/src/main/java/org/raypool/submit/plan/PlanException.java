package org.raypool.submit.plan;

/** A user mistake in the inputs (a scene, an INI file, a switch), with a message naming the file and the fix. */
public final class PlanException extends Exception {
    public PlanException(String message) {
        super(message);
    }
}
