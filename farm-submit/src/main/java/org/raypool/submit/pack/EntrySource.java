package org.raypool.submit.pack;

/** Why a file is in a work package. */
public enum EntrySource {
    SCENE("the scene"),
    REFERENCED("named by the scene"),
    SCENE_FOLDER("found in the scene folder"),
    GENERATED("made by RayPool");

    private final String description;

    EntrySource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
