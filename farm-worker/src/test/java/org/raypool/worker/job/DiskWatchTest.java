package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskWatchTest {
    @TempDir
    Path temp;

    @Test
    void countsEveryFileBelowTheDirectoryAndFollowsNoLink() throws Exception {
        Path session = Files.createDirectory(temp.resolve("s"));
        Files.write(session.resolve("a"), new byte[1000]);
        Files.write(Files.createDirectories(session.resolve("deep/er")).resolve("b"), new byte[2345]);
        Path outside = Files.write(temp.resolve("outside"), new byte[1_000_000]);
        Files.createSymbolicLink(session.resolve("link"), outside);
        Files.createSymbolicLink(session.resolve("dirlink"), temp);
        long links = Files.readAttributes(session.resolve("link"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .size() + Files.readAttributes(session.resolve("dirlink"), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).size();
        assertEquals(3345 + links, DiskWatch.bytesUsed(session));
        assertEquals(0, DiskWatch.bytesUsed(temp.resolve("gone")));
    }
}
