package org.raypool.wire.csp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.wire.csp.ComponentAssociation.PPID_ASAP;
import static org.raypool.wire.csp.ComponentAssociation.PPID_ENRP;
import static org.raypool.wire.csp.ComponentAssociation.PPID_SCRIPTING;
import static org.raypool.wire.csp.ComponentAssociation.SCTP;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raypool.wire.Hex;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.VectorFile;

/** Every vector of docs/protocol/csp.md §9, byte-exact in both directions, and the acceptance rules of its §7.1. */
class CspVectorTest {
    private static final CspCodec CODEC = CspCodec.INSTANCE;
    private static final long UNKNOWN = ComponentAssociation.UNKNOWN_DURATION;

    /** The vectors' bytes: docs/protocol/vectors/csp.txt, under the names of these constants. */
    static final VectorFile FILE = VectorFile.of(VectorFile.CSP);

    static final byte[] REGISTRAR = FILE.bytes("REGISTRAR");
    static final byte[] POOL_ELEMENT = FILE.bytes("POOL_ELEMENT");
    static final byte[] POOL_USER = FILE.bytes("POOL_USER");
    static final byte[] FINAL = FILE.bytes("FINAL");
    static final byte[] RSPLIB_CLIENT = FILE.bytes("RSPLIB_CLIENT");
    static final byte[] RSPLIB_SERVER = FILE.bytes("RSPLIB_SERVER");

    static final ComponentStatusReport REGISTRAR_REPORT = new ComponentStatusReport(false,
            ComponentId.registrar(0x12345678), 3_723_000_000L, 1_000_000, "raypool-pr: 127.0.0.1:3863",
            "1[1] PEs in 1 Pool, 1 Peer", Workload.NONE,
            List.of(ComponentAssociation.of(ComponentId.registrar(0x87654321), UNKNOWN, SCTP, PPID_ENRP)));
    static final ComponentStatusReport POOL_ELEMENT_REPORT = new ComponentStatusReport(false,
            ComponentId.poolElement(0x0A0B0C0D), 65_000_000, 1_000_000, "labpc07: 127.0.0.2:9000",
            "rendering chess.pov, 1/2 sessions", Workload.of(0.5),
            List.of(ComponentAssociation.of(ComponentId.registrar(0x12345678), 61_000_000, SCTP, PPID_ASAP)));
    static final ComponentStatusReport POOL_USER_REPORT = new ComponentStatusReport(false,
            ComponentId.poolUser(0x11223344556677L), 12_345_678, 2_500_000, "desk: 127.0.0.1", "3/10 images done",
            Workload.NONE, List.of(
                    ComponentAssociation.of(ComponentId.registrar(0x12345678), 10_000_000, SCTP, PPID_ASAP),
                    ComponentAssociation.of(ComponentId.poolElement(0x0A0B0C0D), 5_000_000, SCTP, PPID_SCRIPTING)));
    static final ComponentStatusReport FINAL_REPORT = ComponentStatusReport.finalReport(
            ComponentId.poolElement(0x0A0B0C0D), 70_000_000, 1_000_000);
    static final ComponentStatusReport RSPLIB_CLIENT_REPORT = new ComponentStatusReport(false,
            ComponentId.poolUser(0xbb3426b07217beL), 1_008_420, 1_000_000, "sctpvm: 10.99.0.1, 10.99.0.2",
            "1 Session", Workload.NONE, List.of(
                    ComponentAssociation.of(ComponentId.registrar(0), 1_000_990, SCTP, PPID_ASAP),
                    ComponentAssociation.of(ComponentId.poolElement(0x22222222), 984_880, SCTP, PPID_SCRIPTING)));
    static final ComponentStatusReport RSPLIB_SERVER_REPORT = new ComponentStatusReport(false,
            ComponentId.poolElement(0x22222222), 4_016_521, 1_000_000, "sctpvm: 10.99.0.2:35356", "1 Session",
            0x7FFF, List.of(ComponentAssociation.of(ComponentId.registrar(0), 4_012_186, SCTP, PPID_ASAP)));

    static final List<ComponentStatusReport> REPORTS = List.of(REGISTRAR_REPORT, POOL_ELEMENT_REPORT,
            POOL_USER_REPORT, FINAL_REPORT, RSPLIB_CLIENT_REPORT, RSPLIB_SERVER_REPORT);
    static final List<byte[]> VECTORS = List.of(REGISTRAR, POOL_ELEMENT, POOL_USER, FINAL, RSPLIB_CLIENT,
            RSPLIB_SERVER);

