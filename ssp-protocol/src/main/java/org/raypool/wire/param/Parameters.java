package org.raypool.wire.param;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.raypool.wire.ProtocolException;

/**
 * Wire format of every parameter (docs/protocol/asap-enrp-wire.md §4): {@code read*} decode one TLV found by a {@link
 * TlvReader}, {@code write} appends one. Surplus bytes at the end of a composite parameter are ignored
 * (docs/protocol/asap-enrp-wire.md §8 rule 3); fixed-size values follow RSPLIB (PE Identifier and PE Checksum exact,
 * addresses at least their size).
 */
public final class Parameters {
    /** The transport parameter types, for {@link TlvReader#next}. */
    public static final ParameterType[] TRANSPORTS = {ParameterType.SCTP_TRANSPORT, ParameterType.TCP_TRANSPORT,
        ParameterType.UDP_TRANSPORT, ParameterType.UDP_LITE_TRANSPORT, ParameterType.DCCP_TRANSPORT};

    private static final ParameterType[] ADDRESSES = {ParameterType.IPV4_ADDRESS, ParameterType.IPV6_ADDRESS};

    private Parameters() {
    }

    // ------------------------------------------------------------------ decoding

    /** Decodes the parameter at {@code tlv}, whatever its (known) type. */
    public static Parameter read(TlvReader r, Tlv tlv) throws ProtocolException {
        ParameterType t = tlv.parameterType();
        if (t == null) {
            throw r.failure(tlv, "unknown parameter type", ProtocolException.CAUSE_UNRECOGNIZED_PARAMETER);
        }
        switch (t) {
            case IPV4_ADDRESS:
            case IPV6_ADDRESS:
                return new AddressParameter(readAddress(r, tlv));
            case POOL_MEMBER_SELECTION_POLICY:
                return readPolicy(r, tlv);
            case POOL_HANDLE:
                return readPoolHandle(r, tlv);
            case POOL_ELEMENT:
                return readPoolElement(r, tlv);
            case SERVER_INFORMATION:
                return readServerInformation(r, tlv);
            case OPERATION_ERROR:
                return readOperationError(r, tlv);
            case COOKIE:
                return readCookie(r, tlv);
            case POOL_ELEMENT_IDENTIFIER:
                return new PeIdentifier(readPeIdentifier(r, tlv));
            case PE_CHECKSUM:
                return readPeChecksum(r, tlv);
            case HANDLE_RESOLUTION_OPTION:
                return readHandleResolutionOption(r, tlv);
            default:
                return readTransport(r, tlv);
        }
    }

    /** Decodes one parameter given as a TLV (padding optional), e.g. the info of an error cause. */
    public static Parameter decode(byte[] tlv) throws ProtocolException {
        TlvReader r = new TlvReader(tlv.clone(), 0, tlv.length, false, "parameter", new ArrayList<>());
        Tlv first = r.next(ParameterType.values());
        if (first == null) {
            throw new ProtocolException("parameter: no known parameter in " + tlv.length + " byte(s)",
                    ProtocolException.CAUSE_INVALID_TLV, tlv, false);
        }
        return read(r, first);
    }

