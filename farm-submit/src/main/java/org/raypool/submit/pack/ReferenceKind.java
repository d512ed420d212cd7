package org.raypool.submit.pack;

/** What a file named in a scene is used for; include files are scanned for further references. */
public enum ReferenceKind {
    INCLUDE("include file"),
    IMAGE("image"),
    FONT("font"),
    DATA_FILE("data file"),
    DENSITY_FILE("density file"),
    INI_FILE("INI file");

    private final String description;

    ReferenceKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
