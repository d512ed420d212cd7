package org.raypool.submit.pack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The ssrun script of examples-povray/ssrun, built into farm-submit as a class-path resource. */
final class SsrunTemplate {

    static final String FILE_NAME = "ssrun";

    private static final byte[] SCRIPT = load();

    private SsrunTemplate() {}

    static byte[] bytes() {
        return SCRIPT.clone();
    }

    private static byte[] load() {
        try (InputStream in = SsrunTemplate.class.getResourceAsStream(FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException("the ssrun template is missing from the class path ("
                        + SsrunTemplate.class.getPackageName().replace('.', '/') + "/" + FILE_NAME + "); farm-submit was built wrongly");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ssrun template", e);
        }
    }
}
