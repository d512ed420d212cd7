package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLabelTest {
    @TempDir
    Path dir;

    @Test
    void sceneAndBandFromFarmSubmitsJobConf() throws Exception {
        Files.writeString(dir.resolve("job.conf"), "# RayPool render job, read by ssrun: chess.pov\nscene=input.pov\n"
                + "width=640\nheight=480\nstart_row=1\nend_row=120\n");
        assertEquals(Optional.of("chess.pov rows 1-120"), JobLabel.read(dir));
        Files.writeString(dir.resolve("job.conf"), "# RayPool render job, read by ssrun: skyline.pov\nscene=input.pov\n");
        assertEquals(Optional.of("skyline.pov"), JobLabel.read(dir));
    }

    @Test
    void noLabelForOtherPackagesOrALink() throws Exception {
        assertEquals(Optional.empty(), JobLabel.read(dir));
        Files.writeString(dir.resolve("elsewhere"), "# RayPool render job, read by ssrun: secret.pov\n");
        Files.createSymbolicLink(dir.resolve("job.conf"), dir.resolve("elsewhere"));
        assertEquals(Optional.empty(), JobLabel.read(dir));
    }
}
