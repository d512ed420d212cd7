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
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code index.html} in the output folder: a self-contained page (no scripts, nothing fetched from elsewhere) with a
 * thumbnail of every image in the folder, each linking to the full PNG, and the scenes that failed with their
 * reason and log. Thumbnails live in {@code thumbnails/} under the image's name and are made again only when the
 * image changed.
 */
public final class ContactSheet {
    private static final Logger LOG = LoggerFactory.getLogger(ContactSheet.class);
    public static final String INDEX = "index.html";
    public static final String THUMBNAILS = "thumbnails";
    static final int THUMBNAIL_WIDTH = 320;
    static final int THUMBNAIL_HEIGHT = 240;

    /** A scene that failed; {@code log} may be null. */
    public record Failure(String name, String reason, Path log) {}

    private record Shown(String name, String thumbnail) {}

    private ContactSheet() {}

    /** Writes {@link #INDEX} (atomically) for the images now in {@code output}'s folder and {@code failures}. */
    public static void write(OutputCollector output, List<Failure> failures, String title) throws IOException {
        List<Path> images = output.images();
        List<Shown> shown = new ArrayList<>();
        for (Path image : images) {
            String name = image.getFileName().toString();
            shown.add(new Shown(name, thumbnail(output, image)));
        }
        pruneThumbnails(output.folder().resolve(THUMBNAILS), images);
        byte[] page = page(title, shown, failures, output.folder()).getBytes(StandardCharsets.UTF_8);
        output.writeAtomically(output.folder().resolve(INDEX), page);
    }

    /** The thumbnail's address relative to the page; the full image's if no thumbnail can be made. */
    private static String thumbnail(OutputCollector output, Path image) {
        String name = image.getFileName().toString();
        Path thumb = output.folder().resolve(THUMBNAILS).resolve(name);
        try {
            FileTime imageTime = Files.getLastModifiedTime(image);
            if (!Files.isRegularFile(thumb) || !Files.getLastModifiedTime(thumb).equals(imageTime)) {
                byte[] png = scaledPng(image);
                if (png == null) return name;
                Files.createDirectories(thumb.getParent());
                output.writeAtomically(thumb, png);
                // Same time as the image: a changed image (a forced re-render) gets a new thumbnail.
                Files.setLastModifiedTime(thumb, imageTime);
            }
            return THUMBNAILS + "/" + name;
        } catch (IOException | RuntimeException e) {
            LOG.warn("no thumbnail for {}: {}", image, e.toString());
            return name;
        }
    }

    /** The image shrunk to fit the thumbnail box (as is if it fits), or null if it cannot be read as an image. */
    private static byte[] scaledPng(Path image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in == null) return null;
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= THUMBNAIL_WIDTH && h <= THUMBNAIL_HEIGHT) return Files.readAllBytes(image);
                double scale = Math.min((double) THUMBNAIL_WIDTH / w, (double) THUMBNAIL_HEIGHT / h);
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
            } finally {
                reader.dispose();
            }
        }
    }

    /** Removes thumbnails whose image is gone. */
    private static void pruneThumbnails(Path thumbnails, List<Path> images) {
        if (!Files.isDirectory(thumbnails)) return;
        Set<String> names = new HashSet<>();
        for (Path image : images) names.add(image.getFileName().toString());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(thumbnails, "*.png")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && !names.contains(name)) Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.debug("cannot tidy {}: {}", thumbnails, e.toString());
        }
    }

    private static String page(String title, List<Shown> shown, List<Failure> failures, Path folder) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em;background:#f3f3f3;color:#222}\n")
                .append(".sheet{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:1em}\n")
                .append("figure{margin:0;padding:.5em;background:#fff;border:1px solid #ccc;border-radius:4px}\n")
                .append("figure img{display:block;width:100%;height:160px;object-fit:contain;background:#000}\n")
                .append("figcaption{margin-top:.4em;font-size:.85em;text-align:center;overflow-wrap:anywhere}\n")
                .append(".failed li{margin:.4em 0}\n.reason{color:#a00}\n")
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n")
                .append("<p>").append(shown.size()).append(shown.size() == 1 ? " image" : " images");
        if (!failures.isEmpty()) h.append(", ").append(failures.size()).append(" failed");
        h.append(".</p>\n");
        if (!shown.isEmpty()) {
            h.append("<div class=\"sheet\">\n");
            for (Shown s : shown) {
                String label = s.name().substring(0, s.name().length() - ".png".length());
                h.append("<figure><a href=\"").append(escape(uri(s.name()))).append("\"><img src=\"")
                        .append(escape(uri(s.thumbnail()))).append("\" alt=\"").append(escape(label))
                        .append("\" loading=\"lazy\"></a><figcaption>").append(escape(label))
                        .append("</figcaption></figure>\n");
            }
            h.append("</div>\n");
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

    static String escape(String text) {
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
