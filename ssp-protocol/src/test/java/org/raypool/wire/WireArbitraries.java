package org.raypool.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.raypool.wire.asap.AsapError;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.BusinessCard;
import org.raypool.wire.asap.CookieEcho;
import org.raypool.wire.asap.CookieMessage;
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
import org.raypool.wire.enrp.EnrpError;
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
import org.raypool.wire.param.Cookie;
import org.raypool.wire.param.DccpTransport;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.HandleResolutionOption;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.ServerInformation;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportParameter;
import org.raypool.wire.param.TransportUse;
import org.raypool.wire.param.UdpLiteTransport;
import org.raypool.wire.param.UdpTransport;

/**
 * jqwik generators for valid ASAP/ENRP parameters and messages. List sizes are bounded so that every generated
 * message fits the 16-bit message Length.
 */
public final class WireArbitraries {
    private WireArbitraries() {
    }

    public static Arbitrary<Integer> ids() {
        return Arbitraries.integers();
    }

    public static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    public static Arbitrary<Integer> ports() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    public static Arbitrary<InetAddress> ipv4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(WireArbitraries::address);
    }

    /** Includes IPv4-mapped addresses now and then, which become IPv4. */
    public static Arbitrary<InetAddress> ipv6() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<byte[]> mapped = Arbitraries.bytes().array(byte[].class).ofSize(4).map(v4 -> {
            byte[] b = new byte[16];
            b[10] = (byte) 0xFF;
            b[11] = (byte) 0xFF;
            System.arraycopy(v4, 0, b, 12, 4);
            return b;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, raw), net.jqwik.api.Tuple.of(1, mapped)).map(WireArbitraries::address);
    }

    public static Arbitrary<InetAddress> addresses() {
        return Arbitraries.oneOf(ipv4(), ipv6());
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Arbitrary<SctpTransport> sctp(int maxAddresses) {
        return Combinators.combine(ports(), Arbitraries.of(TransportUse.class),
                addresses().list().ofMinSize(1).ofMaxSize(maxAddresses)).as(SctpTransport::new);
    }

    public static Arbitrary<TransportParameter> transports(int maxAddresses) {
        return Arbitraries.oneOf(
                sctp(maxAddresses),
                Combinators.combine(ports(), Arbitraries.of(TransportUse.class), addresses()).as(TcpTransport::new),
                Combinators.combine(ports(), addresses()).as(UdpTransport::new),
                Combinators.combine(ports(), addresses()).as(UdpLiteTransport::new),
                Combinators.combine(ports(), u32(), addresses()).as(DccpTransport::new));
    }

    public static Arbitrary<PoolMemberSelectionPolicy> policies() {
        PolicyType[] encodable = Arrays.stream(PolicyType.values()).filter(PolicyType::isEncodable)
                .toArray(PolicyType[]::new);
        Arbitrary<Long> word = Arbitraries.oneOf(u32(), Arbitraries.of(0L, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL));
        return Arbitraries.of(encodable).flatMap(t -> word.list().ofSize(t.words().size())
                .map(ws -> new PoolMemberSelectionPolicy(t, ws)));
    }

    public static Arbitrary<PoolHandle> poolHandles() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(PoolHandle.MAX_LENGTH)
                        .map(PoolHandle::new),
                Arbitraries.of("ScriptingPool", "FractalGeneratorPool", "EchoPool", "P").map(PoolHandle::fromString));
    }

    public static Arbitrary<PoolElement> poolElements(int maxAddresses, boolean withAsapTransport) {
        Arbitrary<Optional<TransportParameter>> asap = withAsapTransport
                ? transports(maxAddresses).map(Optional::of)
                : Arbitraries.just(Optional.empty());
        return Combinators.combine(ids(), ids(), u32(), transports(maxAddresses), policies(), asap)
                .as(PoolElement::new);
    }

    public static Arbitrary<PoolElement> poolElements(int maxAddresses) {
        return Arbitraries.oneOf(poolElements(maxAddresses, false), poolElements(maxAddresses, true));
    }

    public static Arbitrary<ErrorCause> errorCauses() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(ErrorCause::new);
    }

    public static Arbitrary<OperationError> operationErrors() {
        return errorCauses().list().ofMinSize(1).ofMaxSize(4).map(OperationError::new);
    }

    public static Arbitrary<Cookie> cookies() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200).map(Cookie::new);
    }

    public static Arbitrary<ServerInformation> serverInformation(int maxAddresses) {
        return Combinators.combine(ids(), transports(maxAddresses)).as(ServerInformation::new);
    }

    // ------------------------------------------------------------ ASAP

    public static Arbitrary<Registration> registrations() {
        return Combinators.combine(poolHandles(), poolElements(TransportParameter.MAX_ADDRESSES))
                .as(Registration::new);
    }

    public static Arbitrary<Deregistration> deregistrations() {
        return Combinators.combine(poolHandles(), ids()).as(Deregistration::new);
    }

    public static Arbitrary<RegistrationResponse> registrationResponses() {
        return Combinators.combine(poolHandles(), ids(), Arbitraries.of(true, false), operationErrors().optional())
                .as(RegistrationResponse::new);
    }

    public static Arbitrary<DeregistrationResponse> deregistrationResponses() {
        return Combinators.combine(poolHandles(), ids(), operationErrors().optional())
                .as(DeregistrationResponse::new);
    }

    public static Arbitrary<HandleResolution> handleResolutions() {
        return Combinators.combine(poolHandles(), u32().map(HandleResolutionOption::new).optional())
                .as(HandleResolution::new);
    }

    public static Arbitrary<HandleResolutionResponse> handleResolutionResponses() {
        Arbitrary<HandleResolutionResponse> success = Combinators.combine(poolHandles(), policies(),
                poolElements(4).list().ofMaxSize(12)).as((ph, policy, pes) ->
                        new HandleResolutionResponse(ph, Optional.of(policy), pes, Optional.empty()));
        Arbitrary<HandleResolutionResponse> failure = Combinators.combine(poolHandles(), operationErrors())
                .as(HandleResolutionResponse::failure);
        Arbitrary<HandleResolutionResponse> bare = poolHandles().map(ph ->
                new HandleResolutionResponse(ph, Optional.empty(), List.of(), Optional.empty()));
        return Arbitraries.oneOf(success, failure, bare);
    }

    public static Arbitrary<EndpointKeepAlive> endpointKeepAlives() {
        return Combinators.combine(ids(), Arbitraries.of(true, false), poolHandles(), ids().optional())
                .as((server, home, ph, id) -> new EndpointKeepAlive(server, home, ph,
                        id.map(OptionalInt::of).orElse(OptionalInt.empty())));
    }

    public static Arbitrary<EndpointKeepAliveAck> endpointKeepAliveAcks() {
        return Combinators.combine(poolHandles(), ids()).as(EndpointKeepAliveAck::new);
    }

    public static Arbitrary<EndpointUnreachable> endpointUnreachables() {
        return Combinators.combine(poolHandles(), ids()).as(EndpointUnreachable::new);
    }

    public static Arbitrary<ServerAnnounce> serverAnnounces() {
        return Combinators.combine(ids(), transports(8).list().ofMaxSize(4)).as(ServerAnnounce::new);
    }

    public static Arbitrary<CookieMessage> cookieMessages() {
        return cookies().map(CookieMessage::new);
    }

    public static Arbitrary<CookieEcho> cookieEchos() {
        return cookies().map(CookieEcho::new);
    }

    public static Arbitrary<BusinessCard> businessCards() {
        return Combinators.combine(poolHandles(), policies().optional(), poolElements(4).list().ofMaxSize(8))
                .as(BusinessCard::new);
    }

    public static Arbitrary<AsapError> asapErrors() {
        return operationErrors().map(AsapError::new);
    }

    public static Arbitrary<AsapMessage> asapMessages() {
        return Arbitraries.oneOf(registrations(), deregistrations(), registrationResponses(),
                deregistrationResponses(), handleResolutions(), handleResolutionResponses(), endpointKeepAlives(),
                endpointKeepAliveAcks(), endpointUnreachables(), serverAnnounces(), cookieMessages(), cookieEchos(),
                businessCards(), asapErrors());
    }

    // ------------------------------------------------------------ ENRP

    public static Arbitrary<Presence> presences() {
        return Combinators.combine(ids(), ids(), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 0xFFFF).map(PeChecksum::new),
                serverInformation(TransportParameter.MAX_ADDRESSES)).as(Presence::new);
    }

    public static Arbitrary<HandleTableRequest> handleTableRequests() {
        return Combinators.combine(ids(), ids(), Arbitraries.of(true, false)).as(HandleTableRequest::new);
    }

    public static Arbitrary<HandleTableResponse> handleTableResponses() {
        // Few distinct handles so that consecutive entries often share one Pool Handle parameter.
        Arbitrary<PoolHandle> handles = Arbitraries.oneOf(poolHandles(),
                Arbitraries.of("A", "ScriptingPool").map(PoolHandle::fromString));
        Arbitrary<PoolEntry> entry = Combinators.combine(handles, poolElements(4, true)).as(PoolEntry::new);
        return Combinators.combine(ids(), ids(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                entry.list().ofMaxSize(12)).as(HandleTableResponse::new);
    }

    public static Arbitrary<HandleUpdate> handleUpdates() {
        return Combinators.combine(ids(), ids(), Arbitraries.of(true, false), Arbitraries.of(UpdateAction.class),
                poolHandles(), poolElements(TransportParameter.MAX_ADDRESSES)).as(HandleUpdate::new);
    }

    public static Arbitrary<ListRequest> listRequests() {
        return Combinators.combine(ids(), ids()).as(ListRequest::new);
    }

    public static Arbitrary<ListResponse> listResponses() {
        return Combinators.combine(ids(), ids(), Arbitraries.of(true, false),
                serverInformation(8).list().ofMaxSize(10)).as(ListResponse::new);
    }

    public static Arbitrary<InitTakeover> initTakeovers() {
        return Combinators.combine(ids(), ids(), ids()).as(InitTakeover::new);
    }

    public static Arbitrary<InitTakeoverAck> initTakeoverAcks() {
        return Combinators.combine(ids(), ids(), ids()).as(InitTakeoverAck::new);
    }

    public static Arbitrary<TakeoverServer> takeoverServers() {
        return Combinators.combine(ids(), ids(), ids()).as(TakeoverServer::new);
    }

    public static Arbitrary<EnrpError> enrpErrors() {
        return Combinators.combine(ids(), ids(), operationErrors()).as(EnrpError::new);
    }

    public static Arbitrary<EnrpMessage> enrpMessages() {
        return Arbitraries.oneOf(presences(), handleTableRequests(), handleTableResponses(), handleUpdates(),
                listRequests(), listResponses(), initTakeovers(), initTakeoverAcks(), takeoverServers(),
                enrpErrors());
    }
}
