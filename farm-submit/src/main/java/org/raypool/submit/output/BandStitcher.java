package org.raypool.submit.output;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.OutputFormat;

/**
 * Puts a frame together from its bands' files. POV-Ray 3.7 writes a band ({@code +SR/+ER}) as a file of the whole
 * frame's size whose other rows are blank (measured in every format, docs/bands.md); the stitched image takes each
 * band's own rows, sample for sample in the bands' own layout (8 or 16 bits per sample, with or without alpha), and
 * is written in the same format: PNG by the JDK's codec with the first band's metadata (gamma, text, time),
 * Targa (plain or run-length encoded as POV-Ray's {@code +FT}/{@code +FC}), PPM and 24-bit BMP by TwelveMonkeys and
 * the JDK. Formats that cannot be written losslessly here are never split ({@code BandSafety}).
 */
public final class BandStitcher {

    /** One band's file as POV-Ray wrote it. */
    public record Part(Band band, byte[] file) {}

    /** The bands cannot be stitched (unreadable, other sizes, rows missing or twice); the message says which. */
    public static final class StitchException extends Exception {
        StitchException(String message) {
            super(message);
        }
    }

    private BandStitcher() {}

    /** Whether bands in {@code format} are stitched by this class. */
    public static boolean canStitch(OutputFormat format) {
        return codec(format).isPresent();
    }

    /**
     * The frame of {@code width} x {@code height} pixels made of {@code parts}, which must cover its rows exactly
     * once, as a file in {@code format}.
     */
    public static byte[] stitch(OutputFormat format, int width, int height, List<Part> parts)
            throws StitchException, IOException {
        String codec = codec(format).orElseThrow(() -> new StitchException("bands in " + format + " are not stitched"));
        List<Part> sorted = parts.stream().sorted(Comparator.comparingInt(p -> p.band().startRow())).toList();
        int next = 1;
        for (Part p : sorted) {
            if (p.band().startRow() != next) {
                throw new StitchException("the bands do not cover rows " + next + ".." + height + " exactly once: next is "
                        + p.band());
            }
            next = p.band().endRow() + 1;
        }
        if (next != height + 1) throw new StitchException("the bands end at row " + (next - 1) + ", not " + height);

        BufferedImage frame = null;
        IIOMetadata metadata = null;
        for (Part p : sorted) {
            Decoded d = decode(codec, p);
            BufferedImage band = d.image();
            int offset;
            if (band.getWidth() != width || (band.getHeight() != height && band.getHeight() != p.band().rows())) {
                throw new StitchException("the file of " + p.band() + " is " + band.getWidth() + "x" + band.getHeight()
                        + ", not " + width + "x" + height);
            }
            offset = band.getHeight() == height ? 0 : p.band().startRow() - 1;
            if (frame == null) {
                WritableRaster raster = band.getColorModel().createCompatibleWritableRaster(width, height);
                frame = new BufferedImage(band.getColorModel(), raster, band.isAlphaPremultiplied(), null);
                metadata = d.metadata();
            } else if (!band.getColorModel().equals(frame.getColorModel())) {
                throw new StitchException("the file of " + p.band() + " has another pixel layout than the first band's");
            }
            Raster rows = band.getRaster().createChild(0, p.band().startRow() - 1 - offset, width, p.band().rows(), 0, 0, null);
            frame.getRaster().setRect(0, p.band().startRow() - 1, rows);
        }
        return encode(format, codec, frame, metadata);
    }

    private record Decoded(BufferedImage image, IIOMetadata metadata) {}

    private static Optional<String> codec(OutputFormat format) {
        return switch (format) {
            case PNG -> Optional.of("png");
            case TGA, TGA_COMPRESSED -> Optional.of("tga");
            case PPM -> Optional.of("pnm");
            case BMP -> Optional.of("bmp");
            case JPEG, EXR, HDR -> Optional.empty();
        };
    }

    private static Decoded decode(String codec, Part part) throws StitchException, IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(part.file()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(codec);
            if (!readers.hasNext()) throw new StitchException("no " + codec + " reader here");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                BufferedImage image = reader.read(0);
                return new Decoded(image, codec.equals("png") ? reader.getImageMetadata(0) : null);
            } catch (IOException | RuntimeException e) {
                throw new StitchException("the file of " + part.band() + " is not a readable " + codec + " image: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }

    private static byte[] encode(OutputFormat format, String codec, BufferedImage frame, IIOMetadata metadata)
            throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(codec);
        if (!writers.hasNext()) throw new IOException("no " + codec + " writer here");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == OutputFormat.TGA || format == OutputFormat.TGA_COMPRESSED) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(format == OutputFormat.TGA_COMPRESSED ? "RLE" : "None");
            }
            writer.write(null, new IIOImage(frame, null, metadata), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
