package org.raypool.registrar.inbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.raypool.testing.AsapPeer;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapError;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.EnrpError;
import org.raypool.wire.enrp.EnrpMessage;
import org.raypool.wire.enrp.ListRequest;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.PoolHandle;

/** The inbound path's decision on bytes, for ASAP and ENRP alike (docs/protocol/registrar-behaviour.md §3.9). */
class InboundDecoderTest {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private final InboundDecoder<AsapMessage> asap = new InboundDecoder<>(AsapCodec.INSTANCE, 0x0E, 32);
    private final InboundDecoder<EnrpMessage> enrp = new InboundDecoder<>(EnrpCodec.INSTANCE, 0x0A, 32);

    @Test
    void aWellFormedRequestIsDeliveredWithoutError() {
        byte[] raw = AsapCodec.INSTANCE.encode(HandleResolution.of(POOL));
        Verdict.Deliver<AsapMessage> d = assertInstanceOf(Verdict.Deliver.class, asap.judge(raw));
        assertEquals(HandleResolution.of(POOL), d.message());
        assertTrue(d.unrecognized().isEmpty());
    }

    @Test
    void sixtyFourKibOfUnknownReportParametersGetOneBoundedError() {
        byte[] hr = AsapCodec.INSTANCE.encode(HandleResolution.of(POOL));
        int count = (65_535 - hr.length) / 4;
        byte[] raw = AsapPeer.withUnknownParameters(hr, count);
        assertTrue(raw.length > 65_000, "the attack's size: " + raw.length);
        Verdict.Deliver<AsapMessage> d = assertInstanceOf(Verdict.Deliver.class, asap.judge(raw));
        assertEquals(HandleResolution.of(POOL), d.message(), "the request itself is still served");
        OperationError error = d.unrecognized().orElseThrow();
        assertEquals(32, error.causes().size(), "one Error of at most --max-error-causes causes, not " + count);
        assertEquals(ErrorCause.UNRECOGNIZED_PARAMETER, error.firstCode());
        assertArrayEquals(new byte[] {(byte) 0xCF, 0x00, 0x00, 0x04}, error.causes().get(0).info());
        byte[] reply = AsapCodec.INSTANCE.encode(new AsapError(error));
        assertTrue(reply.length < 65_536);
    }

    @Test
    void causesAreCutToWhatFitsIntoOneMessage() {
        InboundDecoder<AsapMessage> generous = new InboundDecoder<>(AsapCodec.INSTANCE, 0x0E, 16_383);
        byte[] hr = AsapCodec.INSTANCE.encode(HandleResolution.of(POOL));
        byte[] raw = AsapPeer.withUnknownParameters(hr);
        Verdict.Deliver<AsapMessage> d = assertInstanceOf(Verdict.Deliver.class, generous.judge(raw));
        byte[] reply = AsapCodec.INSTANCE.encode(new AsapError(d.unrecognized().orElseThrow()));
        assertTrue(reply.length <= 65_535, "encodable: " + reply.length);
    }

    @Test
    void garbageIsRefusedWithOneErrorButAnErrorIsNeverAnswered() {
        byte[] garbage = {0x03, 0x00, 0x00, 0x08, 0x7F, 0x7F, 0x00, 0x04};
        Verdict.Refuse<AsapMessage> refuse = assertInstanceOf(Verdict.Refuse.class, asap.judge(garbage));
        assertEquals(1, refuse.error().causes().size());
        byte[] badError = {0x0E, 0x00, 0x00, 0x08, 0x7F, 0x7F, 0x00, 0x04};
        assertInstanceOf(Verdict.Drop.class, asap.judge(badError));
    }

    @Test
    void enrpTakesTheSamePath() {
        byte[] raw = EnrpCodec.INSTANCE.encode(new EnrpError(0x11, 0x22, OperationError.of(ErrorCause.LACK_OF_RESOURCES)));
        Verdict.Deliver<EnrpMessage> d = assertInstanceOf(Verdict.Deliver.class, enrp.judge(raw));
        assertInstanceOf(EnrpError.class, d.message());
        byte[] flooded = AsapPeer.withUnknownParameters(raw, 1000);
        Verdict.Deliver<EnrpMessage> f = assertInstanceOf(Verdict.Deliver.class, enrp.judge(flooded));
        assertTrue(f.unrecognized().isEmpty(), "an Error is never answered with an Error");
        byte[] request = AsapPeer.withUnknownParameters(EnrpCodec.INSTANCE.encode(new ListRequest(0x11, 0x22)), 1000);
        Verdict.Deliver<EnrpMessage> r = assertInstanceOf(Verdict.Deliver.class, enrp.judge(request));
        assertEquals(32, r.unrecognized().orElseThrow().causes().size());
        byte[] badError = {0x0A, 0x00, 0x00, 0x06, 0x00, 0x00};
        assertInstanceOf(Verdict.Drop.class, enrp.judge(badError));
    }
}
