package org.raypool.wire.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.raypool.wire.Hex;

class ParameterRecordsTest {

    @Test
    void poolHandleComparesContentAndCopiesDefensively() {
        byte[] raw = "EchoPool".getBytes();
        PoolHandle a = new PoolHandle(raw);
        raw[0] = 'X';
        PoolHandle b = PoolHandle.fromString("EchoPool");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        a.bytes()[0] = 'Y';
        assertEquals("EchoPool", a.toString());
        assertNotEquals(PoolHandle.fromString("echopool"), a, "case-sensitive");
        assertEquals(8, a.length());
    }

    @Test
    void poolHandleLengthLimits() {
        assertThrows(IllegalArgumentException.class, () -> new PoolHandle(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new PoolHandle(new byte[33]));
        assertEquals(32, new PoolHandle(new byte[32]).length());
        assertThrows(IllegalArgumentException.class, () -> PoolHandle.fromString("\u00e9".repeat(17)), "34 UTF-8 bytes");
    }

    @Test
    void poolHandleOrderIsLengthThenBytes() {
        TreeSet<PoolHandle> s = new TreeSet<>(List.of(PoolHandle.fromString("ScriptingPool"),
                PoolHandle.fromString("EchoPool"), PoolHandle.fromString("\u00ffa"), PoolHandle.fromString("Zz")));
        assertEquals("[Zz, \u00ffa, EchoPool, ScriptingPool]", s.toString());
    }

    @Test
    void cookieAndErrorCauseCompareContent() {
        assertEquals(new Cookie(new byte[] {1, 2}), new Cookie(new byte[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new Cookie(new byte[0]));
        assertEquals(new ErrorCause(5, new byte[] {1}), new ErrorCause(5, new byte[] {1}));
        assertNotEquals(new ErrorCause(5, new byte[] {1}), new ErrorCause(5, new byte[] {2}));
        assertThrows(IllegalArgumentException.class, () -> ErrorCause.of(0x10000));
        assertThrows(IllegalArgumentException.class, () -> new OperationError(List.of()));
    }

    @Test
    void errorCauseFromProtocolExceptionCarriesTheOffendingTlv() {
        var e = new org.raypool.wire.ProtocolException("x", 0x0011, Hex.parse("00090005 41"), false);
        assertEquals(new ErrorCause(0x0011, Hex.parse("00090005 41")), ErrorCause.of(e));
        assertEquals(Optional.of(PoolHandle.fromString("A")), ErrorCause.of(e).parameter());
        assertEquals(Optional.empty(), ErrorCause.of(9).parameter());
    }

    @Test
    void transportsNormaliseAddresses() throws Exception {
        InetAddress mapped = Inet6Address.getByAddress(null, Hex.parse("00000000 00000000 0000ffff c0a80101"), -1);
        SctpTransport t = SctpTransport.of(1, TransportUse.DATA_ONLY, mapped);
        assertInstanceOf(Inet4Address.class, t.addresses().get(0));
        assertEquals("00040010 00010000 00010008 c0a80101", Hex.format(Parameters.encode(t)));
        assertEquals(new AddressParameter(InetAddress.getByName("192.168.1.1")), new AddressParameter(mapped));
        assertThrows(IllegalArgumentException.class,
                () -> new TcpTransport(70000, TransportUse.DATA_ONLY, InetAddress.getByName("::1")));
        assertThrows(IllegalArgumentException.class,
                () -> new UdpTransport(1, InetAddress.getByName("::1")).withAddresses(List.of()));
    }

    @Test
    void otherTransportsEncodeTheirLayout() throws Exception {
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        assertEquals("0006001c 13880000 00020014 20010db8\n00000000 00000000 00000001",
                Hex.format(Parameters.encode(new UdpTransport(5000, v6))));
        assertEquals("00070010 13880000 00010008 0a000001",
                Hex.format(Parameters.encode(new UdpLiteTransport(5000, InetAddress.getByName("10.0.0.1")))));
        DccpTransport dccp = new DccpTransport(5000, 0xdeadbeefL, InetAddress.getByName("10.0.0.1"));
        assertEquals("00030014 13880000 deadbeef 00010008\n0a000001", Hex.format(Parameters.encode(dccp)));
        assertEquals(dccp, Parameters.decode(Parameters.encode(dccp)));
    }

    @Test
    void poolElementValidation() throws Exception {
        SctpTransport t = SctpTransport.of(1, TransportUse.DATA_ONLY, InetAddress.getByName("10.0.0.1"));
        PoolMemberSelectionPolicy rr = PoolMemberSelectionPolicy.roundRobin();
        assertThrows(IllegalArgumentException.class, () -> new PoolElement(1, 0, -1, t, rr));
        assertThrows(IllegalArgumentException.class, () -> new PoolElement(1, 0, 0x1_0000_0000L, t, rr));
        PoolElement pe = new PoolElement(0, 0, 0xFFFF_FFFFL, t, rr).withAsapTransport(t);
        assertTrue(pe.asapTransport().isPresent());
        assertFalse(pe.withoutAsapTransport().asapTransport().isPresent());
        assertEquals(7, pe.withHomeRegistrarIdentifier(7).homeRegistrarIdentifier());
    }

    // ------------------------------------------------------------ policies

    @Test
    void policyTypeTableOfSection44() {
        assertEquals(8, PolicyType.ROUND_ROBIN.parameterLength());
        assertEquals(12, PolicyType.WEIGHTED_ROUND_ROBIN.parameterLength());
        assertEquals(8, PolicyType.RANDOM.parameterLength());
        assertEquals(12, PolicyType.WEIGHTED_RANDOM.parameterLength());
        assertEquals(12, PolicyType.PRIORITY.parameterLength());
        assertEquals(12, PolicyType.LEAST_USED.parameterLength());
        assertEquals(16, PolicyType.LEAST_USED_DEGRADATION.parameterLength());
        assertEquals(16, PolicyType.PRIORITY_LEAST_USED.parameterLength());
        assertEquals(12, PolicyType.RANDOMIZED_LEAST_USED.parameterLength());
        assertEquals(16, PolicyType.RANDOMIZED_PRIORITY_LEAST_USED.parameterLength());
        assertEquals(16, PolicyType.RANDOMIZED_LEAST_USED_DEGRADATION.parameterLength());
        assertEquals(16, PolicyType.PRIORITY_LEAST_USED_DEGRADATION.parameterLength());
        assertEquals(16, PolicyType.RANDOMIZED_PRIORITY_LEAST_USED_DEGRADATION.parameterLength());
        assertEquals(20, PolicyType.WEIGHTED_RANDOM_DPF.parameterLength());
        assertEquals(20, PolicyType.LEAST_USED_DPF.parameterLength());
        assertEquals(24, PolicyType.LEAST_USED_DEGRADATION_DPF.parameterLength());
        assertFalse(PolicyType.PRIORITY_LEAST_USED_DPF.isEncodable());
        assertFalse(PolicyType.PRIORITY_LEAST_USED_DEGRADATION_DPF.isEncodable());
        assertEquals(0xB0002005L, PolicyType.PRIORITY_LEAST_USED_DEGRADATION_DPF.code());
        assertEquals(18, PolicyType.values().length);
        assertTrue(PolicyType.LEAST_USED.isAdaptive());
        assertFalse(PolicyType.WEIGHTED_RANDOM_DPF.isAdaptive());
        for (PolicyType t : PolicyType.values()) {
            assertEquals(Optional.of(t), PolicyType.ofCode(t.code()));
            assertEquals(Optional.of(t), PolicyType.ofRsplibName(t.rsplibName()));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RoundRobin                         | 00000001",
        "Random                             | 00000003",
        "WeightedRoundRobin:3               | 00000002 00000003",
        "WeightedRandom:4294967295          | 00000004 ffffffff",
        "Priority:7                         | 00000005 00000007",
        "LeastUsed                          | 40000001 00000000",
        "LeastUsedDegradation:0.5           | 40000002 00000000 80000000",
        "LeastUsedDegradation:0.25          | 40000002 00000000 40000000",
        "LeastUsedDegradation:0.3333333333333333 | 40000002 00000000 55555555",
        "LeastUsedDegradation:1             | 40000002 00000000 ffffffff",
        "LeastUsedDegradation:0             | 40000002 00000000 00000000",
        "PriorityLeastUsed:0.5              | 40000003 00000000 80000000",
        "RandomizedLeastUsed                | 40000004 00000000",
        "RandomizedPriorityLeastUsed        | b0001001 00000000 00000000",
        "RandomizedLeastUsedDegradation     | b0001002 00000000 00000000",
        "PriorityLeastUsedDegradation:0.25  | b0001003 00000000 40000000",
        "RandomizedPriorityLeastUsedDegradation | b0001004 00000000 00000000",
        "WeightedRandomDPF:2:0.25           | b0002001 00000002 40000000 00000000",
        "LeastUsedDPF:0.5                   | b0002002 00000000 80000000 00000000",
        "LeastUsedDegradationDPF:0.25:1.0   | b0002003 00000000 40000000 ffffffff 00000000",
    })
    void parsesRsplibPolicySyntax(String text, String words) {
        PoolMemberSelectionPolicy p = PoolMemberSelectionPolicy.parse(text);
        byte[] tlv = Parameters.encode(p);
        assertEquals(words.replace(" ", ""), Hex.compact(tlv).substring(8));
        assertEquals(p.type().parameterLength(), tlv.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bogus", "roundrobin", "RoundRobin:1", "LeastUsedDegradation", "LeastUsedDegradation:",
        "LeastUsedDegradation:1.5", "LeastUsedDegradation:-0.1", "LeastUsedDegradation:NaN",
        "LeastUsedDegradation:x", "WeightedRoundRobin:-1", "WeightedRoundRobin:4294967296", "WeightedRoundRobin:1.5",
        "WeightedRandomDPF:2", "LeastUsedDegradationDPF:0.5:2", "PriorityLeastUsedDPF", "LeastUsed:0.5"})
    void rejectsBadPolicySyntax(String text) {
        assertThrows(IllegalArgumentException.class, () -> PoolMemberSelectionPolicy.parse(text));
    }

    @Test
    void policyFractionsRoundHalfToEven() {
        assertEquals(0x80000000L, PoolMemberSelectionPolicy.fraction(0.5));
        assertEquals(0xFFFFFFFFL, PoolMemberSelectionPolicy.fraction(1.0));
        assertEquals(0L, PoolMemberSelectionPolicy.fraction(0.0));
        assertEquals(0.5, PoolMemberSelectionPolicy.toFraction(0x80000000L), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> PoolMemberSelectionPolicy.fraction(1.0000001));
    }

    @Test
    void policyWords() {
        PoolMemberSelectionPolicy lud = PoolMemberSelectionPolicy.parse("LeastUsedDegradation:0.5");
        assertTrue(lud.has(PolicyType.Word.LOAD));
        assertFalse(lud.has(PolicyType.Word.WEIGHT));
        assertEquals(0x80000000L, lud.word(PolicyType.Word.LOAD_DEGRADATION));
        PoolMemberSelectionPolicy loaded = lud.with(PolicyType.Word.LOAD, 0x7fffffffL);
        assertEquals(List.of(0x7fffffffL, 0x80000000L), loaded.words());
        assertThrows(IllegalArgumentException.class, () -> lud.word(PolicyType.Word.WEIGHT));
        assertThrows(IllegalArgumentException.class, () -> lud.with(PolicyType.Word.LOAD, -1));
        assertThrows(IllegalArgumentException.class, () -> PoolMemberSelectionPolicy.of(PolicyType.LEAST_USED));
        assertThrows(IllegalArgumentException.class,
                () -> PoolMemberSelectionPolicy.of(PolicyType.PRIORITY_LEAST_USED_DPF));
    }

    @Test
    void operationErrorCauseWithNestedParameter() {
        ErrorCause c = ErrorCause.withParameter(ErrorCause.INVALID_VALUES, PoolHandle.fromString("ScriptingPool"));
        assertArrayEquals(Hex.parse("00090011 53637269 7074696e 67506f6f 6c"), c.info(), "no padding in a cause");
        OperationError e = OperationError.of(c, ErrorCause.of(ErrorCause.UNKNOWN_POOL_HANDLE));
        assertEquals("000c001d 00030015 00090011 53637269\n7074696e 67506f6f 6c000900 04000000",
                Hex.format(Parameters.encode(e)));
        assertEquals(3, e.firstCode());
    }

    @Test
    void parameterTypeLookupIgnoresActionBits() {
        assertEquals(ParameterType.POOL_HANDLE, ParameterType.ofType(0xC009));
        assertEquals(ParameterType.HANDLE_RESOLUTION_OPTION, ParameterType.ofType(0x003F));
        assertEquals(0x803F, ParameterType.HANDLE_RESOLUTION_OPTION.code());
        assertEquals(null, ParameterType.ofType(0x0010));
    }
}
