package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentCacheTest {
    @TempDir
    Path root;
    Path cacheDir;
    Path sessions;

    @BeforeEach
    void setUp() throws IOException {
        cacheDir = root.resolve("cache");
        sessions = Files.createDirectory(root.resolve("sessions"));
    }

    private EnvironmentCacheConfig config(int maxEntries, long maxBytes) {
        return new EnvironmentCacheConfig(java.util.Optional.of(cacheDir), maxEntries, maxBytes);
    }

    private Path environment(String name, int size, char fill) throws IOException {
        byte[] data = new byte[size];
        java.util.Arrays.fill(data, (byte) fill);
        data[0] = (byte) name.hashCode();
        return Files.write(sessions.resolve(name), data);
    }

    private static EnvironmentHash hash(Path file) throws IOException {
        return EnvironmentHash.ofFile(file);
    }

    private Path target(String session) throws IOException {
        return Files.createDirectories(sessions.resolve(session)).resolve(SessionFiles.ENVIRONMENT);
    }

    @Test
    void storeThenLookupCopiesAndVerifies() throws Exception {
        try (EnvironmentCache cache = EnvironmentCache.open(config(16, 1 << 20))) {
            Path env = environment("env", 5000, 'e');
            EnvironmentHash h = hash(env);
            assertFalse(cache.lookup("s1", h, target("s1")), "empty cache misses");
            assertFalse(Files.exists(target("s1")));
            assertTrue(cache.store("s1", h, env));
            assertTrue(Files.isRegularFile(cacheDir.resolve(h.hex() + ".data")));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir)));
            Path copy = target("s2");
            assertTrue(cache.lookup("s2", h, copy));
            assertArrayEquals(Files.readAllBytes(env), Files.readAllBytes(copy));
            assertEquals(1, cache.size());
            assertEquals(5000, cache.totalBytes());
        }
    }

    @Test
    void sha1OfTheEmptyFileMatchesTheSpecVector() throws Exception {
        Path empty = Files.write(sessions.resolve("empty"), new byte[0]);
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", hash(empty).hex());
        assertEquals(hash(empty), EnvironmentHash.of(hash(empty).bytes()));
    }

    @Test
    void storeRefusesAFileThatDoesNotMatchItsHash() throws Exception {
        try (EnvironmentCache cache = EnvironmentCache.open(config(16, 1 << 20))) {
            Path env = environment("env", 100, 'x');
            EnvironmentHash wrong = new EnvironmentHash("0".repeat(40));
            assertFalse(cache.store("s1", wrong, env));
            assertEquals(0, cache.size());
            try (Stream<Path> files = Files.list(cacheDir)) {
                assertEquals(0, files.count(), "no temporary file left");
            }
        }
    }

    @Test
    void evictsLeastRecentlyUsedByEntryCount() throws Exception {
        try (EnvironmentCache cache = EnvironmentCache.open(config(3, 1 << 20))) {
            List<EnvironmentHash> hashes = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                Path env = environment(name, 1000, name.charAt(0));
                hashes.add(hash(env));
                assertTrue(cache.store("s", hash(env), env));
            }
            assertTrue(cache.lookup("s", hashes.get(0), target("use-a")), "a becomes most recently used");
            Path d = environment("d", 1000, 'd');
            cache.store("s", hash(d), d);
            assertEquals(List.of(hashes.get(2), hashes.get(0), hash(d)), cache.lruOrder(), "b was evicted");
            assertFalse(Files.exists(cacheDir.resolve(hashes.get(1).hex() + ".data")));
            assertFalse(cache.lookup("s", hashes.get(1), target("want-b")));
        }
    }

    @Test
    void evictsLeastRecentlyUsedBySize() throws Exception {
        try (EnvironmentCache cache = EnvironmentCache.open(config(16, 128 << 10))) {
            Path a = environment("a", 60 << 10, 'a');
            Path b = environment("b", 60 << 10, 'b');
            Path c = environment("c", 60 << 10, 'c');
            cache.store("s", hash(a), a);
            cache.store("s", hash(b), b);
            cache.store("s", hash(c), c);
            assertEquals(List.of(hash(b), hash(c)), cache.lruOrder());
            assertEquals(120 << 10, cache.totalBytes());
            Path huge = environment("huge", 200 << 10, 'h');
            assertFalse(cache.store("s", hash(huge), huge), "larger than the whole cache");
            assertEquals(List.of(hash(b), hash(c)), cache.lruOrder());
        }
    }

    @Test
    void corruptCachedFileIsAMissAndIsDropped() throws Exception {
        try (EnvironmentCache cache = EnvironmentCache.open(config(16, 1 << 20))) {
            Path env = environment("env", 4000, 'e');
            EnvironmentHash h = hash(env);
            cache.store("s1", h, env);
            Files.writeString(cacheDir.resolve(h.hex() + ".data"), "bit rot");
            Path target = target("s2");
            assertFalse(cache.lookup("s2", h, target));
            assertFalse(Files.exists(target), "a bad copy is not left in the session");
            assertFalse(cache.contains(h));
            assertFalse(Files.exists(cacheDir.resolve(h.hex() + ".data")));
        }
    }

    @Test
    void restartReloadsGoodFilesAndDeletesCorruptOnes() throws Exception {
        EnvironmentHash good;
        EnvironmentHash bad;
        try (EnvironmentCache cache = EnvironmentCache.open(config(16, 1 << 20))) {
            Path a = environment("a", 3000, 'a');
            Path b = environment("b", 3000, 'b');
            good = hash(a);
            bad = hash(b);
            cache.store("s", good, a);
            cache.store("s", bad, b);
        }
        Files.writeString(cacheDir.resolve(bad.hex() + ".data"), "corrupted while the worker was down");
        Files.writeString(cacheDir.resolve(".tmp-leftover"), "half a copy");
        Files.writeString(cacheDir.resolve("notes.txt"), "not ours");
        try (EnvironmentCache cache = EnvironmentCache.open(config(16, 1 << 20))) {
            assertEquals(List.of(good), cache.lruOrder());
            assertEquals(3000, cache.totalBytes());
            assertTrue(cache.lookup("s", good, target("s")));
            assertFalse(Files.exists(cacheDir.resolve(bad.hex() + ".data")));
            assertFalse(Files.exists(cacheDir.resolve(".tmp-leftover")));
            assertTrue(Files.exists(cacheDir.resolve("notes.txt")));
        }
    }

    @Test
    void restartEnforcesSmallerLimits() throws Exception {
        try (EnvironmentCache cache = EnvironmentCache.open(config(16, 1 << 20))) {
            for (String name : List.of("a", "b", "c", "d")) {
                Path env = environment(name, 1000, name.charAt(0));
                cache.store("s", hash(env), env);
            }
        }
        try (EnvironmentCache cache = EnvironmentCache.open(config(2, 1 << 20))) {
            assertEquals(2, cache.size());
            try (Stream<Path> files = Files.list(cacheDir)) {
                assertEquals(2, files.count());
            }
        }
    }

    @Test
    void temporaryCacheIsRemovedOnClose() throws Exception {
        Path dir;
        try (EnvironmentCache cache = EnvironmentCache.open(EnvironmentCacheConfig.defaults())) {
            dir = cache.directory();
            assertTrue(dir.getFileName().toString().startsWith("rspSS-EnvironmentCache-"));
            Path env = environment("env", 100, 'e');
            cache.store("s", hash(env), env);
            assertEquals(1, cache.size());
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void configuredCacheSurvivesClose() throws Exception {
        EnvironmentCache cache = EnvironmentCache.open(config(16, 1 << 20));
        Path env = environment("env", 100, 'e');
        cache.store("s", hash(env), env);
        cache.close();
        assertTrue(Files.exists(cacheDir.resolve(hash(env).hex() + ".data")));
        assertThrows(IllegalStateException.class, () -> cache.lookup("s", hash(env), target("s")));
    }

    @Test
    void concurrentSessionsShareTheCache() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (EnvironmentCache cache = EnvironmentCache.open(config(4, 1 << 20))) {
            List<Path> envs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                envs.add(environment("env" + i, 20_000 + i, (char) ('a' + i)));
            }
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 200; round++) {
                Path env = envs.get(round % envs.size());
                String session = "s" + round;
                results.add(pool.submit(() -> {
                    EnvironmentHash h = hash(env);
                    Path target = target(session);
                    if (!cache.lookup(session, h, target)) {
                        cache.store(session, h, env);
                        return true;
                    }
                    return java.util.Arrays.equals(Files.readAllBytes(env), Files.readAllBytes(target));
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
            assertTrue(cache.size() <= 4);
            Set<String> files;
            try (Stream<Path> list = Files.list(cacheDir)) {
                files = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            }
            Set<String> expected = new HashSet<>();
            cache.lruOrder().forEach(h -> expected.add(h.hex() + ".data"));
            assertEquals(expected, files, "files on disk are exactly the entries");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hashRejectsMalformedHex() {
        assertThrows(IllegalArgumentException.class, () -> new EnvironmentHash("ABC"));
        assertThrows(IllegalArgumentException.class, () -> EnvironmentHash.of(new byte[19]));
        assertEquals("0102", EnvironmentHash.of(new byte[] {1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
                .hex().substring(0, 4));
    }
}
