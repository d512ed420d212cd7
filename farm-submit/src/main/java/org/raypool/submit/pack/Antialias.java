package org.raypool.submit.pack;

import java.math.BigDecimal;

/** POV-Ray's adaptive antialiasing: off ({@code -A}) or on with a threshold ({@code +A0.3}). */
public record Antialias(boolean enabled, double threshold) {

    public Antialias {
        if (enabled && !(threshold > 0 && threshold <= 3)) {
            throw new IllegalArgumentException("antialias threshold must be in (0, 3], got " + threshold);
        }
        if (!enabled) {
            threshold = 0;
        }
    }

    public static Antialias off() {
        return new Antialias(false, 0);
    }

    public static Antialias threshold(double threshold) {
        return new Antialias(true, threshold);
    }

    /** The value ssrun reads from job.conf: the threshold as plain decimal, or "off". */
    public String settingValue() {
        return enabled ? BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString() : "off";
    }

    /** The POV-Ray command-line option, e.g. {@code +A0.3} or {@code -A}. */
    public String povrayOption() {
        return enabled ? "+A" + settingValue() : "-A";
    }
}
