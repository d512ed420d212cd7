package org.raypool.worker.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's environment cache (docs/protocol/scripting-service.md §5.5), shared by all sessions.
 *
 * <p>Files are {@code <sha1 hex>.data} in a 0700 directory. A lookup copies the cached file to the session's
 * environment.data and verifies the SHA-1 while copying (a mismatch is a miss and drops the entry). A store copies
 * into a temporary name, verifies, then renames, so a half-written file never carries a valid name. Eviction is
 * least-recently-used until both the entry and the byte limit hold. At start-up existing files are re-hashed (bad
 * ones deleted) and get a random place in the LRU order.
 *
 * <p>Thread-safe: bookkeeping is under one lock, copying is not, and an entry evicted while another session is
 * copying it stays readable through the open file (POSIX unlink semantics).
 */
public final class EnvironmentCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnvironmentCache.class);
    private static final String TEMP_PREFIX = ".tmp-";
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path directory;
    private final boolean temporary;
    private final int maxEntries;
    private final long maxBytes;
    /** Access-ordered: iteration starts at the least recently used entry. Values are file sizes. */
    private final LinkedHashMap<EnvironmentHash, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;
    private boolean closed;

    private EnvironmentCache(Path directory, boolean temporary, int maxEntries, long maxBytes) {
        this.directory = directory;
        this.temporary = temporary;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Opens (creating if needed) the cache and loads what a previous run left in it. */
    public static EnvironmentCache open(EnvironmentCacheConfig config) throws IOException {
        Path directory;
        boolean temporary = config.directory().isEmpty();
        if (temporary) {
            directory = Files.createTempDirectory(SessionDirectory.defaultParent(), "rspSS-EnvironmentCache-",
                    DIRECTORY_MODE);
        } else {
            directory = config.directory().get().toAbsolutePath().normalize();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, DIRECTORY_MODE);
            }
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
        EnvironmentCache cache = new EnvironmentCache(directory, temporary, config.maxEntries(), config.maxBytes());
        cache.load();
        log.info("environment cache {}{}: {} entries, {} bytes (limits {} entries, {} bytes)", directory,
                temporary ? " (temporary)" : "", cache.size(), cache.totalBytes(), config.maxEntries(),
                config.maxBytes());
        return cache;
    }

    public Path directory() {
        return directory;
    }

    public synchronized boolean contains(EnvironmentHash hash) {
        return entries.containsKey(hash);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long totalBytes() {
        return totalBytes;
    }

    /** Cached hashes, least recently used first. */
    public synchronized List<EnvironmentHash> lruOrder() {
        return List.copyOf(entries.keySet());
    }

    /**
     * Answers an Environment query: on a hit the cached file is copied to {@code target} (the session's
     * environment.data) and verified.
     *
     * @return true on a verified hit; false on a miss, in which case {@code target} does not exist
     */
    public boolean lookup(String sessionId, EnvironmentHash hash, Path target) throws IOException {
        InputStream in;
        synchronized (this) {
            checkOpen();
            Long size = entries.get(hash);
            if (size == null) {
                log.info("session {}: environment {} not cached", sessionId, hash);
                return false;
            }
            try {
                in = Files.newInputStream(file(hash), LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                forget(hash, "its file vanished");
                return false;
            }
        }
        Copy copy;
        try (in) {
            copy = copy(in, target);
        } catch (IOException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        if (!copy.hash().equals(hash)) {
            Files.deleteIfExists(target);
            synchronized (this) {
                if (entries.containsKey(hash)) {
                    forget(hash, "its content no longer matches its SHA-1 (" + copy.hash() + ")");
                }
            }
            return false;
        }
        log.info("session {}: environment {} found in cache ({} bytes)", sessionId, hash, copy.bytes());
        return true;
    }

    /**
     * Keeps an environment file that passed check-environment, under {@code hash}, which the file must match.
     *
     * @return true if it is cached now; false if it is larger than the cache or does not match {@code hash}
     */
    public boolean store(String sessionId, EnvironmentHash hash, Path source) throws IOException {
        long size = Files.size(source);
        if (size > maxBytes) {
            log.info("session {}: environment {} ({} bytes) is larger than the cache ({} bytes); not cached",
                    sessionId, hash, size, maxBytes);
            return false;
        }
        synchronized (this) {
            checkOpen();
            if (entries.get(hash) != null) {
                return true;
            }
        }
        Path temp = directory.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            Copy copy;
            try (InputStream in = Files.newInputStream(source)) {
                copy = copy(in, temp);
            }
            if (!copy.hash().equals(hash)) {
                log.warn("session {}: environment file hashes to {}, not {}; not cached", sessionId, copy.hash(), hash);
                return false;
            }
            synchronized (this) {
                if (closed) {
                    return false;
                }
                if (entries.get(hash) != null) {
                    return true;
                }
                Files.move(temp, file(hash), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                entries.put(hash, copy.bytes());
                totalBytes += copy.bytes();
                log.info("session {}: environment {} cached ({} bytes)", sessionId, hash, copy.bytes());
                evict();
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Stops using the cache; a temporary cache directory is emptied and removed. */
    @Override
    public void close() {
        List<Path> files;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (!temporary) {
                return;
            }
            files = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
                stream.forEach(files::add);
            } catch (IOException e) {
                log.warn("environment cache {}: cannot list for removal: {}", directory, e.toString());
            }
        }
        try {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.warn("environment cache {}: cannot remove: {}", directory, e.toString());
        }
    }

    private void load() throws IOException {
        List<EnvironmentHash> found = new ArrayList<>();
        Map<EnvironmentHash, Long> sizes = new LinkedHashMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(file);
                    continue;
                }
                if (!name.endsWith(".data") || !EnvironmentHash.isHex(name.substring(0, name.length() - 5))
                        || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                EnvironmentHash expected = new EnvironmentHash(name.substring(0, name.length() - 5));
                EnvironmentHash actual = EnvironmentHash.ofFile(file);
                if (!actual.equals(expected)) {
                    log.warn("environment cache {}: {} hashes to {}; deleted", directory, name, actual);
                    Files.delete(file);
                    continue;
                }
                found.add(expected);
                sizes.put(expected, Files.size(file));
            }
        }
        Collections.shuffle(found);
        synchronized (this) {
            for (EnvironmentHash hash : found) {
                entries.put(hash, sizes.get(hash));
                totalBytes += sizes.get(hash);
            }
            evict();
        }
    }

    private void evict() {
        Iterator<Map.Entry<EnvironmentHash, Long>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || totalBytes > maxBytes) && eldest.hasNext()) {
            Map.Entry<EnvironmentHash, Long> entry = eldest.next();
            eldest.remove();
            totalBytes -= entry.getValue();
            deleteQuietly(file(entry.getKey()));
            log.info("environment cache: evicted {} ({} bytes)", entry.getKey(), entry.getValue());
        }
    }

    private void forget(EnvironmentHash hash, String why) {
        Long size = entries.remove(hash);
        if (size != null) {
            totalBytes -= size;
        }
        deleteQuietly(file(hash));
        log.warn("environment cache: dropped {}: {}", hash, why);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the environment cache is closed");
        }
    }

    private Path file(EnvironmentHash hash) {
        return directory.resolve(hash.fileName());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("environment cache: cannot delete {}: {}", file, e.toString());
        }
    }

    private record Copy(EnvironmentHash hash, long bytes) {
    }

    private static Copy copy(InputStream in, Path target) throws IOException {
        MessageDigest digest = EnvironmentHash.newDigest();
        long bytes = 0;
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(target, options, FILE_MODE))) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                bytes += n;
            }
        }
        return new Copy(EnvironmentHash.of(digest.digest()), bytes);
    }
}
