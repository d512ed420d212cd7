package org.raypool.wire.enrp;

import java.util.ArrayList;
import java.util.List;

import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.param.MessageFrame;
import org.raypool.wire.param.ParameterType;
import org.raypool.wire.param.Parameters;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.ServerInformation;
import org.raypool.wire.param.Tlv;
import org.raypool.wire.param.TlvMessageCodec;
import org.raypool.wire.param.TlvReader;
import org.raypool.wire.param.TlvWriter;

/**
 * ENRP codec, byte-compatible with RSPLIB (docs/protocol/asap-enrp-wire.md §2-§4, §6, §8). Stateless and thread-safe.
 * This class reads and writes the message bodies; {@link TlvMessageCodec} does the framing ENRP shares with ASAP and
 * says how {@link #decode} treats the buffer. Ignoring messages from our own ID (§8 rule 5) is the caller's business.
 */
public final class EnrpCodec extends TlvMessageCodec<EnrpMessage, EnrpMessageType> {
    public static final EnrpCodec INSTANCE = new EnrpCodec();

    private EnrpCodec() {
        super(Protocol.ENRP, EnrpMessageType::ofCode, EnrpMessage::type);
    }

    /** Every ENRP body starts with the sender's and the receiver's server ID. */
    @Override
    protected EnrpMessage decodeBody(EnrpMessageType type, MessageFrame frame, TlvReader r)
            throws ProtocolException {
        int sender = r.u32("Sender Server's ID");
        int receiver = r.u32("Receiver Server's ID");
        return decodeAfterServerIds(type, frame, r, sender, receiver);
    }

    private static EnrpMessage decodeAfterServerIds(EnrpMessageType type, MessageFrame frame, TlvReader r,
            int sender, int receiver) throws ProtocolException {
        switch (type) {
            case PRESENCE: {
                var checksum = Parameters.readPeChecksum(r, r.require(ParameterType.PE_CHECKSUM));
                var info = Parameters.readServerInformation(r, r.require(ParameterType.SERVER_INFORMATION));
                return new Presence(sender, receiver, frame.flag(Presence.R_BIT), checksum, info);
            }
            case HANDLE_TABLE_REQUEST:
                return new HandleTableRequest(sender, receiver, frame.flag(HandleTableRequest.W_BIT));
            case HANDLE_TABLE_RESPONSE:
                return handleTableResponse(frame, r, sender, receiver);
            case HANDLE_UPDATE: {
                int actionAt = r.position();
                int code = r.u16("Update Action");
                r.u16("Reserved");
                UpdateAction action = UpdateAction.ofCode(code);
                if (action == null) {
                    throw new ProtocolException("ENRP Handle Update: Update Action " + code + " at offset " + actionAt
                            + " is neither 0 (add) nor 1 (delete)", ProtocolException.CAUSE_INVALID_VALUE,
                            null, false);
                }
                PoolHandle ph = Parameters.readPoolHandle(r, r.require(ParameterType.POOL_HANDLE));
                return new HandleUpdate(sender, receiver, frame.flag(HandleUpdate.T_BIT), action, ph,
                        Parameters.readPoolElement(r, r.require(ParameterType.POOL_ELEMENT)));
            }
            case LIST_REQUEST:
                return new ListRequest(sender, receiver);
            case LIST_RESPONSE: {
                List<ServerInformation> servers = new ArrayList<>();
                for (Tlv t = r.next(ParameterType.SERVER_INFORMATION); t != null;
                        t = r.next(ParameterType.SERVER_INFORMATION)) {
                    servers.add(Parameters.readServerInformation(r, t));
                }
                return new ListResponse(sender, receiver, frame.flag(ListResponse.R_BIT), servers);
            }
            case INIT_TAKEOVER:
                return new InitTakeover(sender, receiver, r.u32("Target Server's ID"));
            case INIT_TAKEOVER_ACK:
                return new InitTakeoverAck(sender, receiver, r.u32("Target Server's ID"));
            case TAKEOVER_SERVER:
                return new TakeoverServer(sender, receiver, r.u32("Target Server's ID"));
            default:
                return new EnrpError(sender, receiver,
                        Parameters.readOperationError(r, r.require(ParameterType.OPERATION_ERROR)));
        }
    }

    private static HandleTableResponse handleTableResponse(MessageFrame frame, TlvReader r, int sender, int receiver)
            throws ProtocolException {
        List<PoolEntry> entries = new ArrayList<>();
        PoolHandle current = null;
        // The first entry must be a Pool Handle; after it, PEs or the next Pool Handle.
        for (Tlv t = r.next(ParameterType.POOL_HANDLE); t != null;
                t = r.next(ParameterType.POOL_HANDLE, ParameterType.POOL_ELEMENT)) {
            if (t.parameterType() == ParameterType.POOL_HANDLE) {
                current = Parameters.readPoolHandle(r, t);
            } else {
                entries.add(new PoolEntry(current, Parameters.readPoolElement(r, t)));
            }
        }
        return new HandleTableResponse(sender, receiver, frame.flag(HandleTableResponse.R_BIT),
                frame.flag(HandleTableResponse.M_BIT), entries);
    }

    // ------------------------------------------------------------------ encoding

    @Override
    protected void encodeBody(TlvWriter w, EnrpMessage m) {
        w.u32(m.senderServerIdentifier()).u32(m.receiverServerIdentifier());
        if (m instanceof Presence x) {
            Parameters.write(w, x.checksum());
            Parameters.write(w, x.serverInformation());
        } else if (m instanceof HandleTableResponse x) {
            PoolHandle current = null;
            for (PoolEntry e : x.entries()) {
                if (!e.poolHandle().equals(current)) {
                    current = e.poolHandle();
                    Parameters.write(w, current);
                }
                Parameters.write(w, e.poolElement());
            }
        } else if (m instanceof HandleUpdate x) {
            w.u16(x.action().code()).u16(0);
            Parameters.write(w, x.poolHandle());
            Parameters.write(w, x.poolElement());
        } else if (m instanceof ListResponse x) {
            x.servers().forEach(s -> Parameters.write(w, s));
        } else if (m instanceof InitTakeover x) {
            w.u32(x.targetServerIdentifier());
        } else if (m instanceof InitTakeoverAck x) {
            w.u32(x.targetServerIdentifier());
        } else if (m instanceof TakeoverServer x) {
            w.u32(x.targetServerIdentifier());
        } else if (m instanceof EnrpError x) {
            Parameters.write(w, x.error());
        }
        // HandleTableRequest and ListRequest have no body beyond the server IDs.
    }

    @Override
    protected int flags(EnrpMessage m) {
        if (m instanceof Presence x) {
            return x.replyRequired() ? Presence.R_BIT : 0;
        }
        if (m instanceof HandleTableRequest x) {
            return x.ownChildrenOnly() ? HandleTableRequest.W_BIT : 0;
        }
        if (m instanceof HandleTableResponse x) {
            return (x.rejected() ? HandleTableResponse.R_BIT : 0) | (x.moreToSend() ? HandleTableResponse.M_BIT : 0);
        }
        if (m instanceof HandleUpdate x) {
            return x.takeoverSuggested() ? HandleUpdate.T_BIT : 0;
        }
        if (m instanceof ListResponse x) {
            return x.rejected() ? ListResponse.R_BIT : 0;
        }
        return 0;
    }
}
