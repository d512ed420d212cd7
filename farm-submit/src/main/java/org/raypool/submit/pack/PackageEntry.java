package org.raypool.submit.pack;

/** One file of a work package: its path inside the package, its size and why it is there. */
public record PackageEntry(String path, long size, EntrySource source) {}
