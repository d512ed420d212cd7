package org.raypool.submit.pack;

/** A scene names a file that is neither in the scene folder nor in POV-Ray's include folders. */
public final class MissingReferenceException extends PackageException {

    private final transient SceneReference reference;

    public MissingReferenceException(SceneReference reference, String message) {
        super(message);
        this.reference = reference;
    }

    public SceneReference reference() {
        return reference;
    }
}
