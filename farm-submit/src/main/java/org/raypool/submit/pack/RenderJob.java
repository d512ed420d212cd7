package org.raypool.submit.pack;

import java.nio.file.Path;

/**
 * One unit of work for the farm: a scene rendered at a size, for one band of rows, with
 * options. Today every scene is one whole-frame job; splitting a frame into bands only
 * changes how jobs are planned, not what a job is.
 */
public record RenderJob(Path scene, ImageSize size, Band band, RenderOptions options) {

    public RenderJob {
        if (scene == null || size == null || band == null || options == null) {
            throw new IllegalArgumentException("scene, size, band and options must all be given");
        }
        if (band.endRow() > size.height()) {
            throw new IllegalArgumentException(band + " does not fit an image " + size.height() + " rows high");
        }
        if (band.endRow() == 1 && size.height() > 1) {
            // POV-Ray reads End_Row=1 as the fraction 1.0, i.e. the last row.
            throw new IllegalArgumentException("a band ending at row 1 cannot be expressed to POV-Ray; use at least two rows");
        }
    }

    public static RenderJob wholeFrame(Path scene, ImageSize size, RenderOptions options) {
        return new RenderJob(scene, size, Band.wholeFrame(size), options);
    }

    public boolean isWholeFrame() {
        return band.isWholeFrame(size);
    }

    /** A short label for logs, e.g. "scenes/knot.pov 640x480 rows 1..480". */
    public String label() {
        return scene + " " + size + " " + band;
    }
}
