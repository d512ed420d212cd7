package org.raypool.submit.output;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.text.WorkerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code index.html} in the output folder: a self-contained page (no scripts, nothing fetched from elsewhere) with a
 * thumbnail of every image in the folder, whatever its format, each linking to the full image, and the scenes that
 * failed with their reason and log. Each thumbnail keeps its image's proportions. Under each image: the render time,
 * the worker and the options, from the {@link Manifest}. The frames of an animation (images with a frame number and
 * one name, size and format) form one row, in frame order. Thumbnails live in {@code thumbnails/} as
 * {@code <image file name>.png} and are made again only when the image changed; an OpenEXR image's thumbnail comes
 * from its preview ({@link OutputCollector#previewFile(Path)}).
 */
public final class ContactSheet {
    private static final Logger LOG = LoggerFactory.getLogger(ContactSheet.class);
    public static final String INDEX = "index.html";
    public static final String THUMBNAILS = "thumbnails";
    static final int THUMBNAIL_WIDTH = 320;
    static final int THUMBNAIL_HEIGHT = 240;
    /** The box a frame of an animation row is shown in. */
    static final int FRAME_WIDTH = 160;
    static final int FRAME_HEIGHT = 120;

    /** A scene that failed; {@code log} may be null. */
    public record Failure(String name, String reason, Path log) {}

    /** A thumbnail file: its address relative to the page and its size in pixels. */
    record Thumbnail(String address, int width, int height) {}

    /** One image on the page; {@code entry} and {@code thumbnail} may be null (no record, no readable image). */
    private record Shown(String name, Manifest.Entry entry, Thumbnail thumbnail) {}

    /** The frames of one animation, in frame order. */
    private record Animation(String scene, int width, int height, String format, List<Shown> frames) {}

    private ContactSheet() {}

    /** Writes {@link #INDEX} (atomically) for the images now in {@code output}'s folder and {@code failures}. */
    public static void write(OutputCollector output, List<Failure> failures, String title) throws IOException {
        List<Path> images = output.images();
        Map<String, Manifest.Entry> entries = entries(output);
        List<Shown> stills = new ArrayList<>();
        Map<String, List<Shown>> frames = new TreeMap<>();
        for (Path image : images) {
            String name = image.getFileName().toString();
            Manifest.Entry entry = entries.get(name);
            if (entry != null && entry.bytes() != Files.size(image)) entry = null; // the file is not the one recorded
            Shown shown = new Shown(name, entry, thumbnail(output, image));
            if (entry != null && entry.frame().isPresent()) {
                frames.computeIfAbsent(animationKey(entry), k -> new ArrayList<>()).add(shown);
            } else {
                stills.add(shown);
            }
        }
        List<Animation> animations = new ArrayList<>();
        for (List<Shown> row : frames.values()) {
            row.sort(Comparator.comparingInt((Shown f) -> f.entry().frame().getAsInt()).thenComparing(Shown::name));
            Manifest.Entry first = row.get(0).entry();
            animations.add(new Animation(first.scene(), first.width(), first.height(), first.format(), row));
        }
        prune(output.folder().resolve(THUMBNAILS), images);
        prune(output.folder().resolve(OutputCollector.PREVIEWS), images);
        byte[] page = page(title, images.size(), stills, animations, failures, output.folder())
                .getBytes(StandardCharsets.UTF_8);
        output.writeAtomically(output.folder().resolve(INDEX), page);
    }

    private static Map<String, Manifest.Entry> entries(OutputCollector output) {
        try {
            return output.manifest().read();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}; the contact sheet shows names only", output.manifest().file(), e.toString());
            return Map.of();
        }
    }

    private static String animationKey(Manifest.Entry e) {
        return e.scene() + "\0" + e.width() + "\0" + e.height() + "\0" + e.format();
    }

    /** The image's thumbnail, made now if it is missing or older than the image; null if none can be made. */
    private static Thumbnail thumbnail(OutputCollector output, Path image) {
        String name = image.getFileName().toString();
        Optional<OutputFormat> format = OutputCollector.formatOf(name);
        Path source = format.orElse(null) == OutputFormat.EXR ? output.previewFile(image) : image;
        String thumbName = name + ".png";
        Path thumb = output.folder().resolve(THUMBNAILS).resolve(thumbName);
        try {
            if (!Files.isRegularFile(source)) return null;
            FileTime imageTime = Files.getLastModifiedTime(image);
            if (!Files.isRegularFile(thumb) || !Files.getLastModifiedTime(thumb).equals(imageTime)) {
                // A preview is a PNG too.
                byte[] png = scaledPng(source, source != image || format.orElse(null) == OutputFormat.PNG);
                if (png == null) return null;
                Files.createDirectories(thumb.getParent());
                output.writeAtomically(thumb, png);
                // Same time as the image: a changed image (a forced re-render) gets a new thumbnail.
                Files.setLastModifiedTime(thumb, imageTime);
            }
            int[] size = dimensions(thumb);
            return size == null ? null : new Thumbnail(THUMBNAILS + "/" + thumbName, size[0], size[1]);
        } catch (IOException | RuntimeException e) {
            LOG.warn("no thumbnail for {}: {}", image, e.toString());
            return null;
        }
    }

    /** What is done with an image file's reader. */
    @FunctionalInterface
    private interface ReaderUse<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** {@code use} applied to a reader of {@code image} (the first that knows its format); null if none does. */
    private static <T> T withReader(Path image, ReaderUse<T> use) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in == null) return null;
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return use.apply(reader);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Width and height of an image file, read from its header; null if no reader knows it. */
    private static int[] dimensions(Path image) throws IOException {
        return withReader(image, reader -> new int[] {reader.getWidth(0), reader.getHeight(0)});
    }

    /**
     * The image as a PNG shrunk to fit the thumbnail box (same size if it fits; the file as is if it is a PNG that
     * fits), or null if no image reader here knows it.
     */
    private static byte[] scaledPng(Path image, boolean isPng) throws IOException {
        return withReader(image, reader -> {
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            boolean fits = w <= THUMBNAIL_WIDTH && h <= THUMBNAIL_HEIGHT;
            if (fits && isPng) return Files.readAllBytes(image);
            double scale = fits ? 1 : Math.min((double) THUMBNAIL_WIDTH / w, (double) THUMBNAIL_HEIGHT / h);
            int tw = Math.max(1, (int) Math.round(w * scale));
            int th = Math.max(1, (int) Math.round(h * scale));
            // Decoding every other row and column of a huge frame keeps the memory near the thumbnail's size.
            int step = Math.max(1, Math.min(w / (2 * tw), h / (2 * th)));
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage source = reader.read(0, param);
            BufferedImage thumb = new BufferedImage(tw, th, source.getColorModel().hasAlpha()
                    ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            Graphics2D g = thumb.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(source, 0, 0, tw, th, null);
            } finally {
                g.dispose();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                if (!ImageIO.write(thumb, "png", out)) return null;
            }
            return bytes.toByteArray();
        });
    }

    /** Removes the {@code <image file name>.png} files in {@code dir} whose image is gone. */
    private static void prune(Path dir, List<Path> images) {
        if (!Files.isDirectory(dir)) return;
        Set<String> names = new HashSet<>();
        for (Path image : images) names.add(image.getFileName() + ".png");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.png")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && !names.contains(name)) Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.debug("cannot tidy {}: {}", dir, e.toString());
        }
    }

    private static String page(String title, int count, List<Shown> stills, List<Animation> animations,
            List<Failure> failures, Path folder) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em;background:#f3f3f3;color:#222}\n")
                .append(".sheet{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}\n")
                .append(".frames{display:flex;flex-wrap:nowrap;gap:.5em;overflow-x:auto;align-items:flex-start;")
                .append("padding-bottom:.5em}\n")
                .append("figure{flex:none;width:min-content;margin:0;padding:.5em;background:#fff;border:1px solid #ccc;")
                .append("border-radius:4px}\n")
                .append("figure img{display:block;max-width:none}\n")
                .append("img.up{image-rendering:pixelated}\n")
                .append("figcaption{margin-top:.4em;font-size:.85em;overflow-wrap:anywhere}\n")
                .append(".name{font-weight:600}\n.meta{color:#555}\ncode{font-size:.95em}\n")
                .append(".none{display:block;padding:1em;color:#777;font-style:italic}\n")
                .append("section{margin:1.5em 0}\nh2{font-size:1.1em;margin:.2em 0}\n")
                .append(".failed li{margin:.4em 0}\n.reason{color:#a00}\n")
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n")
                .append("<p>").append(count).append(count == 1 ? " image" : " images");
        if (!animations.isEmpty()) {
            h.append(" (").append(animations.size()).append(animations.size() == 1 ? " animation" : " animations")
                    .append(")");
        }
        if (!failures.isEmpty()) h.append(", ").append(failures.size()).append(" failed");
        h.append(".</p>\n");
        if (!stills.isEmpty()) {
            h.append("<div class=\"sheet\">\n");
            for (Shown s : stills) figure(h, s, s.name(), true, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT);
            h.append("</div>\n");
        }
        for (Animation a : animations) {
            List<Shown> frames = a.frames();
            String options = frames.get(0).entry().options();
            boolean sameOptions = frames.stream().allMatch(f -> f.entry().options().equals(options));
            h.append("<section class=\"animation\">\n<h2>").append(escape(a.scene())).append(' ')
                    .append(a.width()).append('x').append(a.height()).append(' ').append(escape(a.format()))
                    .append(": ").append(frames.size()).append(frames.size() == 1 ? " frame" : " frames");
            int firstFrame = frames.get(0).entry().frame().getAsInt();
            int lastFrame = frames.get(frames.size() - 1).entry().frame().getAsInt();
            if (frames.size() > 1) h.append(' ').append(firstFrame).append('\u2013').append(lastFrame);
            h.append("</h2>\n");
            if (sameOptions) h.append("<p class=\"meta\"><code>").append(escape(options)).append("</code></p>\n");
            h.append("<div class=\"frames\">\n");
            for (Shown f : frames) {
                figure(h, f, "frame " + f.entry().frame().getAsInt(), !sameOptions, FRAME_WIDTH, FRAME_HEIGHT);
            }
            h.append("</div>\n</section>\n");
        }
        if (!failures.isEmpty()) {
            h.append("<h2>Failed</h2>\n<ul class=\"failed\">\n");
            for (Failure f : failures) {
                h.append("<li><strong>").append(escape(f.name())).append("</strong>: <span class=\"reason\">")
                        .append(escape(f.reason() == null ? "" : f.reason())).append("</span>");
                if (f.log() != null) {
                    h.append(" (<a href=\"").append(escape(logAddress(folder, f.log()))).append("\">")
                            .append(escape(f.log().getFileName().toString())).append("</a>)");
                }
                h.append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /**
     * One image: its thumbnail at the size that fits the box with the thumbnail's own proportions (so the figure
     * has the image's shape, never bars), linking to the image, and the caption.
     */
    private static void figure(StringBuilder h, Shown s, String label, boolean withOptions, int boxWidth, int boxHeight) {
        h.append("<figure><a href=\"").append(escape(uri(s.name()))).append("\">");
        Thumbnail t = s.thumbnail();
        if (t == null) {
            h.append("<span class=\"none\">no preview</span>");
        } else {
            int[] shown = fit(t.width(), t.height(), boxWidth, boxHeight);
            h.append("<img src=\"").append(escape(uri(t.address()))).append("\" width=\"").append(shown[0])
                    .append("\" height=\"").append(shown[1]).append('"');
            if (shown[0] > t.width()) h.append(" class=\"up\"");
            h.append(" alt=\"").append(escape(s.name())).append("\" loading=\"lazy\">");
        }
        h.append("</a><figcaption><span class=\"name\">").append(escape(label)).append("</span>");
        Manifest.Entry e = s.entry();
        if (e != null) {
            h.append("<br><span class=\"meta\">").append(escape(seconds(e.seconds())));
            if (!e.worker().isEmpty()) h.append(" on ").append(escape(e.worker()));
            h.append("</span>");
            if (withOptions) h.append("<br><code>").append(escape(e.options())).append("</code>");
        }
        h.append("</figcaption></figure>\n");
    }

    /** {@code width x height} scaled (up or down) to fit {@code boxWidth x boxHeight}, proportions kept. */
    static int[] fit(int width, int height, int boxWidth, int boxHeight) {
        double scale = Math.min((double) boxWidth / width, (double) boxHeight / height);
        return new int[] {Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))};
    }

    static String seconds(double seconds) {
        if (seconds < 60) return String.format(Locale.ROOT, "%.1f s", seconds);
        long s = Math.round(seconds);
        return s / 3600 > 0 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    /** Relative to the page when the log is in the output folder (as it always is), else a file: address. */
    private static String logAddress(Path folder, Path log) {
        Path dir = folder.toAbsolutePath().normalize();
        Path file = log.toAbsolutePath().normalize();
        if (file.startsWith(dir) && !file.equals(dir)) {
            List<String> parts = new ArrayList<>();
            for (Path p : dir.relativize(file)) parts.add(p.toString());
            return uri(String.join("/", parts));
        }
        return file.toUri().toASCIIString();
    }

    /** Percent-encodes every byte of each '/'-separated segment but the unreserved ones (so "a:b" is no scheme). */
    static String uri(String relative) {
        StringBuilder s = new StringBuilder();
        for (byte b : relative.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                s.append(c);
            } else {
                s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return s.toString();
    }

    static String escape(String raw) {
        // worker text is stripped where it enters; this keeps the page free of controls whatever reaches it
        String text = WorkerText.strip(raw, WorkerText.Layout.LINES);
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
