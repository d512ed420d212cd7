package org.raypool.wire.asap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.param.MessageFrame;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.ParameterType;
import org.raypool.wire.param.Parameters;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.Tlv;
import org.raypool.wire.param.TlvMessageCodec;
import org.raypool.wire.param.TlvReader;
import org.raypool.wire.param.TlvWriter;
import org.raypool.wire.param.TransportParameter;

/**
 * ASAP codec, byte-compatible with RSPLIB (docs/protocol/asap-enrp-wire.md §2-§5, §8). Stateless and thread-safe. This
 * class reads and writes the message bodies; {@link TlvMessageCodec} does the framing ASAP shares with ENRP and says
 * how {@link #decode} treats the buffer.
 */
public final class AsapCodec extends TlvMessageCodec<AsapMessage, AsapMessageType> {
    public static final AsapCodec INSTANCE = new AsapCodec();

    private AsapCodec() {
        super(Protocol.ASAP, AsapMessageType::ofCode, AsapMessage::type);
    }

    @Override
    protected AsapMessage decodeBody(AsapMessageType type, MessageFrame frame, TlvReader r)
            throws ProtocolException {
        switch (type) {
            case REGISTRATION: {
                PoolHandle ph = poolHandle(r);
                return new Registration(ph, Parameters.readPoolElement(r, r.require(ParameterType.POOL_ELEMENT)));
            }
            case DEREGISTRATION: {
                PoolHandle ph = poolHandle(r);
                return new Deregistration(ph, peIdentifier(r));
            }
            case REGISTRATION_RESPONSE: {
                PoolHandle ph = poolHandle(r);
                int id = peIdentifier(r);
                return new RegistrationResponse(ph, id, frame.flag(RegistrationResponse.R_BIT), optionalError(r));
            }
            case DEREGISTRATION_RESPONSE: {
                PoolHandle ph = poolHandle(r);
                int id = peIdentifier(r);
                return new DeregistrationResponse(ph, id, optionalError(r));
            }
            case HANDLE_RESOLUTION: {
                PoolHandle ph = poolHandle(r);
                Tlv hro = r.next(ParameterType.HANDLE_RESOLUTION_OPTION);
                return new HandleResolution(ph, hro == null ? Optional.empty()
                        : Optional.of(Parameters.readHandleResolutionOption(r, hro)));
            }
            case HANDLE_RESOLUTION_RESPONSE:
                return handleResolutionResponse(r);
            case ENDPOINT_KEEP_ALIVE: {
                int server = r.u32("Server Identifier");
                PoolHandle ph = poolHandle(r);
                Tlv id = r.next(ParameterType.POOL_ELEMENT_IDENTIFIER);
                return new EndpointKeepAlive(server, frame.flag(EndpointKeepAlive.H_BIT), ph,
                        id == null ? OptionalInt.empty() : OptionalInt.of(Parameters.readPeIdentifier(r, id)));
            }
            case ENDPOINT_KEEP_ALIVE_ACK: {
                PoolHandle ph = poolHandle(r);
                return new EndpointKeepAliveAck(ph, peIdentifier(r));
            }
            case ENDPOINT_UNREACHABLE: {
                PoolHandle ph = poolHandle(r);
                return new EndpointUnreachable(ph, peIdentifier(r));
            }
            case SERVER_ANNOUNCE: {
                int server = r.u32("Server Identifier");
                List<TransportParameter> transports = new ArrayList<>();
                for (Tlv t = r.next(Parameters.TRANSPORTS); t != null; t = r.next(Parameters.TRANSPORTS)) {
                    transports.add(Parameters.readTransport(r, t));
                }
                return new ServerAnnounce(server, transports);
            }
            case COOKIE:
                return new CookieMessage(Parameters.readCookie(r, r.require(ParameterType.COOKIE)));
            case COOKIE_ECHO:
                return new CookieEcho(Parameters.readCookie(r, r.require(ParameterType.COOKIE)));
            case BUSINESS_CARD:
                return businessCard(r);
            default:
                return new AsapError(Parameters.readOperationError(r, r.require(ParameterType.OPERATION_ERROR)));
        }
    }

    private static HandleResolutionResponse handleResolutionResponse(TlvReader r) throws ProtocolException {
        PoolHandle ph = poolHandle(r);
        Tlv t = r.next(ParameterType.POOL_MEMBER_SELECTION_POLICY, ParameterType.OPERATION_ERROR);
        if (t == null) {
            return new HandleResolutionResponse(ph, Optional.empty(), List.of(), Optional.empty());
        }
        if (t.parameterType() == ParameterType.OPERATION_ERROR) {
            return new HandleResolutionResponse(ph, Optional.empty(), List.of(),
                    Optional.of(Parameters.readOperationError(r, t)));
        }
        PoolMemberSelectionPolicy policy = Parameters.readPolicy(r, t);
        List<PoolElement> pes = new ArrayList<>();
        for (Tlv pe = r.next(ParameterType.POOL_ELEMENT); pe != null; pe = r.next(ParameterType.POOL_ELEMENT)) {
            if (pes.size() == HandleResolutionResponse.MAX_POOL_ELEMENTS) {
                throw new ProtocolException("ASAP Handle Resolution Response: more than "
                        + HandleResolutionResponse.MAX_POOL_ELEMENTS + " Pool Elements, the next at offset "
                        + pe.offset(), ProtocolException.CAUSE_INVALID_MESSAGE, null, false);
            }
            pes.add(Parameters.readPoolElement(r, pe));
        }
        return new HandleResolutionResponse(ph, Optional.of(policy), pes, Optional.empty());
    }

