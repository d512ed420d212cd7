package org.raypool.submit.pack;

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
