package org.raypool.submit.pack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The size of the whole rendered frame in pixels, as in {@code --size 1024x768}. */
public record ImageSize(int width, int height) {

    private static final Pattern WIDTH_X_HEIGHT = Pattern.compile("(\\d{1,6})[xX](\\d{1,6})");

    public ImageSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + width + "x" + height);
        }
    }

    /** Parses "WIDTHxHEIGHT", e.g. "1024x768". */
    public static ImageSize parse(String text) {
        Matcher m = WIDTH_X_HEIGHT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("image size must look like 1024x768, got '" + text + "'");
        }
        return new ImageSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
