package org.raypool.wire;

import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.enrp.EnrpCodec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.raypool.wire.SpecVectors.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raypool.testing.pcap.PcapWriter;
import org.raypool.testing.pcap.SctpAssociation;
import org.raypool.testing.pcap.TcpConnection;
import org.raypool.wire.ssp.Download;
import org.raypool.wire.ssp.Environment;
import org.raypool.wire.ssp.KeepAlive;
import org.raypool.wire.ssp.KeepAliveAck;
import org.raypool.wire.ssp.NotReady;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.SspCodec;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.SspVectors;
import org.raypool.wire.ssp.Status;
import org.raypool.wire.ssp.Upload;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * "Wireshark as judge": our encoded SSP messages and the ASAP/ENRP vectors of docs/protocol/asap-enrp-wire.md §9 are
 * written into a pcap (SCTP with the protocol's PPID, UDP multicast, TCP through tools/wireshark/raypool.lua) and a
 * real tshark must decode each as the expected protocol, message type and field values, with no malformed packet and no
 * expert warning or error. The cases are data: to judge a codec instead of hex, replace a case's bytes by the codec's
 * output.
 */
class TsharkIT {
    enum Carrier { SCTP, UDP, TCP }

    /**
     * One message and what Wireshark must show for it. {@code fields} maps a field name to all of its
     * occurrences' displayed values in this message, joined by ","; "" means the field must be absent.
     */
    record Case(Protocol protocol, Carrier carrier, String name, byte[] bytes, int type, Map<String, String> fields) {
        @Override
        public String toString() {
            return protocol + "/" + carrier + " " + name;
        }
    }

    private static final SspCodec SSP = SspCodec.INSTANCE;
    private static final String POOL_HANDLE_FRACTAL = "FractalGeneratorPool";

    private static final InetSocketAddress PE = address("10.0.0.20", 33125);
    private static final InetSocketAddress PR_A = address("10.0.0.10", 15893);
    private static final InetSocketAddress PR_B_ENRP = address("10.0.0.11", 14736);
    private static final InetSocketAddress PR_A_ENRP = address("10.0.0.10", 9901);
    private static final InetSocketAddress PU = address("10.0.0.30", 45000);
    private static final InetSocketAddress PE_USER = address("10.0.0.20", 57378);
    private static final InetSocketAddress ASAP_ANNOUNCE = address("239.0.0.50", 3863);
    private static final InetSocketAddress ENRP_PRESENCE = address("239.0.0.51", 9901);
    /** SSP over TCP: one connection found by the heuristic, one on a port given as preference. */
    private static final int SSP_HEURISTIC_PORT = 40000;
    private static final int SSP_CONFIGURED_PORT = 40001;

    private static Path tshark;
    private static Path luaScript;

    @BeforeAll
    static void findTools() {
        tshark = onPath("tshark");
        luaScript = repositoryRoot().resolve("tools/wireshark/raypool.lua");
    }

    /** Per test rather than per class, so that reports list each test as skipped, with this reason. */
    @BeforeEach
    void requireTshark() {
        assumeTrue(tshark != null, "tshark is not on PATH; install Wireshark's tshark (>= 4.0) to run the judge");
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (SspMessage message : sspMessages()) {
            cases.add(ssp(Carrier.SCTP, message));
        }
        for (SspMessage message : sspMessages()) {
            cases.add(ssp(Carrier.TCP, message));
        }

        cases.add(asap(Carrier.UDP, "9.2.1 Server Announce", hex(ASAP_9_2_1_SERVER_ANNOUNCE), 0x0a,
                fields("asap.server_identifier", "0x36acceb7", "asap.parameter_type", "")));
        cases.add(asap(Carrier.UDP, "9.3.1 Server Announce with TCP transport",
                hex(ASAP_9_3_1_SERVER_ANNOUNCE_TCP), 0x0a,
                fields("asap.server_identifier", "0x36acceb7", "asap.tcp_transport_port", "3863",
                        "asap.ipv4_address", "192.168.1.10")));
        cases.add(asap(Carrier.SCTP, "9.2.2 Registration", hex(ASAP_9_2_2_REGISTRATION), 0x01,
                fields("asap.message_length", "184", "asap.pool_handle_pool_handle", colonHex(POOL_HANDLE_FRACTAL),
                        "asap.pool_element_pe_identifier", "0x336e014d",
                        "asap.pool_element_registration_life", "90000", "asap.sctp_transport_port", "57378",
                        "asap.transport_use", "1", "asap.ipv4_address", "127.0.0.1,132.252.156.149,132.252.156.19",
                        "asap.pool_member_selection_policy_type", "0x00000001")));
        cases.add(asap(Carrier.SCTP, "9.2.3 Deregistration", hex(ASAP_9_2_3_DEREGISTRATION), 0x02,
                fields("asap.pe_identifier", "0x336e014d", "asap.pool_handle_pool_handle",
                        colonHex(POOL_HANDLE_FRACTAL))));
        cases.add(asap(Carrier.SCTP, "9.2.4 Registration Response", hex(ASAP_9_2_4_REGISTRATION_RESPONSE), 0x03,
                fields("asap.pe_identifier", "0x336e014d", "asap.r_bit", "0")));
        cases.add(asap(Carrier.SCTP, "9.2.4 Deregistration Response", hex(ASAP_9_2_4_DEREGISTRATION_RESPONSE), 0x04,
                fields("asap.pe_identifier", "0x336e014d")));
        cases.add(asap(Carrier.SCTP, "9.2.5 Registration Response rejected (project form)",
                hex(ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_PROJECT), 0x03,
                fields("asap.r_bit", "1", "asap.cause_code", "0x0005",
                        "asap.pool_member_selection_policy_type", "0x40000001")));
        cases.add(asap(Carrier.SCTP, "9.2.6 Handle Resolution",
                hex(ASAP_9_2_6_HANDLE_RESOLUTION), 0x05, fields("asap.hropt_items", "1")));
        cases.add(asap(Carrier.SCTP, "9.2.7 Handle Resolution Response",
                hex(ASAP_9_2_7_HANDLE_RESOLUTION_RESPONSE), 0x06,
                fields("asap.pool_element_pe_identifier", "0x7faab6d8",
                        "asap.pool_element_home_enrp_server_identifier", "0x36acceb7",
                        "asap.sctp_transport_port", "51074", "asap.ipv6_address",
                        "2001:638:501:4ef3:211:43ff:febb:9f62,2001:638:501:4ef4:204:76ff:fe1a:50b6")));
        cases.add(asap(Carrier.SCTP, "9.2.8 Handle Resolution Response, unknown pool",
                hex(ASAP_9_2_8_HANDLE_RESOLUTION_RESPONSE_UNKNOWN_POOL), 0x06,
                fields("asap.pool_handle_pool_handle", colonHex("NoSuchPool"), "asap.cause_code", "0x0009")));
        cases.add(asap(Carrier.SCTP, "9.2.9 Endpoint Keep-Alive", hex(ASAP_9_2_9_ENDPOINT_KEEP_ALIVE), 0x07,
                fields("asap.server_identifier", "0x36acceb7", "asap.h_bit", "0",
                        "asap.pe_identifier", "0x336e014d")));
        cases.add(asap(Carrier.SCTP, "9.2.9 Endpoint Keep-Alive, H bit", hex(ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_HOME), 0x07,
                fields("asap.server_identifier", "0x278ca457", "asap.h_bit", "1")));
        cases.add(asap(Carrier.SCTP, "9.2.9 Endpoint Keep-Alive Ack", hex(ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_ACK), 0x08,
                fields("asap.pe_identifier", "0x336e014d")));
        cases.add(asap(Carrier.SCTP, "9.2.9 Endpoint Unreachable",
                hex(ASAP_9_2_9_ENDPOINT_UNREACHABLE), 0x09, fields("asap.pe_identifier", "0x7faab6d8")));

        byte[] tcpRegistration = hex(ASAP_9_3_3_REGISTRATION_TCP);
        Map<String, String> tcpRegistrationFields = fields("asap.pool_handle_pool_handle",
                colonHex("ScriptingPool"), "asap.pool_element_pe_identifier", "0x2a2a2a2a",
                "asap.tcp_transport_port", "40000", "asap.transport_use", "1", "asap.ipv4_address", "192.168.1.20",
                "asap.pool_member_selection_policy_type", "0x40000002");
        cases.add(asap(Carrier.SCTP, "9.3.3 Registration with TCP user transport", tcpRegistration, 0x01,
                tcpRegistrationFields));
        cases.add(asap(Carrier.TCP, "9.3.3 Registration with TCP user transport", tcpRegistration, 0x01,
                tcpRegistrationFields));
        cases.add(asap(Carrier.TCP, "9.2.4 Registration Response", hex(ASAP_9_2_4_REGISTRATION_RESPONSE), 0x03,
                fields("asap.pe_identifier", "0x336e014d")));
        cases.add(asap(Carrier.TCP, "9.2.6 Handle Resolution",
                hex(ASAP_9_2_6_HANDLE_RESOLUTION), 0x05, fields("asap.hropt_items", "1")));
        // Length 21 leaves out the Pool Handle's final padding (RSPLIB accepts it); the framing skips the 3 bytes.
        cases.add(peerVariant(Protocol.ASAP, Carrier.TCP, "Handle Resolution, Length without final padding", hex("""
                05000015 00090011 53637269 7074696e 67506f6f 6c000000"""), 0x05,
                fields("asap.message_length", "21", "asap.pool_handle_pool_handle", colonHex("ScriptingPool"))));
        cases.add(asap(Carrier.TCP, "9.2.8 Handle Resolution Response, unknown pool",
                hex(ASAP_9_2_8_HANDLE_RESOLUTION_RESPONSE_UNKNOWN_POOL), 0x06,
                fields("asap.cause_code", "0x0009")));
        cases.add(asap(Carrier.TCP, "9.2.9 Endpoint Keep-Alive", hex(ASAP_9_2_9_ENDPOINT_KEEP_ALIVE), 0x07,
                fields("asap.server_identifier", "0x36acceb7")));
        cases.add(asap(Carrier.TCP, "9.2.9 Endpoint Keep-Alive Ack", hex(ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_ACK), 0x08,
                fields("asap.pe_identifier", "0x336e014d")));
        cases.add(asap(Carrier.TCP, "9.2.3 Deregistration", hex(ASAP_9_2_3_DEREGISTRATION), 0x02,
                fields("asap.pe_identifier", "0x336e014d")));

        byte[] presence = hex(ENRP_9_2_10_PRESENCE);
        Map<String, String> presenceFields = fields("enrp.r_bit", "1", "enrp.sender_servers_id", "0x278ca457",
                "enrp.receiver_servers_id", "0x36acceb7", "enrp.pe_checksum", "0xffff",
                "enrp.server_information_server_identifier", "0x278ca457", "enrp.sctp_transport_port", "14736");
        byte[] tcpPresence = hex(ENRP_9_3_2_PRESENCE_TCP);
        Map<String, String> tcpPresenceFields = fields("enrp.r_bit", "0", "enrp.receiver_servers_id",
                "0x00000000", "enrp.pe_checksum", "0x8490", "enrp.tcp_transport_port", "9901",
                "enrp.ipv4_address", "192.168.1.10");
        byte[] listResponse = hex(ENRP_9_2_12_LIST_RESPONSE);
        byte[] handleTableResponse = hex(ENRP_9_2_13_HANDLE_TABLE_RESPONSE);
        Map<String, String> handleTableFields = fields("enrp.m_bit", "0", "enrp.pool_handle_pool_handle",
                colonHex("ScriptingPool") + "," + colonHex(POOL_HANDLE_FRACTAL),
                "enrp.pool_element_pe_identifier", "0x14f2d0d7,0x7faab6d8",
                "enrp.sctp_transport_port", "47597,53161,51074,53324");
        byte[] handleUpdateDelete = hex(ENRP_9_2_14_HANDLE_UPDATE_DELETE);
        Map<String, String> handleUpdateFields = fields("enrp.update_action", "1",
                "enrp.pool_element_pe_identifier", "0x336e014d", "enrp.sctp_transport_port", "57378,33125");

        cases.add(enrp(Carrier.SCTP, "9.2.10 Presence", presence, 0x01, presenceFields));
        cases.add(enrp(Carrier.UDP, "9.3.2 Presence with TCP Server Information", tcpPresence, 0x01,
                tcpPresenceFields));
        cases.add(enrp(Carrier.SCTP, "9.2.11 List Request", hex(ENRP_9_2_11_LIST_REQUEST), 0x05,
                fields("enrp.sender_servers_id", "0x278ca457")));
        cases.add(enrp(Carrier.SCTP, "9.2.11 Handle Table Request W",
                hex(ENRP_9_2_11_HANDLE_TABLE_REQUEST_OWN_CHILDREN), 0x02,
                fields("enrp.w_bit", "1")));
        cases.add(enrp(Carrier.SCTP, "9.2.12 List Response", listResponse, 0x06,
                fields("enrp.server_information_server_identifier", "0x278ca457")));
        cases.add(enrp(Carrier.SCTP, "9.2.13 Handle Table Response", handleTableResponse, 0x03, handleTableFields));
        cases.add(enrp(Carrier.SCTP, "9.2.14 Handle Update (delete)", handleUpdateDelete, 0x04, handleUpdateFields));
        cases.add(enrp(Carrier.SCTP, "9.2.15 Init Takeover", hex(ENRP_9_2_15_INIT_TAKEOVER), 0x07,
                fields("enrp.target_servers_id", "0x36acceb7")));

        cases.add(enrp(Carrier.TCP, "9.3.2 Presence with TCP Server Information", tcpPresence, 0x01,
                tcpPresenceFields));
        cases.add(enrp(Carrier.TCP, "9.2.11 List Request", hex(ENRP_9_2_11_LIST_REQUEST), 0x05,
                fields("enrp.receiver_servers_id", "0x36acceb7")));
        cases.add(enrp(Carrier.TCP, "9.2.11 Handle Table Request", hex(ENRP_9_2_11_HANDLE_TABLE_REQUEST), 0x02,
                fields("enrp.w_bit", "0")));
        cases.add(enrp(Carrier.TCP, "9.2.12 List Response", listResponse, 0x06,
                fields("enrp.server_information_server_identifier", "0x278ca457")));
        cases.add(enrp(Carrier.TCP, "9.2.13 Handle Table Response", handleTableResponse, 0x03, handleTableFields));
        cases.add(enrp(Carrier.TCP, "9.2.14 Handle Update (add)", hex(ENRP_9_2_14_HANDLE_UPDATE_ADD), 0x04,
                fields("enrp.update_action", "0")));
        cases.add(enrp(Carrier.TCP, "9.2.14 Handle Update (delete)", handleUpdateDelete, 0x04, handleUpdateFields));
        cases.add(enrp(Carrier.TCP, "9.2.15 Init Takeover Ack", hex(ENRP_9_2_15_INIT_TAKEOVER_ACK), 0x08,
                fields("enrp.target_servers_id", "0x36acceb7")));
        cases.add(enrp(Carrier.TCP, "9.2.15 Takeover Server", hex(ENRP_9_2_15_TAKEOVER_SERVER), 0x09,
                fields("enrp.sender_servers_id", "0x278ca457")));
        return cases;
    }

    /** Every SSP type, both Environment flags and both Keep-Alive Ack forms, from our codec. */
    static List<SspMessage> sspMessages() {
        byte[] hash = SspVectors.EMPTY_SHA1;
        byte[] chunk = new byte[SspCodec.MAX_CHUNK];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31 + 7);
        }
        return List.of(
                new Ready("node1"),
                NotReady.fullyLoaded("pe-7.raypool.example"),
                new NotReady(NotReady.REASON_OUT_OF_RESOURCES, "node2"),
                Environment.query(hash),
                new Environment(hash, true),
                new Upload(hex("1f8b0800")),
                new Upload(chunk),
                Upload.endOfFile(),
                new Status(0),
                new KeepAlive(),
                KeepAliveAck.ofPoolUser(),
                new KeepAlive(),
                KeepAliveAck.ofPoolElement(),
                new Status(1),
                new Download(Arrays.copyOf(chunk, 1000)),
                Download.endOfFile());
    }

    static Case ssp(Carrier carrier, SspMessage message) {
        byte[] bytes = SSP.encode(message);
        Map<String, String> expected = fields("ssp.message_length", Integer.toString(bytes.length));
        if (message instanceof Ready m) {
            expected.put("ssp.message_info", m.info());
        } else if (message instanceof NotReady m) {
            expected.put("ssp.message_reason", Integer.toString(m.reason()));
            expected.put("ssp.message_info", m.info());
        } else if (message instanceof Upload m) {
            expected.put("ssp.message_data@value", HexFormat.of().formatHex(m.data()));
        } else if (message instanceof Download m) {
            expected.put("ssp.message_data@value", HexFormat.of().formatHex(m.data()));
        } else if (message instanceof KeepAliveAck m) {
            OptionalInt status = m.status();
            expected.put("ssp.message_status", status.isPresent() ? Integer.toString(status.getAsInt()) : "");
        } else if (message instanceof Status m) {
            expected.put("ssp.message_status", Integer.toUnsignedString(m.status()));
        } else if (message instanceof Environment m) {
            expected.put("ssp.message_hash@value", m.hashHex());
            expected.put("ssp.environment_u_bit", m.uploadNeeded() ? "1" : "0");
        }
        return new Case(Protocol.SSP, carrier, message.toString(), bytes, message.type().value(), expected);
    }

    /**
     * An ASAP case whose bytes come from our encoder: the vector bytes are decoded into a record and that record is
     * encoded again, so what Wireshark judges is AsapCodec's output (equal to the vector bytes, as SpecVectorTest
     * shows).
     */
    static Case asap(Carrier carrier, String name, byte[] bytes, int type, Map<String, String> fields) {
        return new Case(Protocol.ASAP, carrier, name, ours(AsapCodec.INSTANCE, bytes), type, fields);
    }

    /** An ENRP case whose bytes come from EnrpCodec, as {@link #asap}. */
    static Case enrp(Carrier carrier, String name, byte[] bytes, int type, Map<String, String> fields) {
        return new Case(Protocol.ENRP, carrier, name, ours(EnrpCodec.INSTANCE, bytes), type, fields);
    }

    /** A case with bytes exactly as a (lenient) peer may send them, not as we would: kept raw on purpose. */
    static Case peerVariant(Protocol protocol, Carrier carrier, String name, byte[] bytes, int type,
            Map<String, String> fields) {
        return new Case(protocol, carrier, name, bytes, type, fields);
    }

    private static <M> byte[] ours(MessageCodec<M> codec, byte[] bytes) {
        try {
            return codec.encode(codec.decode(bytes));
        } catch (ProtocolException e) {
            throw new AssertionError("a tshark case that our codec cannot decode: " + e.getMessage(), e);
        }
    }

    @Test
    void wiresharkDecodesEveryCase() throws Exception {
        List<Case> cases = cases();
        Path dir = Files.createDirectories(Path.of("target", "tshark"));
        Path pcap = dir.resolve("raypool-judge.pcap");
        List<Case> written = write(pcap, cases);
        List<Packet> packets = dissect(pcap, dir.resolve("raypool-judge.pdml"),
                "-o", "raypool_ssp.tcp_ports:" + SSP_CONFIGURED_PORT);

        List<String> problems = new ArrayList<>();
        List<Message> decoded = new ArrayList<>();
        for (Packet packet : packets) {
            problems.addAll(packet.problems());
            decoded.addAll(packet.messages());
        }
        for (int i = 0; i < Math.min(written.size(), decoded.size()); i++) {
            problems.addAll(judge(written.get(i), decoded.get(i)));
        }
        if (written.size() != decoded.size()) {
            problems.add("wrote " + written.size() + " messages but tshark decoded " + decoded.size());
        }
        System.out.printf("tshark judged %d messages in %d frames (%s)%n", decoded.size(), packets.size(), pcap);
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems (pcap kept at " + pcap.toAbsolutePath() + "):\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** The judge must not be blind: a truncated SSP message and RSPLIB's cause without info are flagged. */
    @Test
    void judgeSeesMalformedMessages() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "tshark"));
        Path pcap = dir.resolve("raypool-malformed.pcap");
        try (PcapWriter writer = PcapWriter.create(pcap)) {
            SctpAssociation ssp = writer.sctp(PU, PE_USER);
            ssp.fromServer(Protocol.SSP.ppid(), hex("06000008 0000"));
            SctpAssociation asap = writer.sctp(PE, PR_A);
            asap.fromServer(Protocol.ASAP.ppid(), hex(ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_RSPLIB));
        }
        List<Packet> packets = dissect(pcap, dir.resolve("raypool-malformed.pdml"));
        assertEquals(2, packets.size());
        for (Packet packet : packets) {
            assertTrue(packet.malformed(),
                    "frame " + packet.number() + " should be flagged: " + packet.protocols());
        }
    }

    private static List<String> judge(Case expected, Message actual) {
        List<String> problems = new ArrayList<>();
        String where = "frame " + actual.frame() + " (" + expected + "): ";
        String protocol = expected.protocol().name().toLowerCase();
        if (!actual.protocol().equals(protocol)) {
            problems.add(where + "decoded as " + actual.protocol());
            return problems;
        }
        String carrier = expected.carrier().name().toLowerCase();
        if (!actual.frameProtocols().contains(":" + carrier + ":")) {
            problems.add(where + "not carried by " + carrier + ": " + actual.frameProtocols());
        }
        if (expected.carrier() == Carrier.TCP && !actual.frameProtocols().contains(":raypool_" + protocol)) {
            problems.add(where + "not framed by raypool.lua: " + actual.frameProtocols());
        }
        check(problems, where, actual, protocol + ".message_type", Integer.toString(expected.type()));
        expected.fields().forEach((field, value) -> check(problems, where, actual, field, value));
        return problems;
    }

    private static void check(List<String> problems, String where, Message actual, String field, String expected) {
        String observed = actual.values(field);
        if (!observed.equals(expected)) {
            problems.add(where + field + " = '" + abbreviate(observed) + "', expected '" + abbreviate(expected) + "'");
        }
    }

    /** Writes the cases, TCP ones per protocol into connections cut into odd segments; returns wire order. */
    private static List<Case> write(Path pcap, List<Case> cases) throws IOException {
        List<Case> order = new ArrayList<>();
        try (PcapWriter writer = PcapWriter.create(pcap)) {
            Map<Protocol, SctpAssociation> associations = Map.of(
                    Protocol.ASAP, writer.sctp(PE, PR_A),
                    Protocol.ENRP, writer.sctp(PR_B_ENRP, PR_A_ENRP),
                    Protocol.SSP, writer.sctp(PU, PE_USER));
            for (Case c : cases) {
                switch (c.carrier()) {
                    case SCTP -> associations.get(c.protocol()).fromClient(c.protocol().ppid(), c.bytes());
                    case UDP -> writer.udp(c.protocol() == Protocol.ASAP ? PR_A : PR_B_ENRP,
                            c.protocol() == Protocol.ASAP ? ASAP_ANNOUNCE : ENRP_PRESENCE, c.bytes());
                    case TCP -> {
                        continue;
                    }
                }
                order.add(c);
            }
            order.addAll(tcp(writer, cases, Protocol.ASAP, address("10.0.0.20", 40100), address("10.0.0.10", 3863),
                    100, 3, 61, 500));
            order.addAll(tcp(writer, cases, Protocol.ENRP, address("10.0.0.11", 40200), address("10.0.0.10", 9901),
                    100, 3, 61, 500));
            order.addAll(tcp(writer, cases, Protocol.SSP, address("10.0.0.30", 40300),
                    address("10.0.0.20", SSP_HEURISTIC_PORT), 40, 3, 1000, 17, 9000));
            // Starts with 2 bytes, too few for the heuristic: only the port preference can claim it.
            order.addAll(tcp(writer, cases, Protocol.SSP, address("10.0.0.30", 40301),
                    address("10.0.0.20", SSP_CONFIGURED_PORT), 2, 40, 3, 1000, 17, 9000));
        }
        return order;
    }

    /**
     * Writes the protocol's TCP cases back to back as one client → server stream, cut into segments whose sizes
     * cycle through {@code sizes}; checks that the cut puts several messages into one segment and splits one.
     */
    private static List<Case> tcp(PcapWriter writer, List<Case> cases, Protocol protocol, InetSocketAddress client,
            InetSocketAddress server, int... sizes) {
        List<Case> flow = cases.stream()
                .filter(c -> c.carrier() == Carrier.TCP && c.protocol() == protocol)
                .collect(Collectors.toList());
        List<Integer> messageEnds = new ArrayList<>();
        int total = 0;
        for (Case c : flow) {
            total += c.bytes().length;
            messageEnds.add(total);
        }
        byte[] stream = new byte[total];
        int offset = 0;
        for (Case c : flow) {
            System.arraycopy(c.bytes(), 0, stream, offset, c.bytes().length);
            offset += c.bytes().length;
        }
        TcpConnection connection = writer.tcp(client, server);
        boolean several = false;
        boolean split = false;
        int start = 0;
        for (int i = 0; start < total; i++) {
            int end = Math.min(total, start + sizes[i % sizes.length]);
            connection.fromClient(Arrays.copyOfRange(stream, start, end));
            int from = start;
            long completed = messageEnds.stream().filter(e -> e > from && e <= end).count();
            several |= completed >= 2;
            split |= !messageEnds.contains(end) && end < total;
            start = end;
        }
        connection.close();
        assertTrue(several && split, protocol + " TCP cut must put several messages into a segment and split one");
        return flow;
    }

    record Message(int frame, String frameProtocols, String protocol, Map<String, List<String[]>> fields) {
        /** All occurrences joined by ","; "name@value" gives the raw bytes in hex instead of the displayed text. */
        String values(String key) {
            boolean raw = key.endsWith("@value");
            String name = raw ? key.substring(0, key.length() - "@value".length()) : key;
            return fields.getOrDefault(name, List.of()).stream()
                    .map(f -> raw ? f[1] : f[0])
                    .collect(Collectors.joining(","));
        }
    }

    record Packet(int number, String protocols, boolean malformed, List<String> problems, List<Message> messages) {
    }

    /** Runs tshark with the project dissector and a clean profile; parses the PDML. */
    private static List<Packet> dissect(Path pcap, Path pdml, String... extraOptions) throws Exception {
        Path home = Files.createDirectories(pdml.resolveSibling("home"));
        List<String> command = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", pcap.toString(),
                "-X", "lua_script:" + luaScript,
                "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-o", "tcp.check_checksum:TRUE", "-o", "sctp.checksum:CRC 32c"));
        command.addAll(List.of(extraOptions));
        command.addAll(List.of("-T", "pdml"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(pdml.toFile())
                .redirectError(pdml.resolveSibling(pdml.getFileName() + ".stderr").toFile());
        // A private HOME keeps a personally installed raypool.lua or odd preferences out of the judgement.
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CONFIG_HOME", home.toString());
        builder.environment().remove("WIRESHARK_CONFIG_DIR");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tshark did not finish within 120 s");
        }
        String stderr = Files.readString(pdml.resolveSibling(pdml.getFileName() + ".stderr"));
        assertEquals(0, process.exitValue(), "tshark failed: " + stderr);
        assertTrue(!stderr.contains("Lua") && !stderr.contains("rror"), "tshark complained: " + stderr);
        return parse(pdml);
    }

    private static List<Packet> parse(Path pdml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        NodeList packetNodes = factory.newDocumentBuilder().parse(pdml.toFile()).getElementsByTagName("packet");
        List<Packet> packets = new ArrayList<>();
        for (int p = 0; p < packetNodes.getLength(); p++) {
            Element packet = (Element) packetNodes.item(p);
            int number = Integer.parseInt(firstShow(packet, "frame.number"));
            String protocols = firstShow(packet, "frame.protocols");
            List<String> problems = new ArrayList<>();
            boolean malformed = false;
            List<Message> messages = new ArrayList<>();
            NodeList protos = packet.getElementsByTagName("proto");
            for (int i = 0; i < protos.getLength(); i++) {
                Element proto = (Element) protos.item(i);
                String name = proto.getAttribute("name");
                if (name.equals("_ws.malformed")) {
                    malformed = true;
                    problems.add("frame " + number + ": malformed (" + protocols + ")");
                } else if (name.equals("asap") || name.equals("enrp") || name.equals("ssp")) {
                    messages.add(new Message(number, protocols, name, fieldsOf(proto)));
                } else if (name.equals("data")) {
                    problems.add("frame " + number + ": undissected data (" + protocols + ")");
                }
            }
            NodeList fields = packet.getElementsByTagName("field");
            for (int i = 0; i < fields.getLength(); i++) {
                Element field = (Element) fields.item(i);
                String name = field.getAttribute("name");
                if (name.equals("_ws.expert.severity") && Long.parseLong(field.getAttribute("show")) >= 0x600000) {
                    problems.add("frame " + number + ": expert "
                            + ((Element) field.getParentNode()).getAttribute("showname"));
                } else if (name.endsWith("checksum.status") && !field.getAttribute("show").equals("1")) {
                    problems.add("frame " + number + ": " + field.getAttribute("showname"));
                } else if (name.equals("_ws.lua.error")) {
                    problems.add("frame " + number + ": " + field.getAttribute("showname"));
                }
            }
            packets.add(new Packet(number, protocols, malformed, problems, messages));
        }
        return packets;
    }

    private static Map<String, List<String[]>> fieldsOf(Element proto) {
        Map<String, List<String[]>> fields = new LinkedHashMap<>();
        NodeList nodes = proto.getElementsByTagName("field");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element field = (Element) nodes.item(i);
            if (!field.getAttribute("name").isEmpty()) {
                fields.computeIfAbsent(field.getAttribute("name"), k -> new ArrayList<>())
                        .add(new String[] {field.getAttribute("show"), field.getAttribute("value")});
            }
        }
        return fields;
    }

    private static String firstShow(Element packet, String fieldName) {
        NodeList fields = packet.getElementsByTagName("field");
        for (int i = 0; i < fields.getLength(); i++) {
            Element field = (Element) fields.item(i);
            if (field.getAttribute("name").equals(fieldName)) {
                return field.getAttribute("show");
            }
        }
        throw new IllegalStateException("PDML packet without " + fieldName);
    }

    static Map<String, String> fields(String... nameValuePairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            fields.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return fields;
    }

    /** How Wireshark shows a byte field: "46:72:…". */
    static String colonHex(String ascii) {
        return HexFormat.ofDelimiter(":").formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    private static InetSocketAddress address(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "…";
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code raypool.repo} (set by the root pom), else the nearest folder upwards holding tools/wireshark. */
    private static Path repositoryRoot() {
        String configured = System.getProperty("raypool.repo");
        if (configured != null && Files.isDirectory(Path.of(configured, "tools", "wireshark"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("tools").resolve("wireshark"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no tools/wireshark above " + Path.of("").toAbsolutePath()
                + " and raypool.repo=" + configured);
    }
}
