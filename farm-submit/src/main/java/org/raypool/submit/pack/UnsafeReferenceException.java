package org.raypool.submit.pack;

/**
 * A scene names a file outside its folder tree ({@code ../../etc/passwd}, an absolute path, a
 * symbolic link leading out), or uses a name the farm reserves. Such files are never packaged.
 */
public final class UnsafeReferenceException extends PackageException {

    private final String name;

    public UnsafeReferenceException(String name, String message) {
        super(message);
        this.name = name;
    }

    /** The file name as written in the scene or option. */
    public String name() {
        return name;
    }
}
