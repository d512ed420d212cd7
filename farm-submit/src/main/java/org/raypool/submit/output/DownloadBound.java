package org.raypool.submit.output;

import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.RenderJob;

/**
 * The most a worker may send as one job's results file (SSP Download, docs/protocol/scripting-service.md §5.3):
 * the largest archive the job can produce, so that a worker that sends more is given up instead of filling the disk.
 * Derived from the job, uncompressed worst case:
 *
 * <pre>
 * image   = FRAMES_PER_JOB × (IMAGE_HEADER + height × (ROW_OVERHEAD + width × bytesPerPixel(format)))
 * image  += image / FRAMING_DIVISOR                     (encoders' framing on incompressible pixels)
 * content = image + (OpenEXR ? preview cap : 0) + log cap + LOG_NOTE
 * bound   = content + content / FRAMING_DIVISOR + ARCHIVE_OVERHEAD   (tar headers and padding, gzip framing)
 * </pre>
 *
 * {@code bytesPerPixel} is the widest pixel POV-Ray 3.7 writes in the format (alpha and 16 bits per channel
 * included, since options and INI files may ask for them); the whole frame counts even for a band, which POV-Ray
 * never writes larger than the frame.
 */
public final class DownloadBound {
    /** ssrun renders exactly one frame per job (+SF = +EF) and refuses to send more than one image. */
    static final long FRAMES_PER_JOB = 1;
    /** File header and trailer: PNG signature and chunks, EXR header and attributes, BMP and Targa headers. */
    static final long IMAGE_HEADER = 64 << 10;
    /** Per row: PNG's filter byte, BMP's padding to 4 bytes, EXR's line offset, HDR's scanline header. */
    static final long ROW_OVERHEAD = 16;
    /**
     * 1/64 more: deflate stored blocks (5 bytes per 64 KiB), PNG IDAT chunks (12 bytes per 8 KiB), Targa and HDR
     * run-length packets on data that does not repeat (1 byte per 128), tar's 512-byte blocks.
     */
    static final long FRAMING_DIVISOR = 64;
    /** ssrun's note when it cut the log, and slack for the log's last line. */
    static final long LOG_NOTE = 4 << 10;
    /** Three tar entries with PAX headers and padding, tar's end blocks and 10240-byte record, gzip's header. */
    static final long ARCHIVE_OVERHEAD = 64 << 10;

    private DownloadBound() {}

    /** The bound for {@code job}'s results, in bytes. */
    public static long forJob(RenderJob job) {
        ResultArchive.Limits limits = ResultArchive.Limits.DEFAULT;
        long width = job.size().width();
        long height = job.size().height();
        long image = FRAMES_PER_JOB * (IMAGE_HEADER + height * (ROW_OVERHEAD + width * bytesPerPixel(job.format())));
        image += image / FRAMING_DIVISOR;
        long preview = job.format() == OutputFormat.EXR ? limits.maxPreviewBytes() : 0;
        long content = image + preview + limits.maxLogBytes() + LOG_NOTE;
        return content + content / FRAMING_DIVISOR + ARCHIVE_OVERHEAD;
    }

    /** The widest pixel POV-Ray 3.7 writes in {@code format}, in bytes. */
    static int bytesPerPixel(OutputFormat format) {
        return switch (format) {
            case PNG -> 8;            // RGBA, 16 bits per channel (+FN16 +UA)
            case TGA, TGA_COMPRESSED, BMP -> 4; // BGRA, 8 bits per channel (+UA)
            case PPM -> 6;            // RGB, 16 bits per channel (+FP16)
            case JPEG -> 6;           // no raw layout: twice 8-bit RGB, above what quality 100 makes of noise
            case EXR -> 16;           // RGBA as 32-bit floats, the widest OpenEXR pixel
            case HDR -> 4;            // RGBE
        };
    }
}
