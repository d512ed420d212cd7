package org.raypool.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.EnrpMessage;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.Parameter;
import org.raypool.wire.param.Parameters;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.PoolHandle;

/** encode -> decode -> equal, for every ASAP and ENRP message type and every parameter kind. */
class RoundTripPropertyTest {
    private static final int TRIES = 100;

    static void asap(AsapMessage m) throws ProtocolException {
        roundTrip(AsapCodec.INSTANCE, m);
    }

    static void enrp(EnrpMessage m) throws ProtocolException {
        roundTrip(EnrpCodec.INSTANCE, m);
    }

    /** Encodes {@code m} into a padded message whose Length is its size, which decodes whole back to {@code m}. */
    static <M> void roundTrip(MessageCodec<M> codec, M m) throws ProtocolException {
        byte[] bytes = codec.encode(m);
        assertEquals(0, bytes.length % 4, "message length is a multiple of 4");
        assertEquals(bytes.length, ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF), "Length field");
        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertEquals(m, codec.decode(b));
        assertEquals(bytes.length, b.position(), "whole message consumed");
    }

    // ------------------------------------------------------------ ASAP 0x01-0x0E

    @Property(tries = TRIES)
    void registration(@ForAll("registration") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void deregistration(@ForAll("deregistration") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void registrationResponse(@ForAll("registrationResponse") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void deregistrationResponse(@ForAll("deregistrationResponse") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void handleResolution(@ForAll("handleResolution") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void handleResolutionResponse(@ForAll("handleResolutionResponse") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void endpointKeepAlive(@ForAll("endpointKeepAlive") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void endpointKeepAliveAck(@ForAll("endpointKeepAliveAck") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void endpointUnreachable(@ForAll("endpointUnreachable") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void serverAnnounce(@ForAll("serverAnnounce") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void cookie(@ForAll("cookie") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void cookieEcho(@ForAll("cookieEcho") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void businessCard(@ForAll("businessCard") AsapMessage m) throws Exception {
        asap(m);
    }

    @Property(tries = TRIES)
    void asapError(@ForAll("asapError") AsapMessage m) throws Exception {
        asap(m);
    }

    @Provide Arbitrary<? extends AsapMessage> registration() {
        return WireArbitraries.registrations();
    }

    @Provide Arbitrary<? extends AsapMessage> deregistration() {
        return WireArbitraries.deregistrations();
    }

    @Provide Arbitrary<? extends AsapMessage> registrationResponse() {
        return WireArbitraries.registrationResponses();
    }

    @Provide Arbitrary<? extends AsapMessage> deregistrationResponse() {
        return WireArbitraries.deregistrationResponses();
    }

    @Provide Arbitrary<? extends AsapMessage> handleResolution() {
        return WireArbitraries.handleResolutions();
    }

    @Provide Arbitrary<? extends AsapMessage> handleResolutionResponse() {
        return WireArbitraries.handleResolutionResponses();
    }

    @Provide Arbitrary<? extends AsapMessage> endpointKeepAlive() {
        return WireArbitraries.endpointKeepAlives();
    }

    @Provide Arbitrary<? extends AsapMessage> endpointKeepAliveAck() {
        return WireArbitraries.endpointKeepAliveAcks();
    }

    @Provide Arbitrary<? extends AsapMessage> endpointUnreachable() {
        return WireArbitraries.endpointUnreachables();
    }

    @Provide Arbitrary<? extends AsapMessage> serverAnnounce() {
        return WireArbitraries.serverAnnounces();
    }

    @Provide Arbitrary<? extends AsapMessage> cookie() {
        return WireArbitraries.cookieMessages();
    }

    @Provide Arbitrary<? extends AsapMessage> cookieEcho() {
        return WireArbitraries.cookieEchos();
    }

    @Provide Arbitrary<? extends AsapMessage> businessCard() {
        return WireArbitraries.businessCards();
    }

    @Provide Arbitrary<? extends AsapMessage> asapError() {
        return WireArbitraries.asapErrors();
    }

    // ------------------------------------------------------------ ENRP 0x01-0x0A

    @Property(tries = TRIES)
    void presence(@ForAll("presence") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Property(tries = TRIES)
    void handleTableRequest(@ForAll("handleTableRequest") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Property(tries = TRIES)
    void handleTableResponse(@ForAll("handleTableResponse") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Property(tries = TRIES)
    void handleUpdate(@ForAll("handleUpdate") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Property(tries = TRIES)
    void listRequest(@ForAll("listRequest") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Property(tries = TRIES)
    void listResponse(@ForAll("listResponse") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Property(tries = TRIES)
    void initTakeover(@ForAll("initTakeover") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Property(tries = TRIES)
    void initTakeoverAck(@ForAll("initTakeoverAck") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Property(tries = TRIES)
    void takeoverServer(@ForAll("takeoverServer") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Property(tries = TRIES)
    void enrpError(@ForAll("enrpError") EnrpMessage m) throws Exception {
        enrp(m);
    }

    @Provide Arbitrary<? extends EnrpMessage> presence() {
        return WireArbitraries.presences();
    }

    @Provide Arbitrary<? extends EnrpMessage> handleTableRequest() {
        return WireArbitraries.handleTableRequests();
    }

    @Provide Arbitrary<? extends EnrpMessage> handleTableResponse() {
        return WireArbitraries.handleTableResponses();
    }

    @Provide Arbitrary<? extends EnrpMessage> handleUpdate() {
        return WireArbitraries.handleUpdates();
    }

    @Provide Arbitrary<? extends EnrpMessage> listRequest() {
        return WireArbitraries.listRequests();
    }

    @Provide Arbitrary<? extends EnrpMessage> listResponse() {
        return WireArbitraries.listResponses();
    }

    @Provide Arbitrary<? extends EnrpMessage> initTakeover() {
        return WireArbitraries.initTakeovers();
    }

    @Provide Arbitrary<? extends EnrpMessage> initTakeoverAck() {
        return WireArbitraries.initTakeoverAcks();
    }

    @Provide Arbitrary<? extends EnrpMessage> takeoverServer() {
        return WireArbitraries.takeoverServers();
    }

    @Provide Arbitrary<? extends EnrpMessage> enrpError() {
        return WireArbitraries.enrpErrors();
    }

    // ------------------------------------------------------------ parameters and checksum

    @Property(tries = TRIES)
    void everyParameterKind(@ForAll("parameters") Parameter p) throws Exception {
        byte[] bytes = Parameters.encode(p);
        assertEquals(0, bytes.length % 4);
        assertEquals(p, Parameters.decode(bytes));
    }

    @Provide Arbitrary<Parameter> parameters() {
        return net.jqwik.api.Arbitraries.oneOf(WireArbitraries.poolHandles(), WireArbitraries.policies(),
                WireArbitraries.transports(64), WireArbitraries.poolElements(8), WireArbitraries.serverInformation(8),
                WireArbitraries.operationErrors(), WireArbitraries.cookies(),
                WireArbitraries.ids().map(org.raypool.wire.param.PeIdentifier::new),
                net.jqwik.api.Arbitraries.integers().between(0, 0xFFFF).map(PeChecksum::new),
                WireArbitraries.u32().map(org.raypool.wire.param.HandleResolutionOption::new),
                WireArbitraries.addresses().map(org.raypool.wire.param.AddressParameter::new));
    }

    @Property(tries = TRIES)
    void errorCauseCarriesANestedParameter(@ForAll("parameters") Parameter p) {
        var cause = org.raypool.wire.param.ErrorCause.withParameter(0x0005, p);
        assertEquals(java.util.Optional.of(p), cause.parameter());
        assertEquals(cause, OperationError.of(cause).causes().get(0));
    }

    @Property(tries = TRIES)
    void checksumRemovalUndoesAddition(@ForAll("handles") PoolHandle a, @ForAll int idA, @ForAll("handles") PoolHandle b,
            @ForAll int idB) {
        PeChecksum.Accumulator acc = new PeChecksum.Accumulator().add(a, idA);
        PeChecksum only = acc.checksum();
        assertEquals(only, acc.add(b, idB).remove(b, idB).checksum());
        assertEquals(new PeChecksum.Accumulator().add(b, idB).add(a, idA).checksum(),
                new PeChecksum.Accumulator().add(a, idA).add(b, idB).checksum());
    }

    @Provide Arbitrary<PoolHandle> handles() {
        return WireArbitraries.poolHandles();
    }
}
