package org.raypool.submit.pack;

/** A file to write into a work package archive. */
record ArchiveFile(String path, byte[] content, boolean executable) {}
