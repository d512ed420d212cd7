package org.raypool.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One file of docs/protocol/vectors, read from the test class path (ssp-protocol's pom puts that folder there as
 * {@code protocol-vectors/}, so the test-jar carries it). The format is docs/protocol/vectors/README.md: {@code #}
 * comments, {@code == NAME} starts a vector, hex lines follow. Every problem names the file, so a misspelt
 * vector or a broken line is found at once.
 */
public final class VectorFile {
    /** Where the files are on the class path. */
    public static final String RESOURCE_FOLDER = "protocol-vectors/";
    public static final String ASAP_ENRP = "asap-enrp.txt";
    public static final String CSP = "csp.txt";
    public static final String SSP = "ssp.txt";
    /** Every vector file the notes have. */
    public static final List<String> ALL = List.of(ASAP_ENRP, CSP, SSP);

    private static final Map<String, VectorFile> LOADED = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, String> hexByName;

    private VectorFile(String name, Map<String, String> hexByName) {
        this.name = name;
        this.hexByName = Collections.unmodifiableMap(hexByName);
    }

    /** The file {@code fileName} (e.g. {@link #ASAP_ENRP}) from the class path, parsed once per JVM. */
    public static VectorFile of(String fileName) {
        return LOADED.computeIfAbsent(fileName, VectorFile::load);
    }

    private static VectorFile load(String fileName) {
        String resource = RESOURCE_FOLDER + fileName;
        try (InputStream in = VectorFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("vector file " + resource + " is not on the test class path (it is "
                        + "docs/protocol/vectors/" + fileName + ", copied there by ssp-protocol's pom)");
            }
            return parse(fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vector file " + resource, e);
        }
    }

    /** Parses {@code text} in the vector file format; {@code fileName} is only for messages. */
    public static VectorFile parse(String fileName, String text) {
        Map<String, StringBuilder> vectors = new LinkedHashMap<>();
        StringBuilder current = null;
        String currentName = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = fileName + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("==")) {
                check(currentName, current, fileName);
                currentName = line.substring(2).strip();
                if (!currentName.matches("[A-Za-z][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException(where + ": bad vector name '" + currentName + "'");
                }
                if (vectors.containsKey(currentName)) {
                    throw new IllegalArgumentException(where + ": vector " + currentName + " appears twice");
                }
                current = new StringBuilder();
                vectors.put(currentName, current);
                continue;
            }
            if (current == null) {
                throw new IllegalArgumentException(where + ": hex before the first '== NAME' line");
            }
            String compact = line.replaceAll("\\s+", "");
            if (!compact.matches("[0-9A-Fa-f]+")) {
                throw new IllegalArgumentException(where + ": not hex in vector " + currentName + ": " + line);
            }
            current.append(current.isEmpty() ? "" : "\n").append(line);
        }
        check(currentName, current, fileName);
        Map<String, String> hex = new LinkedHashMap<>();
        vectors.forEach((name, builder) -> hex.put(name, builder.toString()));
        return new VectorFile(fileName, hex);
    }

    private static void check(String vectorName, StringBuilder hex, String fileName) {
        if (vectorName == null) {
            return;
        }
        int digits = hex.toString().replaceAll("\\s+", "").length();
        if (digits == 0 || digits % 2 != 0) {
            throw new IllegalArgumentException(fileName + ": vector " + vectorName + " has " + digits
                    + " hex digits; it needs a whole number of bytes, at least one");
        }
    }

    /** The file name, e.g. {@code asap-enrp.txt}. */
    public String name() {
        return name;
    }

    /** The vector names in file order. */
    public List<String> names() {
        return List.copyOf(hexByName.keySet());
    }

    /** The vector's hex lines as written (whitespace kept, for {@link Hex#parse}). */
    public String hex(String vectorName) {
        String hex = hexByName.get(vectorName);
        if (hex == null) {
            throw new IllegalArgumentException("no vector '" + vectorName + "' in docs/protocol/vectors/" + name
                    + " (it has " + hexByName.size() + " vectors: " + String.join(", ", hexByName.keySet()) + ")");
        }
        return hex;
    }

    /** The vector's bytes, a fresh array on every call. */
    public byte[] bytes(String vectorName) {
        return Hex.parse(hex(vectorName));
    }

    @Override
    public String toString() {
        return "docs/protocol/vectors/" + name;
    }
}
