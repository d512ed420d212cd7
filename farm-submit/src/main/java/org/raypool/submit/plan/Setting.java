package org.raypool.submit.plan;

import org.raypool.submit.pack.PovrayOption;

/** A POV-Ray option and where it was given ("anim.ini line 4", "the command line"), for messages. */
record Setting(PovrayOption option, String where) {

    String keyword() {
        return option.keyword();
    }

    String value() {
        return option.value();
    }

    /** "anim.ini line 4: Width=640", the way messages name it. */
    String shown() {
        return where + ": " + option.text();
    }
}
