package org.raypool.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.wire.SpecVectors.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.Deregistration;
import org.raypool.wire.asap.DeregistrationResponse;
import org.raypool.wire.asap.EndpointKeepAlive;
import org.raypool.wire.asap.EndpointKeepAliveAck;
import org.raypool.wire.asap.EndpointUnreachable;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.asap.HandleResolutionResponse;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.asap.RegistrationResponse;
import org.raypool.wire.asap.ServerAnnounce;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.EnrpMessage;
import org.raypool.wire.enrp.HandleTableRequest;
import org.raypool.wire.enrp.HandleTableResponse;
import org.raypool.wire.enrp.HandleUpdate;
import org.raypool.wire.enrp.InitTakeover;
import org.raypool.wire.enrp.InitTakeoverAck;
import org.raypool.wire.enrp.ListRequest;
import org.raypool.wire.enrp.ListResponse;
import org.raypool.wire.enrp.PoolEntry;
import org.raypool.wire.enrp.Presence;
import org.raypool.wire.enrp.TakeoverServer;
import org.raypool.wire.enrp.UpdateAction;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.HandleResolutionOption;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.Parameter;
import org.raypool.wire.param.Parameters;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.ServerInformation;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/** Every vector of docs/protocol/asap-enrp-wire.md §9, byte-exact in both directions. */
class SpecVectorTest {
    static final PoolHandle FRACTAL = PoolHandle.fromString("FractalGeneratorPool");
    static final PoolHandle SCRIPTING = PoolHandle.fromString("ScriptingPool");
    static final PoolMemberSelectionPolicy RR = PoolMemberSelectionPolicy.roundRobin();
    static final long LIFE = 90_000;

    /** The 8 addresses of PE 0x336e014d / PR 0x278ca457 (seed host A). */
    static final List<InetAddress> HOST_A_ALL = ips("127.0.0.1", "::1", "132.252.156.149",
            "2001:638:501:4ef4:201:2ff:fef1:8409", "fe80::201:2ff:fef1:8409", "132.252.156.19",
            "2001:638:501:4ef3:211:43ff:febb:cee0", "fe80::211:43ff:febb:cee0");
    static final List<InetAddress> HOST_A_GLOBAL = ips("132.252.156.149", "2001:638:501:4ef4:201:2ff:fef1:8409",
            "132.252.156.19", "2001:638:501:4ef3:211:43ff:febb:cee0");
    /** The 4 addresses of PR 0x36acceb7's host (seed host B). */
    static final List<InetAddress> HOST_B = ips("132.252.156.18", "2001:638:501:4ef3:211:43ff:febb:9f62",
            "132.252.156.148", "2001:638:501:4ef4:204:76ff:fe1a:50b6");

