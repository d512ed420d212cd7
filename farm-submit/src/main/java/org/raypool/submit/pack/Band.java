package org.raypool.submit.pack;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the frame one job renders, 1-based and inclusive as POV-Ray counts them
 * ({@code +SR}/{@code +ER}). A whole frame is the band from row 1 to the image height.
 *
 * <p>POV-Ray renders in blocks of {@value #BLOCK_ROWS} rows; bands that start on a block
 * boundary stitch together pixel-identical to a whole-frame render, even with adaptive
 * antialiasing. Bands that do not may differ at the seam.
 */
public record Band(int startRow, int endRow) {

    public static final int BLOCK_ROWS = 32;

    public Band {
        if (startRow < 1 || endRow < startRow) {
            throw new IllegalArgumentException("band rows must satisfy 1 <= start <= end, got " + startRow + ".." + endRow);
        }
    }

    public static Band wholeFrame(ImageSize size) {
        return new Band(1, size.height());
    }

    /**
     * A frame of {@code height} rows cut into {@code min(wanted, ceil(height / 32))} bands of whole
     * {@value #BLOCK_ROWS}-row blocks, as even as possible: where the blocks do not divide evenly the last bands get
     * one block more (the frame's last block may be partial), and the last band ends at the last row. One band is
     * the whole frame.
     */
    public static List<Band> split(int height, int wanted) {
        if (height < 1 || wanted < 1) {
            throw new IllegalArgumentException("height and number of bands must be at least 1, got " + height + ", " + wanted);
        }
        int blocks = (height + BLOCK_ROWS - 1) / BLOCK_ROWS;
        int count = Math.min(wanted, blocks);
        List<Band> bands = new ArrayList<>(count);
        int start = 1;
        for (int i = 0; i < count; i++) {
            int own = blocks / count + (i >= count - blocks % count ? 1 : 0);
            int end = Math.min(height, start - 1 + own * BLOCK_ROWS);
            bands.add(new Band(start, end));
            start = end + 1;
        }
        return List.copyOf(bands);
    }

    public int rows() {
        return endRow - startRow + 1;
    }

    public boolean isWholeFrame(ImageSize size) {
        return startRow == 1 && endRow == size.height();
    }

    /** True when the band starts on a POV-Ray render block boundary, so it stitches seamlessly. */
    public boolean isBlockAligned() {
        return (startRow - 1) % BLOCK_ROWS == 0;
    }

    @Override
    public String toString() {
        return "rows " + startRow + ".." + endRow;
    }
}
