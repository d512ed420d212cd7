package org.raypool.submit.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.raypool.submit.pack.PovrayOption;

/**
 * Reads a POV-Ray INI file the way POV-Ray 3.7 does, for planning: {@code Keyword=value} lines and {@code +X}/{@code -X}
 * switches (several on a line), {@code ;} comments, and section labels: without a section only the lines before
 * the first label count, with a section those and the section's lines (labels are not case sensitive; checked
 * against POV-Ray 3.7.0). A line naming another INI file is refused: farm-submit would not see its settings.
 */
final class IniReader {

    private IniReader() {}

    static List<Setting> read(Path ini, Optional<String> section) throws PlanException {
        List<String> lines;
        try {
            lines = Files.readAllLines(ini, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new PlanException("cannot read the INI file " + ini + ": " + e.getMessage());
        }
        return parse(ini.toString(), lines, section);
    }

    static List<Setting> parse(String name, List<String> lines, Optional<String> section) throws PlanException {
        List<Setting> settings = new ArrayList<>();
        boolean reading = true;
        boolean sectionFound = section.isEmpty();
        for (int i = 0; i < lines.size(); i++) {
            String where = name + " line " + (i + 1);
            String line = lines.get(i);
            int comment = line.indexOf(';');
            if (comment >= 0) line = line.substring(0, comment);
            line = line.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                String label = end < 0 ? line.substring(1) : line.substring(1, end);
                reading = section.isPresent() && section.get().strip().equalsIgnoreCase(label.strip());
                sectionFound |= reading;
                continue;
            }
            if (!reading) continue;
            if (line.startsWith("+") || line.startsWith("-")) {
                for (String word : line.split("\\s+")) {
                    Optional<PovrayOption> option = PovrayOption.fromSwitch(word);
                    if (option.isEmpty()) {
                        throw new PlanException(where + ": '" + word + "' is not a POV-Ray switch; fix the line");
                    }
                    settings.add(new Setting(option.get(), where));
                }
                continue;
            }
            Optional<PovrayOption> option = PovrayOption.fromIniSetting(line);
            if (option.isEmpty()) {
                throw new PlanException(where + ": '" + line + "' names another INI file, which farm-submit does not "
                        + "read; copy its settings into " + name);
            }
            settings.add(new Setting(option.get(), where));
        }
        if (!sectionFound) {
            throw new PlanException(name + " has no section [" + section.get() + "]; check the name after the file");
        }
        return settings;
    }
}
