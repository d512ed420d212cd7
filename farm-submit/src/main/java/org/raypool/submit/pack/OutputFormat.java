package org.raypool.submit.pack;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The image file types POV-Ray 3.7 writes ({@code Output_File_Type}, switch {@code +F<type>}), with the extension
 * POV-Ray gives each and the first bytes by which farm-submit recognises a returned file as that type. Type
 * {@code S} ("system") writes no file on Unix and is not offered; the letters and extensions were checked
 * against POV-Ray 3.7.0 (see README, "Output formats").
 */
public enum OutputFormat {
    PNG('N', ".png", "PNG", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}),
    TGA('T', ".tga", "Targa", new byte[0]),
    TGA_COMPRESSED('C', ".tga", "compressed Targa", new byte[0]),
    PPM('P', ".ppm", "PPM", new byte[] {'P'}),
    JPEG('J', ".jpg", "JPEG", new byte[] {(byte) 0xff, (byte) 0xd8}),
    EXR('E', ".exr", "OpenEXR", new byte[] {0x76, 0x2f, 0x31, 0x01}),
    HDR('H', ".hdr", "Radiance HDR", new byte[] {'#', '?'}),
    BMP('B', ".bmp", "BMP", new byte[] {'B', 'M'});

    private final char letter;
    private final String extension;
    private final String description;
    private final byte[] magic;

    OutputFormat(char letter, String extension, String description, byte[] magic) {
        this.letter = letter;
        this.extension = extension;
        this.description = description;
        this.magic = magic;
    }

    /** POV-Ray's letter for the type, as in {@code +FN} or {@code Output_File_Type=N}. */
    public char letter() {
        return letter;
    }

    /** The extension POV-Ray gives the file, with the dot (".png"). */
    public String extension() {
        return extension;
    }

    public String description() {
        return description;
    }

    /**
     * The type for a value of {@code Output_File_Type} or the text after {@code +F}: a letter, optionally followed by
     * POV-Ray's modifiers (bit depth as in {@code N16}, JPEG quality as in {@code J90}); empty for a letter POV-Ray
     * 3.7 does not write here.
     */
    public static Optional<OutputFormat> forSetting(String value) {
        String v = value.strip();
        if (v.isEmpty()) return Optional.empty();
        char c = Character.toUpperCase(v.charAt(0));
        return Arrays.stream(values()).filter(f -> f.letter == c).findFirst();
    }

    /** Whether {@code head} (the file's first bytes) may start a file of this type; Targa has no signature. */
    public boolean matches(byte[] head) {
        if (head.length < magic.length) return false;
        return Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    @Override
    public String toString() {
        return description + " (+F" + letter + ", " + extension + ")";
    }

    /** The letter in lower case, for names. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
