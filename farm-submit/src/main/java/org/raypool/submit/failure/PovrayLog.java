package org.raypool.submit.failure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a render log says ({@code output.txt}: ssrun's lines starting with {@code ssrun: }, then POV-Ray 3.7's stdout
 * and stderr), read as POV-Ray writes it: messages wrapped at 80 columns with a leading space on every continuation
 * line, parser messages as {@code File 'inc/x.inc' line 12: Parse Error: ...}.
 */
public final class PovrayLog {
    private static final String SSRUN = "ssrun: ";
    private static final Pattern LOCATED = Pattern.compile("File '(.+)' line (\\d+): (.*)");
    private static final Pattern EXIT_CODE = Pattern.compile("POV-Ray exit code (\\d+)");
    private static final Pattern CANNOT_FIND = Pattern.compile("Cannot find file '([^']+)'");
    private static final Pattern CANNOT_OPEN_INCLUDE = Pattern.compile("Cannot open include file (.+?)\\.?$");

    /**
     * One message of POV-Ray's parser.
     *
     * @param file where POV-Ray located it, as POV-Ray names the file (relative to the scene folder, or absolute for
     *             its own include files); empty when POV-Ray gave no place
     * @param text the message, e.g. {@code Parse Error: No matching } in 'sphere', camera found instead}
     */
    public record Message(Optional<String> file, int line, String text) {

        /** A {@code Parse Error}, not a {@code Possible Parse Error} or a warning. */
        public boolean isError() {
            return text.startsWith("Parse Error:");
        }

        public boolean isPossibleError() {
            return text.startsWith("Possible Parse Error:");
        }
    }

    private final List<String> lines;
    private final List<String> ssrunLines;
    private final List<String> povrayLines;
    private final List<Message> messages;

    private PovrayLog(List<String> lines) {
        this.lines = List.copyOf(lines);
        List<String> ssrun = new ArrayList<>();
        List<String> povray = new ArrayList<>();
        List<Message> found = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(SSRUN)) {
                ssrun.add(line.substring(SSRUN.length()));
                continue;
            }
            povray.add(line);
            Matcher located = LOCATED.matcher(line);
            if (located.matches()) {
                found.add(new Message(Optional.of(located.group(1)), Integer.parseInt(located.group(2)), located.group(3)));
            } else if (line.startsWith("Parse Error:") || line.startsWith("Possible Parse Error:")) {
                found.add(new Message(Optional.empty(), 0, line));
            }
        }
        this.ssrunLines = List.copyOf(ssrun);
        this.povrayLines = List.copyOf(povray);
        this.messages = List.copyOf(found);
    }

    /** Reads a log; POV-Ray's wrapped messages come out as one line each. */
    public static PovrayLog parse(String log) {
        List<String> lines = new ArrayList<>();
        for (String raw : log.split("\r?\n", -1)) {
            String line = stripEnd(raw);
            if (!lines.isEmpty() && isContinuation(line) && isMessage(lines.get(lines.size() - 1))) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.strip());
            } else {
                lines.add(line);
            }
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
        return new PovrayLog(lines);
    }

    private static boolean isContinuation(String line) {
        return line.length() > 1 && line.charAt(0) == ' ' && line.charAt(1) != ' ';
    }

    private static boolean isMessage(String line) {
        return line.startsWith("File '") || line.contains("Error") || line.contains("Warning") || line.contains("error");
    }

    private static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) end--;
        return s.substring(0, end);
    }

    /** Every line, POV-Ray's wrapped messages joined. */
    public List<String> lines() {
        return lines;
    }

    /** ssrun's own lines, without the {@code ssrun: } prefix. */
    public List<String> ssrunLines() {
        return ssrunLines;
    }

    /** Everything but ssrun's lines: what POV-Ray (or the shell that ran it) printed. */
    public List<String> povrayLines() {
        return povrayLines;
    }

    public List<Message> messages() {
        return messages;
    }

    /** POV-Ray's exit code as ssrun logged it ({@code ssrun: POV-Ray exit code 1}); empty if POV-Ray did not run. */
    public OptionalInt povrayExitCode() {
        OptionalInt code = OptionalInt.empty();
        for (String line : ssrunLines) {
            Matcher m = EXIT_CODE.matcher(line);
            if (m.matches()) code = OptionalInt.of(Integer.parseInt(m.group(1)));
        }
        return code;
    }

    /** ssrun's lines after the one with POV-Ray's exit code (all of them if POV-Ray did not run). */
    public List<String> ssrunLinesAfterPovray() {
        for (int i = ssrunLines.size() - 1; i >= 0; i--) {
            if (EXIT_CODE.matcher(ssrunLines.get(i)).matches()) return ssrunLines.subList(i + 1, ssrunLines.size());
        }
        return ssrunLines;
    }

    /**
     * The message POV-Ray stopped on: its last {@code Parse Error}, else its last {@code Possible Parse Error} (a
     * missing image file ends with those alone).
     */
    public Optional<Message> stoppedOn() {
        Optional<Message> possible = Optional.empty();
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (m.isError()) return Optional.of(m);
            if (m.isPossibleError() && possible.isEmpty()) possible = Optional.of(m);
        }
        return possible;
    }

    /** The file POV-Ray could not find or open, as the scene names it, if that is why it stopped. */
    public Optional<String> missingFile() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            String text = messages.get(i).text();
            Matcher find = CANNOT_FIND.matcher(text);
            if (find.find()) return Optional.of(find.group(1));
            Matcher open = CANNOT_OPEN_INCLUDE.matcher(text);
            if (open.find()) return Optional.of(open.group(1));
        }
        return Optional.empty();
    }

    /** The first line that contains {@code text}, ignoring case. */
    public Optional<String> lineContaining(String text) {
        String wanted = text.toLowerCase(java.util.Locale.ROOT);
        return lines.stream().filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains(wanted)).findFirst();
    }

    /** POV-Ray's last non-empty line, e.g. a shell's "Killed" or a C++ runtime's "terminate called ...". */
    public Optional<String> lastPovrayLine() {
        for (int i = povrayLines.size() - 1; i >= 0; i--) {
            if (!povrayLines.get(i).isBlank()) return Optional.of(povrayLines.get(i).strip());
        }
        return Optional.empty();
    }
}