    public static InetAddress readAddress(TlvReader r, Tlv tlv) throws ProtocolException {
        int size = tlv.parameterType() == ParameterType.IPV4_ADDRESS ? 4 : 16;
        if (tlv.valueLength() < size) {
            throw r.failure(tlv, "an address needs " + size + " value bytes", ProtocolException.CAUSE_INVALID_TLV);
        }
        try {
            // getByAddress turns IPv4-mapped IPv6 into Inet4Address, the form RSPLIB would have sent.
            return InetAddress.getByAddress(Arrays.copyOfRange(r.buf, tlv.valueOffset(), tlv.valueOffset() + size));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TransportParameter readTransport(TlvReader r, Tlv tlv) throws ProtocolException {
        ParameterType type = tlv.parameterType();
        int fixed = type == ParameterType.DCCP_TRANSPORT ? 8 : 4;
        if (tlv.valueLength() < fixed) {
            throw r.failure(tlv, "a transport needs " + fixed + " value bytes before its addresses",
                    ProtocolException.CAUSE_INVALID_TLV);
        }
        int v = tlv.valueOffset();
        int port = r.u16At(v);
        int second = r.u16At(v + 2);
        TlvReader inner = r.inside(tlv, fixed, type.displayName() + " at offset " + tlv.offset());
        boolean multi = type == ParameterType.SCTP_TRANSPORT;
        int max = multi ? TransportParameter.MAX_ADDRESSES : 1;
        List<InetAddress> addresses = new ArrayList<>();
        for (Tlv a = inner.next(ADDRESSES); a != null; a = inner.next(ADDRESSES)) {
            if (addresses.size() == max) {
                throw r.failure(tlv, "more than " + max + " address(es)", ProtocolException.CAUSE_INVALID_VALUE);
            }
            addresses.add(readAddress(inner, a));
        }
        if (addresses.isEmpty()) {
            throw r.failure(tlv, "no address", ProtocolException.CAUSE_INVALID_VALUE);
        }
        TransportUse use = TransportUse.ofCode(second);
        if (use == null && (type == ParameterType.SCTP_TRANSPORT || type == ParameterType.TCP_TRANSPORT)) {
            throw r.failure(tlv, "Transport Use " + second + " is neither 0 nor 1",
                    ProtocolException.CAUSE_INVALID_VALUE);
        }
        switch (type) {
            case SCTP_TRANSPORT:
                return new SctpTransport(port, use, addresses);
            case TCP_TRANSPORT:
                return new TcpTransport(port, use, addresses.get(0));
            case UDP_TRANSPORT:
                return new UdpTransport(port, addresses.get(0));
            case UDP_LITE_TRANSPORT:
                return new UdpLiteTransport(port, addresses.get(0));
            default:
                return new DccpTransport(port, r.u32At(v + 4) & 0xFFFF_FFFFL, addresses.get(0));
        }
    }

    public static PoolMemberSelectionPolicy readPolicy(TlvReader r, Tlv tlv) throws ProtocolException {
        if (tlv.valueLength() < 4) {
            throw r.failure(tlv, "no policy type", ProtocolException.CAUSE_INVALID_TLV);
        }
        long code = r.u32At(tlv.valueOffset()) & 0xFFFF_FFFFL;
        Optional<PolicyType> type = PolicyType.ofCode(code).filter(PolicyType::isEncodable);
        if (type.isEmpty()) {
            throw r.failure(tlv, "unsupported policy type " + WireText.hex(code, 8),
                    ProtocolException.CAUSE_UNSUPPORTED_POLICY);
        }
        int n = type.get().words().size();
        if (tlv.valueLength() < 4 + 4 * n) {
            throw r.failure(tlv, type.get().rsplibName() + " needs Length " + type.get().parameterLength(),
                    ProtocolException.CAUSE_INVALID_TLV);
        }
        List<Long> words = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            words.add(r.u32At(tlv.valueOffset() + 4 + 4 * i) & 0xFFFF_FFFFL);
        }
        return new PoolMemberSelectionPolicy(type.get(), words);
    }

    public static PoolHandle readPoolHandle(TlvReader r, Tlv tlv) throws ProtocolException {
        if (tlv.valueLength() < 1) {
            throw r.failure(tlv, "empty pool handle", ProtocolException.CAUSE_INVALID_TLV);
        }
        if (tlv.valueLength() > PoolHandle.MAX_LENGTH) {
            throw r.failure(tlv, tlv.valueLength() + " bytes exceed the maximum pool handle size of "
                    + PoolHandle.MAX_LENGTH, ProtocolException.CAUSE_INVALID_VALUE);
        }
        return new PoolHandle(r.value(tlv, 0));
    }

    public static PoolElement readPoolElement(TlvReader r, Tlv tlv) throws ProtocolException {
        if (tlv.valueLength() < 12) {
            throw r.failure(tlv, "needs 12 value bytes before its transport", ProtocolException.CAUSE_INVALID_TLV);
        }
        int v = tlv.valueOffset();
        TlvReader inner = r.inside(tlv, 12, "Pool Element at offset " + tlv.offset());
        TransportParameter user = readTransport(inner, inner.require(TRANSPORTS));
        PoolMemberSelectionPolicy policy = readPolicy(inner,
                inner.require(ParameterType.POOL_MEMBER_SELECTION_POLICY));
        // Anything after the policy that is not a transport is surplus (docs/protocol/asap-enrp-wire.md §8 rule 3).
        Tlv asap = inner.nextIs(TRANSPORTS) ? inner.next(TRANSPORTS) : null;
        return new PoolElement(r.u32At(v), r.u32At(v + 4), r.u32At(v + 8) & 0xFFFF_FFFFL, user, policy,
                asap == null ? Optional.empty() : Optional.of(readTransport(inner, asap)));
    }

    public static ServerInformation readServerInformation(TlvReader r, Tlv tlv) throws ProtocolException {
        if (tlv.valueLength() < 4) {
            throw r.failure(tlv, "no server identifier", ProtocolException.CAUSE_INVALID_TLV);
        }
        TlvReader inner = r.inside(tlv, 4, "Server Information at offset " + tlv.offset());
        return new ServerInformation(r.u32At(tlv.valueOffset()), readTransport(inner, inner.require(TRANSPORTS)));
    }

    public static OperationError readOperationError(TlvReader r, Tlv tlv) throws ProtocolException {
        List<ErrorCause> causes = new ArrayList<>();
        int at = tlv.valueOffset();
        // Causes are not padded individually; fewer than 4 bytes left is the surplus of a longer TLV.
        while (tlv.end() - at >= 4) {
            int code = r.u16At(at);
            int length = r.u16At(at + 2);
            if (length < 4 || length > tlv.end() - at) {
                throw r.failure(tlv, "error cause " + WireText.hex(code, 4) + " at offset " + at
                        + " has Length " + length + ", " + (tlv.end() - at) + " byte(s) left", ProtocolException.CAUSE_INVALID_TLV);
            }
            causes.add(new ErrorCause(code, Arrays.copyOfRange(r.buf, at + 4, at + length)));
            at += length;
        }
        if (causes.isEmpty()) {
            throw r.failure(tlv, "no error cause", ProtocolException.CAUSE_INVALID_TLV);
        }
        return new OperationError(causes);
    }

    public static Cookie readCookie(TlvReader r, Tlv tlv) throws ProtocolException {
        if (tlv.valueLength() < 1) {
            throw r.failure(tlv, "empty cookie", ProtocolException.CAUSE_INVALID_TLV);
        }
        return new Cookie(r.value(tlv, 0));
    }

    public static int readPeIdentifier(TlvReader r, Tlv tlv) throws ProtocolException {
        if (tlv.valueLength() != 4) {
            throw r.failure(tlv, "a PE identifier has exactly 4 value bytes", ProtocolException.CAUSE_INVALID_TLV);
        }
        return r.u32At(tlv.valueOffset());
    }

    public static PeChecksum readPeChecksum(TlvReader r, Tlv tlv) throws ProtocolException {
        if (tlv.valueLength() != 2) {
            throw r.failure(tlv, "a PE checksum has exactly 2 value bytes", ProtocolException.CAUSE_INVALID_TLV);
        }
        return new PeChecksum(r.u16At(tlv.valueOffset()));
    }

    public static HandleResolutionOption readHandleResolutionOption(TlvReader r, Tlv tlv) throws ProtocolException {
        if (tlv.valueLength() < 4) {
            throw r.failure(tlv, "needs 4 value bytes", ProtocolException.CAUSE_INVALID_TLV);
        }
        return new HandleResolutionOption(r.u32At(tlv.valueOffset()) & 0xFFFF_FFFFL);
    }

    // ------------------------------------------------------------------ encoding

    /** The parameter as it appears in a message: TLV plus padding. */
    public static byte[] encode(Parameter p) {
        TlvWriter w = new TlvWriter();
        write(w, p);
        return w.toByteArray();
    }

    /** The TLV without its trailing padding (Length bytes), the form used as error cause info. */
    static byte[] encodeUnpadded(Parameter p) {
        byte[] padded = encode(p);
        return Arrays.copyOf(padded, ((padded[2] & 0xFF) << 8) | (padded[3] & 0xFF));
    }

    public static void write(TlvWriter w, Parameter p) {
        if (p instanceof TransportParameter t) {
            writeTransport(w, t);
        } else if (p instanceof AddressParameter a) {
            writeAddress(w, a.address());
        } else if (p instanceof PoolMemberSelectionPolicy policy) {
            int m = w.begin(ParameterType.POOL_MEMBER_SELECTION_POLICY.code());
            w.u32(policy.type().code());
            for (long word : policy.words()) {
                w.u32(word);
            }
            w.end(m);
        } else if (p instanceof PoolHandle h) {
            int m = w.begin(ParameterType.POOL_HANDLE.code());
            w.bytes(h.bytes());
            w.end(m);
        } else if (p instanceof PoolElement pe) {
            int m = w.begin(ParameterType.POOL_ELEMENT.code());
            w.u32(pe.identifier()).u32(pe.homeRegistrarIdentifier()).u32(pe.registrationLife());
            writeTransport(w, pe.userTransport());
            write(w, pe.policy());
            pe.asapTransport().ifPresent(t -> writeTransport(w, t));
            w.end(m);
        } else if (p instanceof ServerInformation si) {
            int m = w.begin(ParameterType.SERVER_INFORMATION.code());
            w.u32(si.serverIdentifier());
            writeTransport(w, si.transport());
            w.end(m);
        } else if (p instanceof OperationError oe) {
            int m = w.begin(ParameterType.OPERATION_ERROR.code());
            for (ErrorCause c : oe.causes()) {
                byte[] info = c.info();
                w.u16(c.code()).u16(4 + info.length).bytes(info);
            }
            w.end(m);
        } else if (p instanceof Cookie c) {
            int m = w.begin(ParameterType.COOKIE.code());
            w.bytes(c.data());
            w.end(m);
        } else if (p instanceof PeIdentifier id) {
            writePeIdentifier(w, id.value());
        } else if (p instanceof PeChecksum cs) {
            int m = w.begin(ParameterType.PE_CHECKSUM.code());
            w.u16(cs.value());
            w.end(m);
        } else if (p instanceof HandleResolutionOption hro) {
            int m = w.begin(ParameterType.HANDLE_RESOLUTION_OPTION.code());
            w.u32(hro.items());
            w.end(m);
        } else {
            throw new IllegalArgumentException("unknown parameter " + p);
        }
    }

    public static void writePeIdentifier(TlvWriter w, int identifier) {
        int m = w.begin(ParameterType.POOL_ELEMENT_IDENTIFIER.code());
        w.u32(identifier);
        w.end(m);
    }

    private static void writeTransport(TlvWriter w, TransportParameter t) {
        int m = w.begin(t.parameterType().code());
        w.u16(t.port());
        w.u16(t instanceof SctpTransport || t instanceof TcpTransport ? t.transportUse().code() : 0);
        if (t instanceof DccpTransport d) {
            w.u32(d.serviceCode());
        }
        for (InetAddress a : t.addresses()) {
            writeAddress(w, a);
        }
        w.end(m);
    }

    private static void writeAddress(TlvWriter w, InetAddress a) {
        int m = w.begin(a instanceof Inet4Address ? ParameterType.IPV4_ADDRESS.code()
                : ParameterType.IPV6_ADDRESS.code());
        w.bytes(a.getAddress());
        w.end(m);
    }
}
