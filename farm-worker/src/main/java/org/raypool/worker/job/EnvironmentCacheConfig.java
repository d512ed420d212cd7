package org.raypool.worker.job;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The environment cache options (docs/protocol/scripting-service.md §5.5, RSPLIB {@code -sscachedirectory},
 * {@code -sscachemaxentries}, {@code -sscachemaxsize}).
 *
 * @param directory  where cached files live; empty: a temporary directory emptied on close
 * @param maxEntries most cached environments (min 1)
 * @param maxBytes   most bytes of cached environments (min 128 KiB)
 */
public record EnvironmentCacheConfig(Optional<Path> directory, int maxEntries, long maxBytes) {
    public static final int DEFAULT_MAX_ENTRIES = 16;
    public static final long DEFAULT_MAX_BYTES = 131_072L * 1024;
    public static final long MIN_MAX_BYTES = 128L * 1024;

    public EnvironmentCacheConfig {
        if (directory == null || maxEntries < 1 || maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("the environment cache needs at least 1 entry and 128 KiB");
        }
    }

    public static EnvironmentCacheConfig defaults() {
        return new EnvironmentCacheConfig(Optional.empty(), DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
    }

    public EnvironmentCacheConfig withDirectory(Path value) {
        return new EnvironmentCacheConfig(Optional.of(value), maxEntries, maxBytes);
    }

    public EnvironmentCacheConfig withMaxEntries(int value) {
        return new EnvironmentCacheConfig(directory, value, maxBytes);
    }

    public EnvironmentCacheConfig withMaxBytes(long value) {
        return new EnvironmentCacheConfig(directory, maxEntries, value);
    }
}
