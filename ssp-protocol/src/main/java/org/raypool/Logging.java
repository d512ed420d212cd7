package org.raypool;

import java.util.List;
import java.util.Locale;

/**
 * Configures the programs' logging before the first logger exists. The programs log through SLF4J's simple
 * binding: one line per event on standard error, with time and thread, which is what a service journal wants.
 */
public final class Logging {
    private static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

    private Logging() {}

    /** @throws IllegalArgumentException naming the accepted levels */
    public static void configure(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(l)) {
            throw new IllegalArgumentException("'" + level + "' is not a log level; use one of " + String.join(", ", LEVELS));
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
