package org.raypool.submit.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --frames A-B} or {@code --frames N}: the frames to render, inclusive. */
public record FrameRange(int first, int last) {

    private static final Pattern RANGE = Pattern.compile("(\\d{1,9})(?:\\s*-\\s*(\\d{1,9}))?");

    public FrameRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("frames must be A-B with 0 <= A <= B, e.g. 1-120; got " + first + "-" + last);
        }
    }

    public static FrameRange parse(String text) {
        Matcher m = RANGE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a frame range like 1-120 (or one frame like 7)");
        }
        int a = Integer.parseInt(m.group(1));
        return new FrameRange(a, m.group(2) == null ? a : Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
