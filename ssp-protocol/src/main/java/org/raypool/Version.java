package org.raypool;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The RayPool release, filtered in at build time, shared by every program's {@code --version}. */
public final class Version {
    private Version() {}

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
