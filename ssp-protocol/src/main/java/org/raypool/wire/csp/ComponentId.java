package org.raypool.wire.csp;

/**
 * A CSP component ID (docs/protocol/csp.md §3): the group in the top byte, the object number in the low 56 bits.
 *
 * @param value the 64-bit ID as it is on the wire
 */
public record ComponentId(long value) {
    public static final int GROUP_REGISTRAR = 0x01;
    public static final int GROUP_POOL_ELEMENT = 0x02;
    public static final int GROUP_POOL_USER = 0x03;
    private static final long OBJECT_MASK = 0x00FF_FFFF_FFFF_FFFFL;

    public static ComponentId of(int group, long object) {
        if (group < 0 || group > 0xFF) throw new IllegalArgumentException("component group must be 0..255: " + group);
        return new ComponentId(((long) group << 56) | (object & OBJECT_MASK));
    }

    /** A registrar by its 32-bit server ID; 0 = a registrar whose ID is not known. */
    public static ComponentId registrar(int identifier) {
        return of(GROUP_REGISTRAR, Integer.toUnsignedLong(identifier));
    }

    /** A pool element by its 32-bit PE identifier. */
    public static ComponentId poolElement(int identifier) {
        return of(GROUP_POOL_ELEMENT, Integer.toUnsignedLong(identifier));
    }

    /** A pool user by a 56-bit number (the top byte is dropped). */
    public static ComponentId poolUser(long number) {
        return of(GROUP_POOL_USER, number);
    }

    public int group() {
        return (int) (value >>> 56);
    }

    public long object() {
        return value & OBJECT_MASK;
    }

    /** How cspmonitor names it: {@code PR $12345678}, {@code PE $0a0b0c0d}, {@code PU $11223344556677}. */
    public String label() {
        return switch (group()) {
            case GROUP_REGISTRAR -> String.format("PR $%08x", object());
            case GROUP_POOL_ELEMENT -> String.format("PE $%08x", object());
            case GROUP_POOL_USER -> String.format("PU $%014x", object());
            default -> String.format("ID $%14x", object());
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
