package org.raypool.submit.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two POV-Ray output files byte for byte, allowing only the time stamps POV-Ray 3.7 writes into them
 * (found by rendering the same scene twice a second apart in every output type and comparing with {@code cmp -l}):
 * <ul>
 * <li>PNG ({@code +FN}, {@code +FN16}): the {@code tIME} chunk, and the date in the {@code tEXt} chunk "Comment"
 * whose text starts "Render Date: 2026-12-07 19:20:12Z" (platform and compiler follow); compared chunk by chunk
 * (type and data).
 * <li>Targa ({@code +FT}, {@code +FC}): the binary Date/Time Stamp (six 16-bit numbers) of the TGA 2.0 extension
 * area, which the footer locates.
 * <li>PPM, JPEG, OpenEXR, Radiance HDR: an ASCII date and time "2026-12-07 19:20:26Z" (PPM and JPEG comments
 * "Render Date: ...", EXR attribute "creation", HDR header line "CREATION_TIME=...").
 * <li>BMP: none; the files are identical.
 * </ul>
 */
public final class ImageFiles {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] TGA_FOOTER = "TRUEVISION-XFILE.\0".getBytes(StandardCharsets.US_ASCII);
    /** Offset of the Date/Time Stamp in a TGA 2.0 extension area: after size (2), author (41), comments (324). */
    private static final int TGA_DATE_OFFSET = 2 + 41 + 324;
    private static final int TGA_DATE_LENGTH = 12;
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}Z?");
    private static final Pattern RENDER_DATE = Pattern.compile("Render Date: " + DATE_TIME.pattern());

    private ImageFiles() {}

    /** Whether {@code a} and {@code b} are the same file apart from POV-Ray's time stamps. */
    public static boolean sameApartFromTimestamps(Path a, Path b) throws IOException {
        return difference(a, b).isEmpty();
    }

    /** Why {@code a} and {@code b} are not the same apart from POV-Ray's time stamps; empty when they are. */
    public static Optional<String> difference(Path a, Path b) throws IOException {
        byte[] x = Files.readAllBytes(a);
        byte[] y = Files.readAllBytes(b);
        Optional<String> why = startsWith(x, PNG_SIGNATURE) || startsWith(y, PNG_SIGNATURE) ? pngDifference(x, y)
                : bytesDifference(x, y);
        return why.map(w -> a + " and " + b + " differ: " + w);
    }

    /**
     * Why the decoded images {@code expected} and {@code actual} differ in a sample (a colour or alpha value at its
     * bit depth), in the number of channels or in bit depth; empty when every sample is equal. For a stitched frame,
     * whose bytes are written by another encoder than POV-Ray's (docs/bands.md).
     */
    public static Optional<String> sampleDifference(Path expected, Path actual) throws IOException {
        java.awt.image.BufferedImage a = javax.imageio.ImageIO.read(expected.toFile());
        java.awt.image.BufferedImage b = javax.imageio.ImageIO.read(actual.toFile());
        if (a == null || b == null) return Optional.of((a == null ? expected : actual) + " is not readable");
        String what = expected + " and " + actual + " differ: ";
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return Optional.of(what + a.getWidth() + "x" + a.getHeight() + " vs " + b.getWidth() + "x" + b.getHeight());
        }
        java.awt.image.Raster x = a.getRaster();
        java.awt.image.Raster y = b.getRaster();
        if (x.getNumBands() != y.getNumBands() || a.getColorModel().getComponentSize(0) != b.getColorModel().getComponentSize(0)) {
            return Optional.of(what + x.getNumBands() + " vs " + y.getNumBands() + " channels of "
                    + a.getColorModel().getComponentSize(0) + " vs " + b.getColorModel().getComponentSize(0) + " bits");
        }
        int w = a.getWidth();
        int[] p = new int[w * x.getNumBands()];
        int[] q = new int[p.length];
        int differing = 0;
        int firstRow = 0;
        for (int row = 0; row < a.getHeight(); row++) {
            x.getPixels(0, row, w, 1, p);
            y.getPixels(0, row, w, 1, q);
            for (int i = 0; i < p.length; i++) {
                if (p[i] != q[i]) {
                    if (differing++ == 0) firstRow = row + 1;
                }
            }
        }
        return differing == 0 ? Optional.empty() : Optional.of(what + differing + " samples, the first in row " + firstRow);
    }

    /**
     * A PNG's chunks that say how to show its samples (gamma, colour space, significant bits, offset...), type ->
     * data in hex, in any order: everything but the image data, the end, and the time stamps and text.
     */
    public static java.util.Map<String, String> pngDisplayChunks(Path png) throws IOException {
        java.util.Map<String, String> shown = new java.util.TreeMap<>();
        for (Chunk c : chunks(Files.readAllBytes(png))) {
            if (!List.of("IDAT", "IEND", "tIME", "tEXt", "zTXt", "iTXt").contains(c.type())) {
                shown.put(c.type(), java.util.HexFormat.of().formatHex(c.data()));
            }
        }
        return shown;
    }

    private static Optional<String> pngDifference(byte[] a, byte[] b) {
        if (!startsWith(a, PNG_SIGNATURE) || !startsWith(b, PNG_SIGNATURE)) return Optional.of("only one is a PNG");
        List<Chunk> x = chunks(a);
        List<Chunk> y = chunks(b);
        if (!x.stream().map(Chunk::type).toList().equals(y.stream().map(Chunk::type).toList())) {
            return Optional.of("chunks " + x.stream().map(Chunk::type).toList() + " vs "
                    + y.stream().map(Chunk::type).toList());
        }
        for (int i = 0; i < x.size(); i++) {
            Chunk c = x.get(i);
            Chunk d = y.get(i);
            if (Arrays.equals(c.data(), d.data()) || c.type().equals("tIME")) continue;
            if (c.type().equals("tEXt") && c.isRenderDate() && bytesDifference(c.data(), d.data()).isEmpty()) continue;
            return Optional.of("chunk " + i + " (" + c.type() + ", " + c.data().length + " vs " + d.data().length
                    + " bytes)");
        }
        return Optional.empty();
    }

    private record Chunk(String type, byte[] data) {
        /** A text chunk whose text starts with the render date, as POV-Ray's "Comment". */
        boolean isRenderDate() {
            int nul = indexOf(data, (byte) 0);
            return nul >= 0 && RENDER_DATE.matcher(new String(data, nul + 1, data.length - nul - 1,
                    StandardCharsets.ISO_8859_1)).lookingAt();
        }
    }

    private static List<Chunk> chunks(byte[] png) {
        List<Chunk> chunks = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(png).order(ByteOrder.BIG_ENDIAN);
        in.position(PNG_SIGNATURE.length);
        while (in.remaining() >= 12) {
            int length = in.getInt();
            if (length < 0 || length + 8 > in.remaining()) break;
            byte[] type = new byte[4];
            in.get(type);
            byte[] data = new byte[length];
            in.get(data);
            in.getInt(); // CRC: a function of type and data, compared through them
            chunks.add(new Chunk(new String(type, StandardCharsets.ISO_8859_1), data));
        }
        if (in.hasRemaining()) chunks.add(new Chunk("(" + in.remaining() + " bytes after the last chunk)", new byte[0]));
        return chunks;
    }

    private static Optional<String> bytesDifference(byte[] a, byte[] b) {
        if (a.length != b.length) return Optional.of("lengths " + a.length + " and " + b.length);
        BitSet allowed = timestamps(a);
        allowed.and(timestamps(b));
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && !allowed.get(i)) {
                return Optional.of("byte " + i + " (0x" + Integer.toHexString(a[i] & 0xff) + " vs 0x"
                        + Integer.toHexString(b[i] & 0xff) + ") is not part of a time stamp");
            }
        }
        return Optional.empty();
    }

    /** The byte positions of {@code file} that hold a time stamp: ASCII dates and a Targa's Date/Time Stamp. */
    private static BitSet timestamps(byte[] file) {
        BitSet spans = new BitSet(file.length);
        Matcher m = DATE_TIME.matcher(new String(file, StandardCharsets.ISO_8859_1));
        while (m.find()) spans.set(m.start(), m.end());
        int footer = file.length - 26;
        if (footer >= 0 && Arrays.equals(file, footer + 8, file.length, TGA_FOOTER, 0, TGA_FOOTER.length)) {
            long extension = ByteBuffer.wrap(file, footer, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            if (extension > 0 && extension + TGA_DATE_OFFSET + TGA_DATE_LENGTH <= footer) {
                int date = (int) extension + TGA_DATE_OFFSET;
                spans.set(date, date + TGA_DATE_LENGTH);
            }
        }
        return spans;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte value) {
        for (int i = 0; i < data.length; i++) if (data[i] == value) return i;
        return -1;
    }
}