    @Test
    void everyVectorEncodesByteForByte() {
        for (int i = 0; i < REPORTS.size(); i++) {
            assertEquals(Hex.format(VECTORS.get(i)), Hex.format(CODEC.encode(REPORTS.get(i))), "vector 9." + (i + 1));
        }
    }

    @Test
    void everyVectorDecodesToItsRecord() throws ProtocolException {
        for (int i = 0; i < REPORTS.size(); i++) {
            assertEquals(REPORTS.get(i), CODEC.decode(VECTORS.get(i)), "vector 9." + (i + 1));
        }
    }

    @Test
    void sizesAndLabelsAreTheNotes() {
        assertEquals(List.of(312, 312, 336, 288, 336, 312), VECTORS.stream().map(v -> v.length).toList());
        assertEquals("PR $12345678", REGISTRAR_REPORT.sender().label());
        assertEquals("PE $0a0b0c0d", POOL_ELEMENT_REPORT.sender().label());
        assertEquals("PU $11223344556677", POOL_USER_REPORT.sender().label());
        assertEquals("PU $bb3426b07217be", RSPLIB_CLIENT_REPORT.sender().label());
        assertEquals(ComponentId.GROUP_POOL_USER, RSPLIB_CLIENT_REPORT.sender().group());
        assertEquals(0xbb3426b07217beL, RSPLIB_CLIENT_REPORT.sender().object());
    }

    @Test
    void workloadRoundsTiesToEven() {
        assertEquals(0x0000, Workload.of(0.0));
        assertEquals(0x7FFF, Workload.of(0.5));
        assertEquals(0xFFFE, Workload.of(1.0));
        assertEquals(0xFFFE, Workload.of(7.0));
        assertEquals(Workload.NONE, Workload.of(Double.NaN));
        assertEquals(0.5, Workload.load(0x7FFF).getAsDouble(), 1e-4);
        assertTrue(Workload.load(Workload.NONE).isEmpty());
    }

    @Test
    void textsAreCutToLeaveANulOnACharacterBoundary() throws ProtocolException {
        String ascii = "x".repeat(200);
        String umlauts = "ä".repeat(100); // 2 bytes each: 127 would split one
        ComponentStatusReport r = new ComponentStatusReport(false, ComponentId.poolUser(1), 0, 1_000_000, ascii,
                umlauts, Workload.NONE, List.of());
        byte[] bytes = CODEC.encode(r);
        assertEquals(0, bytes[28 + 127]);
        assertEquals(0, bytes[156 + 126]);
        ComponentStatusReport back = CODEC.decode(bytes);
        assertEquals(127, back.location().length());
        assertEquals(63, back.status().length());
        assertEquals(umlauts.substring(0, 63), back.status());
        assertEquals(126, back.status().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void rejectsWhatCspmonitorDrops() {
        assertThrows(ProtocolException.class, () -> CODEC.decode(Arrays.copyOf(FINAL, 287)));
        assertThrows(ProtocolException.class, () -> CODEC.decode(Arrays.copyOf(REGISTRAR, 313)));
        assertThrows(ProtocolException.class, () -> CODEC.decode(Arrays.copyOf(REGISTRAR, 288)));
        byte[] badType = FINAL.clone();
        badType[0] = 2;
        assertThrows(ProtocolException.class, () -> CODEC.decode(badType));
        byte[] badVersion = FINAL.clone();
        badVersion[6] = 1;
        assertThrows(ProtocolException.class, () -> CODEC.decode(badVersion));
    }

    @Test
    void lengthIsIgnoredAndAnyFlagIsFinal() throws ProtocolException {
        byte[] zeroLength = REGISTRAR.clone();
        zeroLength[2] = 0;
        zeroLength[3] = 0;
        assertEquals(REGISTRAR_REPORT, CODEC.decode(zeroLength));
        byte[] otherFlag = REGISTRAR.clone();
        otherFlag[1] = 0x40;
        assertTrue(CODEC.decode(otherFlag).finalReport());
    }

    @Test
    void refusesIntervalsBeyond32BitMicroseconds() {
        assertThrows(IllegalArgumentException.class, () -> ComponentStatusReport.finalReport(
                ComponentId.poolUser(1), 0, 0x1_0000_0000L));
    }
}
