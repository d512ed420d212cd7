package org.raypool.submit.pack;

import java.util.List;

/** The files of a package add up to more than {@link PackageSettings#maxPackageBytes()}. */
public final class PackageTooLargeException extends PackageException {

    private final long totalBytes;
    private final long limitBytes;
    private final transient List<PackageEntry> biggest;

    public PackageTooLargeException(String message, long totalBytes, long limitBytes, List<PackageEntry> biggest) {
        super(message);
        this.totalBytes = totalBytes;
        this.limitBytes = limitBytes;
        this.biggest = List.copyOf(biggest);
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** The largest entries, biggest first. */
    public List<PackageEntry> biggest() {
        return biggest;
    }
}
