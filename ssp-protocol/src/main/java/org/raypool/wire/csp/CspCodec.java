package org.raypool.wire.csp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.raypool.wire.ProtocolException;

/**
 * Encodes and decodes Component Status Reports (docs/protocol/csp.md §2): a packed, big-endian, fixed 288-byte part and
 * 24 bytes per association. Decoding accepts exactly what cspmonitor accepts (§7.1) and nothing else.
 */
public final class CspCodec {
    public static final CspCodec INSTANCE = new CspCodec();
    public static final int TYPE_REPORT = 0x01;
    public static final int FLAG_FINAL = 0x01;
    public static final int VERSION = 0x0000_0200;
    public static final int DEFAULT_PORT = 2960;
    public static final int FIXED_LENGTH = 288;
    public static final int ASSOCIATION_LENGTH = 24;

    private CspCodec() {
    }

    public byte[] encode(ComponentStatusReport report) {
        int length = report.encodedLength();
        ByteBuffer out = ByteBuffer.allocate(length);
        out.put((byte) TYPE_REPORT)
                .put((byte) (report.finalReport() ? FLAG_FINAL : 0))
                .putShort((short) length)
                .putInt(VERSION)
                .putLong(report.sender().value())
                .putLong(report.senderTimestampMicros())
                .putInt((int) report.reportIntervalMicros());
        putText(out, report.location());
        putText(out, report.status());
        out.putShort((short) report.workload()).putShort((short) report.associations().size());
        for (ComponentAssociation a : report.associations()) {
            out.putLong(a.receiver().value())
                    .putLong(a.durationMicros())
                    .putShort((short) a.flags())
                    .putShort((short) a.protocolId())
                    .putInt((int) a.ppid());
        }
        return out.array();
    }

    private static void putText(ByteBuffer out, String text) {
        int start = out.position();
        out.put(ComponentStatusReport.clip(text));
        out.position(start + ComponentStatusReport.TEXT_BYTES);
    }

    /** One datagram; rejected unless cspmonitor would use it (size, type, version, count agree). */
    public ComponentStatusReport decode(byte[] datagram) throws ProtocolException {
        if (datagram.length < FIXED_LENGTH) {
            throw new ProtocolException("CSP report of " + datagram.length + " bytes, shorter than " + FIXED_LENGTH);
        }
        ByteBuffer in = ByteBuffer.wrap(datagram);
        int type = in.get() & 0xFF;
        int flags = in.get() & 0xFF;
        in.getShort(); // Length: nobody checks it (docs/protocol/csp.md §7.1)
        int version = in.getInt();
        if (type != TYPE_REPORT) throw new ProtocolException("CSP message type " + type + " is not a report (1)");
        if (version != VERSION) throw new ProtocolException(String.format("CSP version 0x%08x, not 0x200", version));
        ComponentId sender = new ComponentId(in.getLong());
        long timestamp = in.getLong();
        long interval = Integer.toUnsignedLong(in.getInt());
        String location = text(in);
        String status = text(in);
        int workload = in.getShort() & 0xFFFF;
        int count = in.getShort() & 0xFFFF;
        if (datagram.length != FIXED_LENGTH + ASSOCIATION_LENGTH * count) {
            throw new ProtocolException("CSP report of " + datagram.length + " bytes announces " + count
                    + " associations (" + (FIXED_LENGTH + ASSOCIATION_LENGTH * count) + " bytes)");
        }
        List<ComponentAssociation> associations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            associations.add(new ComponentAssociation(new ComponentId(in.getLong()), in.getLong(),
                    in.getShort() & 0xFFFF, in.getShort() & 0xFFFF, Integer.toUnsignedLong(in.getInt())));
        }
        return new ComponentStatusReport(flags != 0, sender, timestamp, interval, location, status, workload,
                associations);
    }

    /** A NUL-padded 128-byte text; a text that fills all 128 bytes is taken whole. */
    private static String text(ByteBuffer in) {
        byte[] field = new byte[ComponentStatusReport.TEXT_BYTES];
        in.get(field);
        int n = 0;
        while (n < field.length && field[n] != 0) {
            n++;
        }
        return new String(field, 0, n, StandardCharsets.UTF_8);
    }
}
