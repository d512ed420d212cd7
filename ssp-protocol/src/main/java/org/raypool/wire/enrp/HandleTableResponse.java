package org.raypool.wire.enrp;

import java.util.List;

/**
 * Handle Table Response (0x03). R bit {@code rejected}: requester unknown, no entries. M bit {@code moreToSend}:
 * ask again for the next block. On the wire consecutive entries of one pool share one Pool Handle parameter;
 * decoding flattens the groups (a Pool Handle without PEs contributes nothing) and encoding regroups consecutive
 * equal handles, so the entry list is the whole truth.
 */
public record HandleTableResponse(int senderServerIdentifier, int receiverServerIdentifier, boolean rejected,
        boolean moreToSend, List<PoolEntry> entries) implements EnrpMessage {

    public static final int R_BIT = 0x01;
    public static final int M_BIT = 0x02;
    /** RSPLIB's default cap per response (-maxelementsperhtrequest); a sender limit, not enforced here. */
    public static final int DEFAULT_MAX_ENTRIES = 128;
    /** RSPLIB's size cap per response; a sender limit, not enforced here. */
    public static final int DEFAULT_MAX_BYTES = 1400;

    public HandleTableResponse {
        entries = List.copyOf(entries);
    }

    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.HANDLE_TABLE_RESPONSE;
    }
}
