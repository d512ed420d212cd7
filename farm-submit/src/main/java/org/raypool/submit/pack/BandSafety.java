package org.raypool.submit.pack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a frame cut into bands ({@code +SR/+ER}) stitches back into exactly the whole-frame render. Measured with
 * POV-Ray 3.7 (docs/bands.md): radiosity samples depend on the rows rendered before (even with a saved and
 * reloaded sample file), and so does the random stream of a jittered area light and of jittered media sampling;
 * photons, focal blur, {@code +J}, {@code rand()}, non-jittered area lights and media are equal. Only formats that
 * farm-submit can read and write losslessly are stitched. The scene and the include files in its folder are read
 * with {@link SdlTokenizer}; an include that is not there (a standard one) is not looked into.
 */
public final class BandSafety {
    private static final int MAX_FILES = 200;

    private BandSafety() {}

    /**
     * Why a frame of {@code job} must be rendered whole; empty when its bands stitch pixel for pixel.
     *
     * @param alpha whether the image has an alpha channel ({@code Output_Alpha}, {@code +UA}) as planned
     */
    public static Optional<String> whyWhole(RenderJob job, boolean alpha) {
        Optional<String> format = formatReason(job.format(), alpha);
        if (format.isPresent()) return format;
        return sceneReason(job.scene());
    }

    /** Why bands in {@code job}'s format cannot be stitched losslessly here; empty when they can. */
    static Optional<String> formatReason(OutputFormat format, boolean alpha) {
        return switch (format) {
            case PNG, TGA, TGA_COMPRESSED, PPM -> Optional.empty();
            case BMP -> alpha ? Optional.of("the alpha of a 32-bit BMP cannot be written back here") : Optional.empty();
            case JPEG -> Optional.of("JPEG is lossy: a stitched file would be compressed twice");
            case EXR -> Optional.of("OpenEXR cannot be read or written here");
            case HDR -> Optional.of("Radiance HDR cannot be written here");
        };
    }

    /** The first feature of the scene (or its local includes) that makes bands differ, as a reason. */
    static Optional<String> sceneReason(Path scene) {
        Deque<Path> todo = new ArrayDeque<>(List.of(scene));
        Set<Path> seen = new HashSet<>();
        while (!todo.isEmpty() && seen.size() < MAX_FILES) {
            Path file = todo.pop().toAbsolutePath().normalize();
            if (!seen.add(file) || !Files.isRegularFile(file)) continue;
            String text;
            try {
                text = Files.readString(file, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                continue; // packaging reports unreadable files
            }
            List<SdlTokenizer.Token> tokens = SdlTokenizer.tokenize(text);
            Optional<String> why = reason(tokens);
            if (why.isPresent()) return why;
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).is(SdlTokenizer.Kind.DIRECTIVE, "include")
                        && tokens.get(i + 1).kind() == SdlTokenizer.Kind.STRING) {
                    Path parent = file.getParent();
                    todo.add(parent == null ? Path.of(tokens.get(i + 1).text()) : parent.resolve(tokens.get(i + 1).text()));
                }
            }
        }
        return Optional.empty();
    }

    /** Radiosity in the global settings; {@code jitter} inside a light source (area light) or a media block. */
    static Optional<String> reason(List<SdlTokenizer.Token> tokens) {
        Deque<String> blocks = new ArrayDeque<>();
        String lastWord = "";
        for (SdlTokenizer.Token t : tokens) {
            if (t.kind() == SdlTokenizer.Kind.WORD) {
                if (t.text().equals("radiosity") && "global_settings".equals(blocks.peek())) {
                    return Optional.of("radiosity samples differ per band (line " + t.line() + ")");
                }
                if (t.text().equals("jitter") && blocks.contains("light_source")) {
                    return Optional.of("a jittered area light samples differently per band (line " + t.line() + ")");
                }
                if (t.text().equals("jitter") && blocks.contains("media")) {
                    return Optional.of("jittered media samples differently per band (line " + t.line() + ")");
                }
                lastWord = t.text();
            } else if (t.is(SdlTokenizer.Kind.SYMBOL, "{")) {
                blocks.push(lastWord);
                lastWord = "";
            } else if (t.is(SdlTokenizer.Kind.SYMBOL, "}")) {
                if (!blocks.isEmpty()) blocks.pop();
                lastWord = "";
            }
        }
        return Optional.empty();
    }
}
