package org.raypool.submit.plan;

import java.util.List;
import org.raypool.submit.pack.PovrayOption;

/** A POV-Ray option and where it was given ("anim.ini line 4", "the command line"), for messages. */
record Setting(PovrayOption option, String where) {

    String keyword() {
        return option.keyword();
    }

    String value() {
        return option.value();
    }

    /** The last of {@code settings} with {@code keyword}, or null: POV-Ray keeps the last value given. */
    static Setting last(List<Setting> settings, String keyword) {
        Setting found = null;
        for (Setting s : settings) {
            if (s.keyword().equals(keyword)) found = s;
        }
        return found;
    }

    /** "anim.ini line 4: Width=640", the way messages name it. */
    String shown() {
        return where + ": " + option.text();
    }
}
