package org.raypool.worker.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.raypool.worker.DurationText;

/**
 * One serve window: it opens whenever a Quartz cron expression fires and stays open for a fixed duration, i.e. it
 * is open during {@code [opening, opening + duration)}. Quartz only answers "when is the next opening"; the worker's
 * protocol timers never go through it.
 *
 * <p>Two spellings (the first is turned into the second):
 * <ul>
 *   <li>{@code DAYS HH:MM-HH:MM}, e.g. {@code MON-FRI 18:00-08:00}: opens at the first time on the given days
 *       (a Quartz day-of-week field: {@code MON-FRI}, {@code SAT,SUN}, {@code *}) and closes at the second; an end
 *       not after the start is on the next day ({@code 00:00-00:00} is 24 hours). The example is
 *       {@code 0 0 18 ? * MON-FRI for 14h}.</li>
 *   <li>{@code CRON for DURATION}, e.g. {@code 0 30 12 ? * SAT,SUN for 6h}: any Quartz cron expression (seconds,
 *       minutes, hours, day of month, month, day of week, optional year) and a duration such as {@code 14h} or
 *       {@code 1h30m}.</li>
 * </ul>
 * Times are in the worker's time zone, and durations count on its wall clock: a window keeps its local closing
 * time on the nights daylight saving time begins or ends.
 *
 * @param cron     the Quartz cron expression of the openings
 * @param duration how long each opening lasts
 * @param text     what the user wrote
 */
public record ServeWindow(String cron, Duration duration, String text) {
    private static final Pattern CLOCK_RANGE =
            Pattern.compile("(\\S+)\\s+(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");
    private static final Duration CLOCK_CHANGE_MARGIN = Duration.ofHours(1);
    private static final Pattern CRON_FOR = Pattern.compile("(.+?)\\s+for\\s+(\\S+)", Pattern.CASE_INSENSITIVE);

    public ServeWindow {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("serve window '" + text + "': the duration must be positive");
        }
        try {
            new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("serve window '" + text + "': '" + cron + "' is not a Quartz cron "
                    + "expression (" + e.getMessage() + ")");
        }
    }

    /** @throws IllegalArgumentException naming the problem and the two accepted spellings */
    public static ServeWindow parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher clock = CLOCK_RANGE.matcher(t);
        if (clock.matches()) {
            int startHour = Integer.parseInt(clock.group(2));
            int startMinute = Integer.parseInt(clock.group(3));
            int endHour = Integer.parseInt(clock.group(4));
            int endMinute = Integer.parseInt(clock.group(5));
            if (startHour > 23 || endHour > 24 || startMinute > 59 || endMinute > 59
                    || (endHour == 24 && endMinute != 0)) {
                throw new IllegalArgumentException("serve window '" + text + "': times are HH:MM, 00:00 to 23:59");
            }
            int start = startHour * 60 + startMinute;
            int end = endHour * 60 + endMinute;
            int minutes = Math.floorMod(end - start - 1, 24 * 60) + 1;
            return new ServeWindow("0 " + startMinute + " " + startHour + " ? * " + clock.group(1),
                    Duration.ofMinutes(minutes), t);
        }
        Matcher cronFor = CRON_FOR.matcher(t);
        if (cronFor.matches()) {
            return new ServeWindow(cronFor.group(1).trim(), DurationText.parse(cronFor.group(2)), t);
        }
        throw new IllegalArgumentException("'" + text + "' is not a serve window; write 'DAYS HH:MM-HH:MM' "
                + "(e.g. 'MON-FRI 18:00-08:00') or 'CRON for DURATION' (e.g. '0 0 18 ? * MON-FRI for 14h')");
    }

    /** Whether the window is open at {@code t}. */
    public boolean isOpen(Instant t, ZoneId zone) {
        return in(zone).isOpen(t);
    }

    /** The first opening or closing strictly after {@code t}; empty if the expression never fires again. */
    public Optional<Instant> nextBoundary(Instant t, ZoneId zone) {
        return in(zone).nextBoundary(t);
    }

    /** The window's openings in {@code zone}, parsed once for many questions; not thread-safe. */
    Openings in(ZoneId zone) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalStateException("checked in the constructor", e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        return new Openings(expression, zone);
    }

    /** Answers about one window in one time zone (a Quartz expression is mutable, hence not shared). */
    final class Openings {
        private final CronExpression expression;
        private final ZoneId zone;

        private Openings(CronExpression expression, ZoneId zone) {
            this.expression = expression;
            this.zone = zone;
        }

        boolean isOpen(Instant t) {
            for (Date o = expression.getTimeAfter(scanStart(t)); o != null && !o.toInstant().isAfter(t);
                    o = expression.getTimeAfter(o)) {
                if (closing(o.toInstant()).isAfter(t)) {
                    return true;
                }
            }
            return false;
        }

        Optional<Instant> nextBoundary(Instant t) {
            Date o = expression.getTimeAfter(scanStart(t));
            Instant closing = null;
            for (; o != null && !o.toInstant().isAfter(t); o = expression.getTimeAfter(o)) {
                Instant c = closing(o.toInstant());
                if (closing == null && c.isAfter(t)) {
                    closing = c; // closings grow with openings: the first one after t is the earliest
                }
            }
            Instant opening = o == null ? null : o.toInstant();
            if (opening == null || (closing != null && closing.isBefore(opening))) {
                return Optional.ofNullable(closing);
            }
            return Optional.of(opening);
        }

        /**
         * When the window opened at {@code opening} closes: the duration is counted on the local wall clock, so
         * {@code 18:00-08:00} closes at 08:00 also on the nights the clocks change.
         */
        private Instant closing(Instant opening) {
            return opening.atZone(zone).toLocalDateTime().plus(duration).atZone(zone).toInstant();
        }

        /**
         * Openings before this cannot be open at {@code t} any more: they lie a duration (on the wall clock)
         * before {@code t}, less an hour for a clock change in between.
         */
        private Date scanStart(Instant t) {
            return Date.from(t.atZone(zone).toLocalDateTime().minus(duration).atZone(zone).toInstant()
                    .minus(CLOCK_CHANGE_MARGIN));
        }
    }

    @Override
    public String toString() {
        return "'" + cron + "' for " + DurationText.format(duration);
    }
}