    private static BusinessCard businessCard(TlvReader r) throws ProtocolException {
        PoolHandle ph = poolHandle(r);
        Optional<PoolMemberSelectionPolicy> policy = Optional.empty();
        List<PoolElement> pes = new ArrayList<>();
        Tlv t = r.next(ParameterType.POOL_MEMBER_SELECTION_POLICY, ParameterType.POOL_ELEMENT);
        if (t != null && t.parameterType() == ParameterType.POOL_MEMBER_SELECTION_POLICY) {
            policy = Optional.of(Parameters.readPolicy(r, t));
            t = r.next(ParameterType.POOL_ELEMENT);
        }
        for (; t != null; t = r.next(ParameterType.POOL_ELEMENT)) {
            pes.add(Parameters.readPoolElement(r, t));
        }
        return new BusinessCard(ph, policy, pes);
    }

    private static PoolHandle poolHandle(TlvReader r) throws ProtocolException {
        return Parameters.readPoolHandle(r, r.require(ParameterType.POOL_HANDLE));
    }

    private static int peIdentifier(TlvReader r) throws ProtocolException {
        return Parameters.readPeIdentifier(r, r.require(ParameterType.POOL_ELEMENT_IDENTIFIER));
    }

    private static Optional<OperationError> optionalError(TlvReader r) throws ProtocolException {
        Tlv t = r.next(ParameterType.OPERATION_ERROR);
        return t == null ? Optional.empty() : Optional.of(Parameters.readOperationError(r, t));
    }

    // ------------------------------------------------------------------ encoding

    @Override
    protected void encodeBody(TlvWriter w, AsapMessage m) {
        if (m instanceof Registration x) {
            Parameters.write(w, x.poolHandle());
            Parameters.write(w, x.poolElement());
        } else if (m instanceof Deregistration x) {
            Parameters.write(w, x.poolHandle());
            Parameters.writePeIdentifier(w, x.peIdentifier());
        } else if (m instanceof RegistrationResponse x) {
            Parameters.write(w, x.poolHandle());
            Parameters.writePeIdentifier(w, x.peIdentifier());
            x.error().ifPresent(e -> Parameters.write(w, e));
        } else if (m instanceof DeregistrationResponse x) {
            Parameters.write(w, x.poolHandle());
            Parameters.writePeIdentifier(w, x.peIdentifier());
            x.error().ifPresent(e -> Parameters.write(w, e));
        } else if (m instanceof HandleResolution x) {
            Parameters.write(w, x.poolHandle());
            x.option().ifPresent(o -> Parameters.write(w, o));
        } else if (m instanceof HandleResolutionResponse x) {
            Parameters.write(w, x.poolHandle());
            x.policy().ifPresent(p -> Parameters.write(w, p));
            x.poolElements().forEach(pe -> Parameters.write(w, pe));
            x.error().ifPresent(e -> Parameters.write(w, e));
        } else if (m instanceof EndpointKeepAlive x) {
            w.u32(x.serverIdentifier());
            Parameters.write(w, x.poolHandle());
            x.peIdentifier().ifPresent(id -> Parameters.writePeIdentifier(w, id));
        } else if (m instanceof EndpointKeepAliveAck x) {
            Parameters.write(w, x.poolHandle());
            Parameters.writePeIdentifier(w, x.peIdentifier());
        } else if (m instanceof EndpointUnreachable x) {
            Parameters.write(w, x.poolHandle());
            Parameters.writePeIdentifier(w, x.peIdentifier());
        } else if (m instanceof ServerAnnounce x) {
            w.u32(x.serverIdentifier());
            x.transports().forEach(t -> Parameters.write(w, t));
        } else if (m instanceof CookieMessage x) {
            Parameters.write(w, x.cookie());
        } else if (m instanceof CookieEcho x) {
            Parameters.write(w, x.cookie());
        } else if (m instanceof BusinessCard x) {
            Parameters.write(w, x.poolHandle());
            x.policy().ifPresent(p -> Parameters.write(w, p));
            x.poolElements().forEach(pe -> Parameters.write(w, pe));
        } else if (m instanceof AsapError x) {
            Parameters.write(w, x.error());
        } else {
            throw new IllegalArgumentException("unknown ASAP message " + m);
        }
    }

    @Override
    protected int flags(AsapMessage m) {
        if (m instanceof RegistrationResponse x) {
            return x.rejected() ? RegistrationResponse.R_BIT : 0;
        }
        if (m instanceof EndpointKeepAlive x) {
            return x.home() ? EndpointKeepAlive.H_BIT : 0;
        }
        return 0;
    }
}
