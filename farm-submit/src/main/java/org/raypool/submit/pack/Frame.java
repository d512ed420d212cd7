package org.raypool.submit.pack;

/**
 * Which frame of an animation a job renders, or {@link #STILL} for a scene that is not animated. {@code digits} is
 * the width POV-Ray pads frame numbers to in file names: the number of digits of the animation's final frame
 * (POV-Ray 3.7 writes frame 3 of 1..8 as {@code name3.png}, of 1..12 as {@code name03.png}).
 */
public record Frame(int number, int digits) {

    /** Not an animation: no frame number in names, no frame subset. */
    public static final Frame STILL = new Frame(-1, 0);

    public Frame {
        if (digits == 0 ? number != -1 : (number < 0 || digits < 1 || digits > 10)) {
            throw new IllegalArgumentException("a frame needs a number >= 0 and a padding width of 1 to 10 digits, got "
                    + number + " padded to " + digits);
        }
    }

    /** Frame {@code number} of an animation whose final frame is {@code finalFrame}. */
    public static Frame of(int number, int finalFrame) {
        return new Frame(number, Integer.toString(Math.max(finalFrame, number)).length());
    }

    public boolean isStill() {
        return digits == 0;
    }

    /** The number zero-padded as POV-Ray pads it, "" for a still. */
    public String padded() {
        if (isStill()) return "";
        String n = Integer.toString(number);
        return "0".repeat(Math.max(0, digits - n.length())) + n;
    }

    @Override
    public String toString() {
        return isStill() ? "still" : "frame " + number;
    }
}
