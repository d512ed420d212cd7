package org.raypool.submit.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.raypool.submit.pack.Frame;

/**
 * The frames POV-Ray 3.7 renders for an animation: from {@code Subset_Start_Frame} (else {@code Initial_Frame}) in
 * steps of {@code Frame_Step} up to {@code Subset_End_Frame} (else {@code Final_Frame}). Checked against POV-Ray
 * 3.7.0: {@code +KFI1 +KFF8 +STP2} renders 1, 3, 5, 7 and with {@code +SF2 +EF6} renders 2, 4, 6. The clock of each
 * frame is left to POV-Ray: every frame is rendered with the whole animation's settings plus a one-frame subset.
 */
record Animation(int initialFrame, int finalFrame, int step, int firstFrame, int lastFrame) {

    Animation {
        if (finalFrame <= initialFrame || step < 1 || firstFrame < initialFrame || lastFrame > finalFrame) {
            throw new IllegalArgumentException("not an animation: frames " + initialFrame + ".." + finalFrame + " step " + step
                    + " subset " + firstFrame + ".." + lastFrame);
        }
    }

    /** The animation the settings describe (the last value of each option counts), or empty for a still. */
    static Optional<Animation> of(List<Setting> settings) throws PlanException {
        Setting initial = Setting.last(settings, "Initial_Frame");
        Setting fin = Setting.last(settings, "Final_Frame");
        int initialFrame = initial == null ? 1 : frameNumber(initial);
        int finalFrame = fin == null ? initialFrame : frameNumber(fin);
        if (fin != null && finalFrame < initialFrame) {
            throw new PlanException(fin.shown() + " ends the animation before its first frame " + initialFrame
                    + "; give a Final_Frame after Initial_Frame");
        }
        if (finalFrame == initialFrame) return Optional.empty();
        Setting stepSetting = Setting.last(settings, "Frame_Step");
        int step = stepSetting == null ? 1 : frameNumber(stepSetting);
        if (step < 1) throw new PlanException(stepSetting.shown() + ": the frame step must be 1 or more");
        Setting start = Setting.last(settings, "Subset_Start_Frame");
        Setting end = Setting.last(settings, "Subset_End_Frame");
        int first = start == null ? initialFrame : frameNumber(start);
        int lastFrame = end == null ? finalFrame : frameNumber(end);
        if (first < initialFrame || lastFrame > finalFrame || first > lastFrame) {
            throw new PlanException("the subset " + first + ".." + lastFrame + " (" + (start != null ? start.shown()
                    : end != null ? end.shown() : "") + ") is not within the animation's frames " + initialFrame + ".."
                    + finalFrame + "; give frames inside it");
        }
        return Optional.of(new Animation(initialFrame, finalFrame, step, first, lastFrame));
    }

    /** This animation rendering only frames {@code from..to} (as {@code --frames} asks). */
    Animation subset(int from, int to, String shown) throws PlanException {
        if (from < initialFrame || to > finalFrame || from > to) {
            throw new PlanException(shown + ": frames " + from + ".." + to + " are not within the animation's frames "
                    + initialFrame + ".." + finalFrame);
        }
        return new Animation(initialFrame, finalFrame, step, from, to);
    }

    List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        for (long n = firstFrame; n <= lastFrame; n += step) frames.add(Frame.of((int) n, finalFrame));
        return frames;
    }

    private static int frameNumber(Setting s) throws PlanException {
        String v = s.value().strip();
        if (v.contains(".")) {
            throw new PlanException(s.shown() + ": give a whole frame number (farm-submit does not take POV-Ray's "
                    + "fractional subsets)");
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new PlanException(s.shown() + ": '" + v + "' is not a frame number (0 or more)");
        }
    }
}
