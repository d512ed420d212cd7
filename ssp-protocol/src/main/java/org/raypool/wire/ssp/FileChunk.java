package org.raypool.wire.ssp;

/**
 * What {@link Upload} (PU → PE) and {@link Download} (PE → PU) share: the body is one chunk of a file, up to
 * {@link SspCodec#MAX_DATA} bytes, and an empty chunk marks the end of the file.
 */
public sealed interface FileChunk extends SspMessage permits Upload, Download {

    /** A copy of the data. */
    byte[] data();

    int dataLength();

    default boolean isEndOfFile() {
        return dataLength() == 0;
    }

    @Override
    default int length() {
        return SspCodec.HEADER_LENGTH + dataLength();
    }
}
