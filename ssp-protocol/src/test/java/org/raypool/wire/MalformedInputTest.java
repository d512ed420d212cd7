package org.raypool.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.Deregistration;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.HandleTableResponse;
import org.raypool.wire.enrp.ListRequest;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.SctpTransport;

/** One test per parsing rule of docs/protocol/asap-enrp-wire.md §2, §3, §4, §7, §8. */
class MalformedInputTest {
    static final String PH_FRACTAL = SpecVectors.PARAM_9_1_1_POOL_HANDLE_FRACTAL_GENERATOR_POOL;
    static final String PE_ID = "000e0008 336e014d";
    static final String RR = SpecVectors.PARAM_9_1_3_POLICY_ROUND_ROBIN;
    static final String SCTP_LOOPBACK = "00040010 e0220001 00010008 7f000001";

    /** A message with the right Length. */
    static byte[] msg(int type, int flags, String... bodyHex) {
        byte[] body = Hex.parse(String.join("", bodyHex));
        ByteBuffer b = ByteBuffer.allocate(4 + body.length);
        b.put((byte) type).put((byte) flags).putShort((short) (4 + body.length)).put(body);
        return b.array();
    }

    /** A TLV with the right Length and padding. */
    static String tlv(int type, String... valueHex) {
        byte[] value = Hex.parse(String.join("", valueHex));
        int length = 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate((length + 3) & ~3);
        b.putShort((short) type).putShort((short) length).put(value);
        return Hex.compact(b.array());
    }

    static String pe(String transport, String policy) {
        return tlv(0x000A, "336e014d 00000000 00015f90", transport, policy);
    }

    static ProtocolException asapFails(byte[] bytes, int cause, String messagePart) {
        return fails(() -> AsapCodec.INSTANCE.decode(bytes), cause, messagePart);
    }

    static ProtocolException enrpFails(byte[] bytes, int cause, String messagePart) {
        return fails(() -> EnrpCodec.INSTANCE.decode(bytes), cause, messagePart);
    }

    static ProtocolException fails(Executable decode, int cause, String messagePart) {
        ProtocolException e = assertThrows(ProtocolException.class, decode);
        assertEquals(cause, e.cause(), () -> "cause of " + e);
        assertTrue(e.getMessage().contains(messagePart), () -> "\"" + messagePart + "\" not in: " + e.getMessage());
        return e;
    }

    // ------------------------------------------------------------ header and length (§2, §8 rule 1)

    @Test
    void shorterThanHeader() {
        asapFails(new byte[0], ProtocolException.CAUSE_INVALID_MESSAGE, "0 byte(s) at offset 0, a header needs 4");
        enrpFails(Hex.parse("010000"), ProtocolException.CAUSE_INVALID_MESSAGE, "3 byte(s)");
    }

    @Test
    void lengthBelowFour() {
        asapFails(Hex.parse("0a000003 36acceb7"), ProtocolException.CAUSE_INVALID_MESSAGE,
                "Length 3 at offset 2 is less than 4");
        enrpFails(Hex.parse("05000000"), ProtocolException.CAUSE_INVALID_MESSAGE, "Length 0 at offset 2 is less than 4");
    }

    @Test
    void lengthBeyondBuffer() {
        asapFails(Hex.parse("0a00000c 36acceb7"), ProtocolException.CAUSE_INVALID_MESSAGE,
                "Length 12 at offset 2 exceeds the 8 byte(s) available");
    }

    @Test
    void unknownMessageTypeIsUnrecognizedMessage() {
        byte[] asap = Hex.parse("0f000008 00000000");
        ProtocolException e = asapFails(asap, ProtocolException.CAUSE_UNRECOGNIZED_MESSAGE, "unknown message type 0x0f");
        assertArrayEquals(asap, e.offendingTlv());
        asapFails(Hex.parse("00000004"), ProtocolException.CAUSE_UNRECOGNIZED_MESSAGE, "type 0x00");
        enrpFails(Hex.parse("0b00000c 00000001 00000002"), ProtocolException.CAUSE_UNRECOGNIZED_MESSAGE,
                "ENRP message: unknown message type 0x0b");
    }

