package org.raypool.submit.pack;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One POV-Ray 3.7 option, written as a command-line switch ({@code +W640}, {@code -A}) or as an INI line
 * ({@code Width=640}), reduced to its INI keyword and value so that both spellings mean the same to farm-submit.
 * Only the options farm-submit plans with or owns are known by name; every other option keeps its own text as
 * keyword and is passed through untouched (POV-Ray reads it on the worker).
 *
 * @param keyword the INI keyword ("Width", "Initial_Frame", ...), or the switch itself for an unknown switch
 * @param value   the value as POV-Ray reads it: a number, a name, "on"/"off" for a switch without value
 * @param text    the option as the user wrote it, for messages
 */
public record PovrayOption(String keyword, String value, String text) {

    /** A switch letter (after + or -), its INI keyword, and whether a value follows the letters. */
    private record Switch(String letters, String keyword, Kind kind) {}

    private enum Kind {
        /** a value follows: +W640, +KFI1, +Iscene.pov */
        VALUE,
        /** on with +, off with -: +KC, -D (a value may follow, e.g. a display type, and is kept) */
        FLAG,
        /** a number follows, else the switch is not this option (+W640 is Width, +WT2 Work_Threads) */
        NUMBER
    }

    /** Longest letters first, so that +KFI is not read as +K with value "FI". */
    private static final List<Switch> SWITCHES = List.of(
            new Switch("KFI", "Initial_Frame", Kind.VALUE), new Switch("KFF", "Final_Frame", Kind.VALUE),
            new Switch("STP", "Frame_Step", Kind.VALUE),
            new Switch("KI", "Initial_Clock", Kind.VALUE), new Switch("KF", "Final_Clock", Kind.VALUE),
            new Switch("KC", "Cyclic_Animation", Kind.FLAG),
            new Switch("SF", "Subset_Start_Frame", Kind.VALUE), new Switch("EF", "Subset_End_Frame", Kind.VALUE),
            new Switch("SR", "Start_Row", Kind.VALUE), new Switch("ER", "End_Row", Kind.VALUE),
            new Switch("SC", "Start_Column", Kind.VALUE), new Switch("EC", "End_Column", Kind.VALUE),
            new Switch("WT", "Work_Threads", Kind.VALUE), new Switch("HI", "Include_Header", Kind.VALUE),
            new Switch("UA", "Output_Alpha", Kind.FLAG),
            new Switch("K", "Clock", Kind.VALUE),
            new Switch("W", "Width", Kind.NUMBER), new Switch("H", "Height", Kind.NUMBER),
            new Switch("F", "Output_File_Type", Kind.FLAG), new Switch("I", "Input_File_Name", Kind.VALUE),
            new Switch("O", "Output_File_Name", Kind.VALUE), new Switch("L", "Library_Path", Kind.VALUE),
            new Switch("A", "Antialias", Kind.FLAG), new Switch("D", "Display", Kind.FLAG),
            new Switch("V", "Verbose", Kind.FLAG), new Switch("P", "Pause_When_Done", Kind.FLAG));

    /** INI keywords as POV-Ray spells them, for matching INI lines case-insensitively. */
    private static final List<String> KEYWORDS = List.of("Width", "Height", "Initial_Frame", "Final_Frame",
            "Initial_Clock", "Final_Clock", "Subset_Start_Frame", "Subset_End_Frame", "Frame_Step", "Cyclic_Animation",
            "Clock", "Output_File_Type", "Output_To_File", "Output_File_Name", "Input_File_Name", "Library_Path",
            "Antialias", "Antialias_Threshold", "Display", "Verbose", "Pause_When_Done", "Work_Threads", "Start_Row",
            "End_Row", "Start_Column", "End_Column", "Include_Header", "Output_Alpha", "Bits_Per_Color");

    /**
     * Reads a switch such as {@code +W640}, {@code -A} or {@code +KFI1}; empty if {@code text} is not a switch
     * (does not start with + or - and a letter).
     */
    public static Optional<PovrayOption> fromSwitch(String text) {
        if (text.length() < 2 || (text.charAt(0) != '+' && text.charAt(0) != '-') || !Character.isLetter(text.charAt(1))) {
            return Optional.empty();
        }
        boolean plus = text.charAt(0) == '+';
        String body = text.substring(1);
        String upper = body.toUpperCase(Locale.ROOT);
        for (Switch s : SWITCHES) {
            if (!upper.startsWith(s.letters())) continue;
            String rest = body.substring(s.letters().length());
            switch (s.kind()) {
                case NUMBER -> {
                    if (rest.isEmpty() || !Character.isDigit(rest.charAt(0))) continue;
                    return Optional.of(new PovrayOption(s.keyword(), rest, text));
                }
                case VALUE -> {
                    return Optional.of(new PovrayOption(s.keyword(), stripQuotes(rest), text));
                }
                case FLAG -> {
                    if (s.keyword().equals("Output_File_Type")) {
                        if (!plus) return Optional.of(new PovrayOption("Output_To_File", "off", text));
                        return Optional.of(rest.isEmpty() ? new PovrayOption("Output_To_File", "on", text)
                                : new PovrayOption("Output_File_Type", rest, text));
                    }
                    if (s.keyword().equals("Antialias") && plus && !rest.isEmpty()) {
                        return Optional.of(new PovrayOption("Antialias_Threshold", rest, text));
                    }
                    return Optional.of(new PovrayOption(s.keyword(), plus ? "on" : "off", text));
                }
                default -> throw new IllegalStateException();
            }
        }
        return Optional.of(new PovrayOption(text, plus ? "on" : "off", text));
    }

    /** Reads an INI line's {@code Keyword=value} (comment already removed); empty if it has no '='. */
    public static Optional<PovrayOption> fromIniSetting(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0) return Optional.empty();
        String key = line.substring(0, eq).strip();
        String value = stripQuotes(line.substring(eq + 1).strip());
        String keyword = KEYWORDS.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElse(key);
        return Optional.of(new PovrayOption(keyword, value, line.strip()));
    }

    /** The value read as POV-Ray reads a boolean ("on", "true", "yes", "1"). */
    public boolean isOn() {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.equals("on") || v.equals("true") || v.equals("yes") || v.equals("1");
    }

    private static String stripQuotes(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
