package org.raypool.wire.enrp;

/** The Update Action field of a Handle Update. */
public enum UpdateAction {
    ADD_PE(0),
    DELETE_PE(1);

    private final int code;

    UpdateAction(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The action for a received code, or {@code null}. */
    public static UpdateAction ofCode(int code) {
        return code == 0 ? ADD_PE : code == 1 ? DELETE_PE : null;
    }
}