    @Test
    void fixedFieldCutShort() {
        enrpFails(Hex.parse("0500000a 278ca457 3636"), ProtocolException.CAUSE_INVALID_MESSAGE,
                "Receiver Server's ID needs 4 bytes at offset 8, only 2 left");
        asapFails(Hex.parse("0a000004"), ProtocolException.CAUSE_INVALID_MESSAGE, "Server Identifier needs 4 bytes");
        enrpFails(Hex.parse("0700000c 278ca457 081c671f"), ProtocolException.CAUSE_INVALID_MESSAGE,
                "Target Server's ID needs 4 bytes at offset 12");
    }

    @Test
    void trailingBytesTooShortForAParameter() {
        byte[] m = msg(0x02, 0, PH_FRACTAL, PE_ID, "0000");
        asapFails(m, ProtocolException.CAUSE_INVALID_MESSAGE,
                "2 trailing byte(s) at offset 36, too short for a parameter header");
    }

    @Test
    void failureLeavesBufferPositionAlone() {
        ByteBuffer b = ByteBuffer.wrap(Hex.parse("0a00000c 36acceb7"));
        assertThrows(ProtocolException.class, () -> AsapCodec.INSTANCE.decode(b));
        assertEquals(0, b.position());
    }

    @Test
    void bufferByteOrderDoesNotMatter() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Hex.parse(SpecVectors.ASAP_9_2_3_DEREGISTRATION))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(new Deregistration(SpecVectorTest.FRACTAL, 0x336e014d), AsapCodec.INSTANCE.decode(b));
        ByteBuffer direct = ByteBuffer.allocateDirect(40).put(Hex.parse(SpecVectors.ASAP_9_2_3_DEREGISTRATION)).flip();
        assertEquals(new Deregistration(SpecVectorTest.FRACTAL, 0x336e014d), AsapCodec.INSTANCE.decode(direct));
    }

    @Test
    void consecutiveMessagesInOneBuffer() throws Exception {
        byte[] a = Hex.parse(SpecVectors.ENRP_9_2_11_LIST_REQUEST);
        byte[] h = Hex.parse(SpecVectors.ENRP_9_2_11_HANDLE_TABLE_REQUEST);
        ByteBuffer b = ByteBuffer.allocate(a.length + h.length).put(a).put(h).flip();
        assertEquals(new ListRequest(0x278ca457, 0x36acceb7), EnrpCodec.INSTANCE.decode(b));
        assertEquals(12, b.position());
        EnrpCodec.INSTANCE.decode(b);
        assertFalse(b.hasRemaining());
    }

    // ------------------------------------------------------------ TLV walk (§3, §8 rule 3)

    @Test
    void parameterLengthBelowFour() {
        ProtocolException e = asapFails(msg(0x02, 0, "00090002 00000000"), ProtocolException.CAUSE_INVALID_TLV,
                "Pool Handle parameter (type 0x0009) at offset 4, length 2: Length 2 is less than 4");
        assertArrayEquals(Hex.parse("00090002"), e.offendingTlv());
    }

    @Test
    void truncatedParameter() {
        asapFails(Hex.parse("02000010 00090018 46726163 74616c47"), ProtocolException.CAUSE_INVALID_TLV,
                "Pool Handle parameter (type 0x0009) at offset 4, length 24 overruns the enclosing end at offset 16 "
                        + "by 12 byte(s)");
    }

    @Test
    void truncatedParameterHeader() {
        asapFails(msg(0x02, 0, PH_FRACTAL, "000e"), ProtocolException.CAUSE_INVALID_MESSAGE,
                "2 trailing byte(s) at offset 28");
    }

    @Test
    void missingPaddingMisalignsTheNextParameter() {
        // "ScriptingPool" (Length 17) directly followed by the PE Identifier, without its 3 padding bytes.
        byte[] m = msg(0x02, 0, "00090011 53637269 7074696e 67506f6f 6c", PE_ID, "000000");
        asapFails(m, ProtocolException.CAUSE_INVALID_TLV, "at offset 24, length 28161 overruns");
    }

    @Test
    void lengthThatExcludesTheFinalPaddingIsAccepted() throws Exception {
        byte[] padded = Hex.parse(tlv(0x0009, Hex.compact("ScriptingPool".getBytes())));
        byte[] unpadded = new byte[4 + 17];
        unpadded[0] = 0x05;
        unpadded[3] = 21;
        System.arraycopy(padded, 0, unpadded, 4, 17);
        ByteBuffer b = ByteBuffer.wrap(unpadded);
        assertEquals(HandleResolution.of(PoolHandle.fromString("ScriptingPool")), AsapCodec.INSTANCE.decode(b));
        assertEquals(21, b.position());

        // With the padding present after Length (a byte stream), the decoder steps over it too.
        byte[] withPad = java.util.Arrays.copyOf(unpadded, 24 + 12);
        System.arraycopy(Hex.parse(SpecVectors.ENRP_9_2_11_LIST_REQUEST), 0, withPad, 24, 12);
        ByteBuffer b2 = ByteBuffer.wrap(withPad);
        AsapCodec.INSTANCE.decode(b2);
        assertEquals(24, b2.position());
        // ... and our encoder always includes it.
        assertEquals(24, AsapCodec.INSTANCE.encode(HandleResolution.of(PoolHandle.fromString("ScriptingPool"))).length);
    }

    @Test
    void surplusInsideKnownParametersIsIgnored() throws Exception {
        // Longer-than-needed IPv4 address, RR policy with an extra word, and 8 surplus bytes at the end of the PE.
        String transport = tlv(0x0004, "e0220001", tlv(0x0001, "7f000001 deadbeef"));
        String policy = tlv(0x0008, "00000001 12345678");
        byte[] m = msg(0x01, 0, PH_FRACTAL, tlv(0x000A, "336e014d 00000000 00015f90", transport, policy,
                "00000000 ffffffff"));
        Registration r = (Registration) AsapCodec.INSTANCE.decode(m);
        assertEquals(PoolMemberSelectionPolicy.roundRobin(), r.poolElement().policy());
        assertEquals(List.of(SpecVectorTest.ip("127.0.0.1")), r.poolElement().userTransport().addresses());
        assertTrue(r.poolElement().asapTransport().isEmpty());
    }

    // ------------------------------------------------------------ unknown parameters: action bits (§3, §8 rule 4)

    static byte[] deregistrationWith(String extra) {
        return msg(0x02, 0, PH_FRACTAL, extra, PE_ID);
    }

    @Test
    void unknownParameterAction00StopsSilently() {
        String unknown = tlv(0x0123, "01020304");
        ProtocolException e = asapFails(deregistrationWith(unknown), ProtocolException.CAUSE_UNRECOGNIZED_PARAMETER,
                "unknown parameter (type 0x0123) at offset 28, length 8 where Pool Element Identifier was expected; "
                        + "action bits 00: stop silently");
        assertTrue(e.silent());
        assertArrayEquals(Hex.parse(unknown), e.offendingTlv());
    }

    @Test
    void unknownParameterAction01StopsAndReports() {
        String unknown = tlv(0x4123, "0102");
        ProtocolException e = asapFails(deregistrationWith(unknown), ProtocolException.CAUSE_UNRECOGNIZED_PARAMETER,
                "action bits 01: stop and report");
        assertFalse(e.silent());
        assertArrayEquals(Hex.parse("41230006 0102"), e.offendingTlv());
    }

    @Test
    void unknownParameterAction10IsSkippedSilently() throws Exception {
        DecodeResult<AsapMessage> r = AsapCodec.INSTANCE.decodeReporting(deregistrationWith(tlv(0x8123, "0102")));
        assertEquals(new Deregistration(SpecVectorTest.FRACTAL, 0x336e014d), r.message());
        assertFalse(r.hasUnrecognizedParameters());
    }

    @Test
    void unknownParameterAction11IsSkippedAndReported() throws Exception {
        DecodeResult<AsapMessage> r = AsapCodec.INSTANCE.decodeReporting(deregistrationWith(tlv(0xC123, "0102")));
        assertEquals(new Deregistration(SpecVectorTest.FRACTAL, 0x336e014d), r.message());
        assertEquals(1, r.unrecognizedParameters().size());
        assertArrayEquals(Hex.parse("c1230006 0102"), r.unrecognizedParameters().get(0));
        // Plain decode accepts it too.
        assertEquals(r.message(), AsapCodec.INSTANCE.decode(deregistrationWith(tlv(0xC123, "0102"))));
    }

    @Test
    void unknownParametersAfterTheLastExpectedOneFollowTheSameRules() throws Exception {
        byte[] listRequest = Hex.parse(SpecVectors.ENRP_9_2_11_LIST_REQUEST);
        byte[] skip = msg(0x05, 0, Hex.compact(listRequest).substring(8), tlv(0xC0FF, "00"));
        assertEquals(1, EnrpCodec.INSTANCE.decodeReporting(skip).unrecognizedParameters().size());
        byte[] stop = msg(0x05, 0, Hex.compact(listRequest).substring(8), tlv(0x00FF, "00"));
        assertTrue(fails(() -> EnrpCodec.INSTANCE.decode(stop), ProtocolException.CAUSE_UNRECOGNIZED_PARAMETER,
                "where the message ends; action bits 00").silent());
    }

    @Test
    void unknownParameterInsideANestedParameterFollowsTheRules() throws Exception {
        String transportWithSkip = tlv(0x0004, "e0220001", tlv(0x8123, "00"), tlv(0x0001, "7f000001"));
        assertEquals(1, ((Registration) AsapCodec.INSTANCE.decode(msg(0x01, 0, PH_FRACTAL,
                pe(transportWithSkip, RR)))).poolElement().userTransport().addresses().size());
        String transportWithStop = tlv(0x0004, "e0220001", tlv(0x0123, "00"), tlv(0x0001, "7f000001"));
        ProtocolException e = asapFails(msg(0x01, 0, PH_FRACTAL, pe(transportWithStop, RR)),
                ProtocolException.CAUSE_UNRECOGNIZED_PARAMETER,
                "ASAP Registration, Pool Element at offset 28, SCTP Transport at offset 44: unknown parameter "
                        + "(type 0x0123) at offset 52");
        assertTrue(e.silent());
    }

    @Test
    void knownParameterOutOfOrderIsTreatedByItsActionBits() {
        byte[] m = msg(0x01, 0, pe(SCTP_LOOPBACK, RR), PH_FRACTAL);
        ProtocolException e = asapFails(m, ProtocolException.CAUSE_UNRECOGNIZED_PARAMETER,
                "unexpected Pool Element parameter (type 0x000a) at offset 4");
        assertTrue(e.silent());
    }

    @Test
    void actionBitsOnAKnownTypeDoNotHideIt() throws Exception {
        byte[] m = msg(0x02, 0, "4009" + PH_FRACTAL.substring(4), PE_ID);
        assertEquals(new Deregistration(SpecVectorTest.FRACTAL, 0x336e014d), AsapCodec.INSTANCE.decode(m));
        byte[] hro = msg(0x05, 0, PH_FRACTAL, "003f0008 00000003");
        assertEquals(HandleResolution.of(SpecVectorTest.FRACTAL, 3), AsapCodec.INSTANCE.decode(hro));
    }

    @Test
    void missingRequiredParameter() {
        asapFails(msg(0x02, 0, PH_FRACTAL), ProtocolException.CAUSE_INVALID_MESSAGE,
                "ASAP Deregistration: missing Pool Element Identifier parameter at offset 28");
        enrpFails(msg(0x01, 0, "278ca457 36acceb7", SpecVectors.PARAM_9_1_6_PE_CHECKSUM_FFFF),
                ProtocolException.CAUSE_INVALID_MESSAGE, "missing Server Information parameter at offset 20");
        asapFails(msg(0x01, 0, PH_FRACTAL, tlv(0x000A, "336e014d 00000000 00015f90", SCTP_LOOPBACK)),
                ProtocolException.CAUSE_INVALID_MESSAGE, "missing Pool Member Selection Policy parameter");
    }

    // ------------------------------------------------------------ nesting

    @Test
    void innerParameterMustEndInsideItsParent() {
        // The SCTP transport claims 20 bytes but the PE ends after 16 of them.
        String pe = "000a0020 336e014d 00000000 00015f90 00040014 e0220001 00010008 7f000001";
        asapFails(msg(0x01, 0, PH_FRACTAL, pe, "00000000"), ProtocolException.CAUSE_INVALID_TLV,
                "Pool Element at offset 28: SCTP Transport parameter (type 0x0004) at offset 44, length 20 overruns "
                        + "the enclosing end at offset 60 by 4 byte(s)");
    }

    @Test
    void parameterTooShortForItsFixedPart() {
        asapFails(msg(0x01, 0, PH_FRACTAL, tlv(0x000A, "336e014d 00000000")), ProtocolException.CAUSE_INVALID_TLV,
                "needs 12 value bytes before its transport");
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(tlv(0x0004, "e022"), RR)), ProtocolException.CAUSE_INVALID_TLV,
                "a transport needs 4 value bytes");
        enrpFails(msg(0x01, 0, "00000001 00000000 000f0006 ffff0000", tlv(0x000B, "0000")),
                ProtocolException.CAUSE_INVALID_TLV, "no server identifier");
    }

    // ------------------------------------------------------------ parameter values and size limits (§4, §7)

    @Test
    void oversizePoolHandle() {
        String ph33 = tlv(0x0009, "41".repeat(33));
        ProtocolException e = asapFails(msg(0x02, 0, ph33, PE_ID), ProtocolException.CAUSE_INVALID_VALUE,
                "33 bytes exceed the maximum pool handle size of 32");
        assertArrayEquals(Hex.parse(ph33.substring(0, 2 * 37)), e.offendingTlv());
        assertEquals(32, ((Deregistration) assertDecodes(msg(0x02, 0, tlv(0x0009, "41".repeat(32)), PE_ID)))
                .poolHandle().length());
    }

    static AsapMessage assertDecodes(byte[] m) {
        try {
            return AsapCodec.INSTANCE.decode(m);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void emptyPoolHandle() {
        asapFails(msg(0x02, 0, "00090004", PE_ID), ProtocolException.CAUSE_INVALID_TLV, "empty pool handle");
    }

    static String sctpWithAddresses(int n) {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < n; i++) {
            a.append(String.format("00010008 0a0000%02x", i + 1));
        }
        return tlv(0x0004, "e0220001", a.toString());
    }

    @Test
    void sixtyFourAddressesButNotSixtyFive() {
        Registration r = (Registration) assertDecodes(msg(0x01, 0, PH_FRACTAL, pe(sctpWithAddresses(64), RR)));
        assertEquals(64, r.poolElement().userTransport().addresses().size());
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(sctpWithAddresses(65), RR)), ProtocolException.CAUSE_INVALID_VALUE,
                "SCTP Transport parameter (type 0x0004) at offset 44, length 528: more than 64 address(es)");
        assertThrows(IllegalArgumentException.class, () -> new SctpTransport(1, org.raypool.wire.param.TransportUse.DATA_ONLY, List.of()));
    }

    @Test
    void nonSctpTransportCarriesExactlyOneAddress() {
        String tcp2 = tlv(0x0005, "9c400001 00010008 c0a80114 00010008 c0a80115");
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(tcp2, RR)), ProtocolException.CAUSE_INVALID_VALUE,
                "more than 1 address(es)");
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(tlv(0x0006, "9c400000"), RR)), ProtocolException.CAUSE_INVALID_VALUE,
                "no address");
    }

    @Test
    void invalidTransportUse() {
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(tlv(0x0004, "e0220002 00010008 7f000001"), RR)),
                ProtocolException.CAUSE_INVALID_VALUE, "Transport Use 2 is neither 0 nor 1");
    }

    @Test
    void shortAddresses() {
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(tlv(0x0004, "e0220001 00020008 7f000001"), RR)),
                ProtocolException.CAUSE_INVALID_TLV, "an address needs 16 value bytes");
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(tlv(0x0004, "e0220001 00010006 7f00"), RR)),
                ProtocolException.CAUSE_INVALID_TLV, "an address needs 4 value bytes");
    }

    @Test
    void ipv4MappedIpv6IsReadAsIpv4() throws Exception {
        String mapped = tlv(0x0004, "e0220001 00020014 00000000 00000000 0000ffff 7f000001");
        Registration r = (Registration) AsapCodec.INSTANCE.decode(msg(0x01, 0, PH_FRACTAL, pe(mapped, RR)));
        assertEquals(SpecVectorTest.ip("127.0.0.1"), r.poolElement().userTransport().addresses().get(0));
        byte[] again = AsapCodec.INSTANCE.encode(r);
        assertTrue(Hex.compact(again).contains("00010008" + "7f000001"));
    }

    @Test
    void unsupportedPolicyTypes() {
        ProtocolException e = asapFails(msg(0x01, 0, PH_FRACTAL, pe(SCTP_LOOPBACK, "00080008 12345678")),
                ProtocolException.CAUSE_UNSUPPORTED_POLICY, "unsupported policy type 0x12345678");
        assertArrayEquals(Hex.parse("00080008 12345678"), e.offendingTlv());
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(SCTP_LOOPBACK, "00080008 b0002004")),
                ProtocolException.CAUSE_UNSUPPORTED_POLICY, "0xb0002004");
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(SCTP_LOOPBACK, "00080008 00000000")),
                ProtocolException.CAUSE_UNSUPPORTED_POLICY, "0x00000000");
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(SCTP_LOOPBACK, "00080004")), ProtocolException.CAUSE_INVALID_TLV,
                "no policy type");
    }

    @Test
    void policyShorterThanItsLayout() {
        asapFails(msg(0x01, 0, PH_FRACTAL, pe(SCTP_LOOPBACK, "0008000c 40000002 00000000")),
                ProtocolException.CAUSE_INVALID_TLV, "LeastUsedDegradation needs Length 16");
    }

    @Test
    void peIdentifierAndChecksumHaveExactSizes() {
        asapFails(msg(0x02, 0, PH_FRACTAL, "000e000c 336e014d 00000000"), ProtocolException.CAUSE_INVALID_TLV,
                "a PE identifier has exactly 4 value bytes");
        enrpFails(msg(0x01, 0, "00000001 00000000 000f0008 ffff0000"), ProtocolException.CAUSE_INVALID_TLV,
                "a PE checksum has exactly 2 value bytes");
    }

    @Test
    void peIdentifierZeroIsLeftToTheRegistrar() throws Exception {
        byte[] m = msg(0x01, 0, PH_FRACTAL, tlv(0x000A, "00000000 00000000 00015f90", SCTP_LOOPBACK, RR));
        assertEquals(0, ((Registration) AsapCodec.INSTANCE.decode(m)).poolElement().identifier());
    }

    @Test
    void operationErrorCauses() throws Exception {
        asapFails(msg(0x0E, 0, "000c000c 00050010 00000000"), ProtocolException.CAUSE_INVALID_TLV,
                "error cause 0x0005 at offset 8 has Length 16, 8 byte(s) left");
        asapFails(msg(0x0E, 0, "000c000c 00050002 00000000"), ProtocolException.CAUSE_INVALID_TLV, "has Length 2");
        asapFails(msg(0x0E, 0, "000c0004"), ProtocolException.CAUSE_INVALID_TLV, "no error cause");
        // Causes are not padded individually: a 5-byte cause is directly followed by the next one.
        var e = (org.raypool.wire.asap.AsapError) AsapCodec.INSTANCE.decode(
                msg(0x0E, 0, "000c000d 00030005 ff000900 04000000"));
        assertEquals(2, e.error().causes().size());
        assertEquals(0x0009, e.error().causes().get(1).code());
    }

    @Test
    void emptyCookie() {
        asapFails(msg(0x0B, 0, "000d0004"), ProtocolException.CAUSE_INVALID_TLV, "empty cookie");
    }

    @Test
    void handleResolutionResponseWithMoreThan128PoolElements() {
        String oneEntry = pe(SCTP_LOOPBACK, RR);
        assertEquals(128, ((org.raypool.wire.asap.HandleResolutionResponse) assertDecodes(msg(0x06, 0, PH_FRACTAL, RR,
                oneEntry.repeat(128)))).poolElements().size());
        asapFails(msg(0x06, 0, PH_FRACTAL, RR, oneEntry.repeat(129)), ProtocolException.CAUSE_INVALID_MESSAGE,
                "more than 128 Pool Elements");
    }

    @Test
    void handleUpdateWithUnknownAction() {
        enrpFails(msg(0x04, 0, "36acceb7 081c671f 00020000", PH_FRACTAL, pe(SCTP_LOOPBACK, RR)),
                ProtocolException.CAUSE_INVALID_VALUE, "Update Action 2 at offset 12 is neither 0 (add) nor 1");
    }

    @Test
    void handleTableResponseMustStartWithAPoolHandle() throws Exception {
        enrpFails(msg(0x03, 0, "36acceb7 278ca457", pe(SCTP_LOOPBACK, RR)),
                ProtocolException.CAUSE_UNRECOGNIZED_PARAMETER, "where Pool Handle was expected");
        // A pool handle without PEs contributes no entry.
        HandleTableResponse r = (HandleTableResponse) EnrpCodec.INSTANCE.decode(
                msg(0x03, 0x02, "36acceb7 278ca457", PH_FRACTAL));
        assertTrue(r.entries().isEmpty());
        assertTrue(r.moreToSend());
    }

    @Test
    void policyLookupHelpers() {
        assertNull(org.raypool.wire.param.ParameterType.ofType(0x0040));
        assertEquals(PolicyType.LEAST_USED_DEGRADATION, PolicyType.ofCode(0x40000002L).orElseThrow());
    }
}