    static List<InetAddress> ips(String... literals) {
        return Arrays.stream(literals).map(SpecVectorTest::ip).toList();
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static void asap(String hex, AsapMessage expected) throws ProtocolException {
        message(AsapCodec.INSTANCE, hex, expected);
    }

    static void enrp(String hex, EnrpMessage expected) throws ProtocolException {
        message(EnrpCodec.INSTANCE, hex, expected);
    }

    /** The vector decodes to {@code expected}, consuming all of it, and {@code expected} encodes to the vector. */
    static <M> void message(MessageCodec<M> codec, String hex, M expected) throws ProtocolException {
        byte[] bytes = Hex.parse(hex);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertEquals(expected, codec.decode(buffer), "decode");
        assertEquals(bytes.length, buffer.position(), "whole message consumed");
        assertEquals(Hex.format(bytes), Hex.format(codec.encode(expected)), "encode");
    }

    static void parameter(String hex, Parameter expected) throws ProtocolException {
        byte[] bytes = Hex.parse(hex);
        assertEquals(expected, Parameters.decode(bytes), "decode");
        assertEquals(Hex.format(bytes), Hex.format(Parameters.encode(expected)), "encode");
    }

    // ---------------------------------------------------------------- §9.1

    @Test
    void vector_9_1_1_poolHandleFractalGeneratorPool() throws Exception {
        parameter(PARAM_9_1_1_POOL_HANDLE_FRACTAL_GENERATOR_POOL, FRACTAL);
    }

    @Test
    void vector_9_1_2_poolHandleScriptingPool() throws Exception {
        parameter(PARAM_9_1_2_POOL_HANDLE_SCRIPTING_POOL, SCRIPTING);
    }

    @Test
    void vector_9_1_3_policyRoundRobin() throws Exception {
        parameter(PARAM_9_1_3_POLICY_ROUND_ROBIN, RR);
        assertEquals(RR, PoolMemberSelectionPolicy.parse("RoundRobin"));
    }

    @Test
    void vector_9_1_4_policyLudDegradation100() throws Exception {
        PoolMemberSelectionPolicy lud = PoolMemberSelectionPolicy.leastUsedDegradation(0, 0xFFFF_FFFFL);
        parameter(PARAM_9_1_4_POLICY_LUD_LOAD_0_DEGRADATION_100, lud);
        assertEquals(lud, PoolMemberSelectionPolicy.parse("LeastUsedDegradation:1.0"));
    }

    @Test
    void vector_9_1_5_policyLudDegradationHalf() throws Exception {
        PoolMemberSelectionPolicy lud = PoolMemberSelectionPolicy.leastUsedDegradation(0, 0x8000_0000L);
        parameter(PARAM_9_1_5_POLICY_LUD_LOAD_0_DEGRADATION_HALF, lud);
        assertEquals(lud, PoolMemberSelectionPolicy.parse("LeastUsedDegradation:0.5"));
    }

    @Test
    void vector_9_1_6_peChecksumFfff() throws Exception {
        parameter(PARAM_9_1_6_PE_CHECKSUM_FFFF, PeChecksum.EMPTY);
    }

    @Test
    void vector_9_1_7_handleResolutionOption() throws Exception {
        parameter(PARAM_9_1_7_HANDLE_RESOLUTION_OPTION_1, new HandleResolutionOption(1));
    }

    // ---------------------------------------------------------------- §9.2 ASAP

    @Test
    void vector_9_2_1_serverAnnounce() throws Exception {
        asap(ASAP_9_2_1_SERVER_ANNOUNCE, ServerAnnounce.of(0x36acceb7));
    }

    @Test
    void vector_9_2_2_registration() throws Exception {
        asap(ASAP_9_2_2_REGISTRATION, new Registration(FRACTAL, new PoolElement(0x336e014d, 0, LIFE,
                new SctpTransport(57378, TransportUse.DATA_PLUS_CONTROL, HOST_A_ALL), RR)));
    }

    @Test
    void vector_9_2_3_deregistration() throws Exception {
        asap(ASAP_9_2_3_DEREGISTRATION, new Deregistration(FRACTAL, 0x336e014d));
    }

    @Test
    void vector_9_2_4_registrationResponse() throws Exception {
        asap(ASAP_9_2_4_REGISTRATION_RESPONSE, RegistrationResponse.accepted(FRACTAL, 0x336e014d));
    }

    @Test
    void vector_9_2_4_deregistrationResponse() throws Exception {
        asap(ASAP_9_2_4_DEREGISTRATION_RESPONSE, DeregistrationResponse.success(FRACTAL, 0x336e014d));
    }

    @Test
    void vector_9_2_5_registrationResponsePolicyMismatchRsplibForm() throws Exception {
        RegistrationResponse r = RegistrationResponse.rejected(FRACTAL, 0x336e014d,
                OperationError.of(ErrorCause.POOLING_POLICY_INCONSISTENT));
        asap(ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_RSPLIB, r);
        assertTrue(r.isFailure());
    }

    @Test
    void vector_9_2_5_registrationResponsePolicyMismatchProjectForm() throws Exception {
        PoolMemberSelectionPolicy offending = PoolMemberSelectionPolicy.leastUsed(0);
        RegistrationResponse r = RegistrationResponse.rejected(FRACTAL, 0x336e014d,
                OperationError.of(ErrorCause.withParameter(ErrorCause.POOLING_POLICY_INCONSISTENT, offending)));
        asap(ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_PROJECT, r);
        RegistrationResponse decoded = (RegistrationResponse) AsapCodec.INSTANCE.decode(
                Hex.parse(ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_PROJECT));
        assertEquals(Optional.of(offending), decoded.error().orElseThrow().causes().get(0).parameter());
    }

    @Test
    void vector_9_2_6_handleResolution() throws Exception {
        asap(ASAP_9_2_6_HANDLE_RESOLUTION, HandleResolution.of(FRACTAL, 1));
    }

    @Test
    void vector_9_2_7_handleResolutionResponse() throws Exception {
        PoolElement pe = new PoolElement(0x7faab6d8, 0x36acceb7, LIFE,
                new SctpTransport(51074, TransportUse.DATA_PLUS_CONTROL, HOST_B), RR);
        asap(ASAP_9_2_7_HANDLE_RESOLUTION_RESPONSE, HandleResolutionResponse.success(FRACTAL, List.of(pe)));
    }

    @Test
    void vector_9_2_8_handleResolutionResponseUnknownPool() throws Exception {
        asap(ASAP_9_2_8_HANDLE_RESOLUTION_RESPONSE_UNKNOWN_POOL,
                HandleResolutionResponse.unknownPool(PoolHandle.fromString("NoSuchPool")));
    }

    @Test
    void vector_9_2_9_endpointKeepAlive() throws Exception {
        asap(ASAP_9_2_9_ENDPOINT_KEEP_ALIVE, EndpointKeepAlive.of(0x36acceb7, false, FRACTAL, 0x336e014d));
    }

    @Test
    void vector_9_2_9_endpointKeepAliveHomeBit() throws Exception {
        asap(ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_HOME, EndpointKeepAlive.of(0x278ca457, true, FRACTAL, 0x336e014d));
    }

    @Test
    void vector_9_2_9_endpointKeepAliveAck() throws Exception {
        asap(ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_ACK, new EndpointKeepAliveAck(FRACTAL, 0x336e014d));
    }

    @Test
    void vector_9_2_9_endpointUnreachable() throws Exception {
        asap(ASAP_9_2_9_ENDPOINT_UNREACHABLE, new EndpointUnreachable(FRACTAL, 0x7faab6d8));
    }

    // ---------------------------------------------------------------- §9.2 ENRP

    @Test
    void vector_9_2_10_presence() throws Exception {
        enrp(ENRP_9_2_10_PRESENCE, new Presence(0x278ca457, 0x36acceb7, true, PeChecksum.EMPTY,
                new ServerInformation(0x278ca457, new SctpTransport(14736, TransportUse.DATA_ONLY, HOST_A_ALL))));
    }

    @Test
    void vector_9_2_11_listRequest() throws Exception {
        enrp(ENRP_9_2_11_LIST_REQUEST, new ListRequest(0x278ca457, 0x36acceb7));
    }

    @Test
    void vector_9_2_11_handleTableRequest() throws Exception {
        enrp(ENRP_9_2_11_HANDLE_TABLE_REQUEST, new HandleTableRequest(0x278ca457, 0x36acceb7, false));
    }

    @Test
    void vector_9_2_11_handleTableRequestOwnChildrenOnly() throws Exception {
        enrp(ENRP_9_2_11_HANDLE_TABLE_REQUEST_OWN_CHILDREN, new HandleTableRequest(0x278ca457, 0x36acceb7, true));
    }

    @Test
    void vector_9_2_12_listResponse() throws Exception {
        enrp(ENRP_9_2_12_LIST_RESPONSE, new ListResponse(0x36acceb7, 0x278ca457, false, List.of(
                new ServerInformation(0x278ca457, new SctpTransport(14736, TransportUse.DATA_ONLY, HOST_A_GLOBAL)))));
    }

    @Test
    void vector_9_2_13_handleTableResponse() throws Exception {
        PoolElement scripting = new PoolElement(0x14f2d0d7, 0x36acceb7, LIFE,
                new SctpTransport(47597, TransportUse.DATA_PLUS_CONTROL, HOST_B),
                PoolMemberSelectionPolicy.leastUsedDegradation(0, 0xFFFF_FFFFL),
                Optional.of(new SctpTransport(53161, TransportUse.DATA_ONLY, HOST_B)));
        PoolElement fractal = new PoolElement(0x7faab6d8, 0x36acceb7, LIFE,
                new SctpTransport(51074, TransportUse.DATA_PLUS_CONTROL, HOST_B), RR,
                Optional.of(new SctpTransport(53324, TransportUse.DATA_ONLY, HOST_B)));
        enrp(ENRP_9_2_13_HANDLE_TABLE_RESPONSE, new HandleTableResponse(0x36acceb7, 0x278ca457, false, false,
                List.of(new PoolEntry(SCRIPTING, scripting), new PoolEntry(FRACTAL, fractal))));
    }

    static HandleUpdate handleUpdate9214(UpdateAction action) {
        PoolElement pe = new PoolElement(0x336e014d, 0x36acceb7, LIFE,
                new SctpTransport(57378, TransportUse.DATA_PLUS_CONTROL, HOST_A_GLOBAL), RR,
                Optional.of(new SctpTransport(33125, TransportUse.DATA_ONLY, ips("132.252.156.19", "132.252.156.149",
                        "2001:638:501:4ef4:201:2ff:fef1:8409", "2001:638:501:4ef3:211:43ff:febb:cee0"))));
        return new HandleUpdate(0x36acceb7, 0x081c671f, false, action, FRACTAL, pe);
    }

    @Test
    void vector_9_2_14_handleUpdateDelete() throws Exception {
        enrp(ENRP_9_2_14_HANDLE_UPDATE_DELETE, handleUpdate9214(UpdateAction.DELETE_PE));
    }

    @Test
    void vector_9_2_14_handleUpdateAdd() throws Exception {
        enrp(ENRP_9_2_14_HANDLE_UPDATE_ADD, handleUpdate9214(UpdateAction.ADD_PE));
    }

    @Test
    void vector_9_2_15_initTakeover() throws Exception {
        enrp(ENRP_9_2_15_INIT_TAKEOVER, new InitTakeover(0x278ca457, 0x081c671f, 0x36acceb7));
    }

    @Test
    void vector_9_2_15_initTakeoverAck() throws Exception {
        enrp(ENRP_9_2_15_INIT_TAKEOVER_ACK, new InitTakeoverAck(0x081c671f, 0x278ca457, 0x36acceb7));
    }

    @Test
    void vector_9_2_15_takeoverServer() throws Exception {
        enrp(ENRP_9_2_15_TAKEOVER_SERVER, new TakeoverServer(0x278ca457, 0x081c671f, 0x36acceb7));
    }

    // ---------------------------------------------------------------- §9.3 [PROJECT] TCP

    @Test
    void vector_9_3_1_serverAnnounceTcp() throws Exception {
        asap(ASAP_9_3_1_SERVER_ANNOUNCE_TCP,
                ServerAnnounce.of(0x36acceb7, new TcpTransport(3863, TransportUse.DATA_ONLY, ip("192.168.1.10"))));
    }

    @Test
    void vector_9_3_2_presenceTcp() throws Exception {
        enrp(ENRP_9_3_2_PRESENCE_TCP, new Presence(0x278ca457, 0, false, new PeChecksum(0x8490),
                new ServerInformation(0x278ca457, new TcpTransport(9901, TransportUse.DATA_ONLY, ip("192.168.1.10")))));
    }

    @Test
    void vector_9_3_3_registrationTcp() throws Exception {
        asap(ASAP_9_3_3_REGISTRATION_TCP, new Registration(SCRIPTING, new PoolElement(0x2a2a2a2a, 0, LIFE,
                new TcpTransport(40000, TransportUse.DATA_PLUS_CONTROL, ip("192.168.1.20")),
                PoolMemberSelectionPolicy.leastUsedDegradation(0x7fffffffL, 0x80000000L))));
    }

    // ---------------------------------------------------------------- §9.4 checksums

    static final PoolHandle CALC = PoolHandle.fromString("CalcAppPool");

    @Test
    void vector_9_4_checksumEmpty() {
        assertEquals(0xFFFF, new PeChecksum.Accumulator().checksum().value());
        assertEquals(PeChecksum.EMPTY, PeChecksum.ofSum(0));
    }

    @Test
    void vector_9_4_checksumCalcApp5562e917() {
        assertEquals(0x23CF3 + 0x5562 + 0xe917, PeChecksum.sumOf(CALC, 0x5562e917));
        assertEquals(0x37B6C, PeChecksum.sumOf(CALC, 0x5562e917));
        assertEquals(0x8490, PeChecksum.ofSum(0x37B6C).value());
    }

    @Test
    void vector_9_4_checksumCalcApp3775a3bd() {
        assertEquals(0x31825, PeChecksum.sumOf(CALC, 0x3775a3bd));
        assertEquals(0xE7D7, PeChecksum.ofSum(0x31825).value());
    }

    @Test
    void vector_9_4_checksumBothCalcApp() {
        PeChecksum.Accumulator acc = new PeChecksum.Accumulator().add(CALC, 0x5562e917).add(CALC, 0x3775a3bd);
        assertEquals(0x69391, acc.sum());
        assertEquals(0x6C68, acc.checksum().value());
        assertEquals(0x8490, acc.remove(CALC, 0x3775a3bd).checksum().value());
    }

    @Test
    void vector_9_4_checksumFractal336e014d() {
        assertEquals(0x418D9, PeChecksum.sumOf(FRACTAL, 0x336e014d));
        assertEquals(0xE722, PeChecksum.ofSum(0x418D9).value());
    }

    @Test
    void vector_9_4_checksumSeedRegistrar36acceb7() {
        PeChecksum.Accumulator acc = new PeChecksum.Accumulator().add(SCRIPTING, 0x14f2d0d7).add(FRACTAL, 0x7faab6d8);
        assertEquals(0x1D21, acc.checksum().value());
        // docs/protocol/registrar-behaviour.md §10.5: a peer that only knows the ScriptingPool entry.
        assertEquals(0x37C6, new PeChecksum.Accumulator().add(SCRIPTING, 0x14f2d0d7).checksum().value());
    }

    @Test
    void vector_9_4_checksumCarriedInPresence() throws Exception {
        Presence p = (Presence) EnrpCodec.INSTANCE.decode(Hex.parse(ENRP_9_3_2_PRESENCE_TCP));
        assertEquals(new PeChecksum.Accumulator().add(CALC, 0x5562e917).checksum(), p.checksum());
    }

    @Test
    void keepAliveWithoutPeIdentifierIsTheStandardForm() throws Exception {
        EndpointKeepAlive k = new EndpointKeepAlive(0x36acceb7, false, FRACTAL, OptionalInt.empty());
        byte[] bytes = AsapCodec.INSTANCE.encode(k);
        assertEquals("07000020 36acceb7 00090018 46726163\n74616c47 656e6572 61746f72 506f6f6c", Hex.format(bytes));
        assertEquals(k, AsapCodec.INSTANCE.decode(bytes));
    }
}
