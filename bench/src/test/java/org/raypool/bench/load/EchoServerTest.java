package org.raypool.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.param.PoolHandle;

/** The ceiling server and the hand-made framing the load clients use. */
class EchoServerTest {

    @Test
    void framesArePaddedToFourBytes() {
        byte[] odd = AsapCodec.INSTANCE.encode(HandleResolution.of(PoolHandle.fromString("abc")));
        assertEquals(0, FramedChannel.frame(odd).remaining() % 4);
        assertEquals(odd.length + FramedChannel.padding(odd.length), FramedChannel.frame(odd).remaining());
    }

    @Test
    void echoesEveryFrameBackInOrder() throws Exception {
        try (EchoServer echo = EchoServer.start(0); FramedChannel client = FramedChannel.connect(echo.address())) {
            for (String name : new String[] {"a", "ab", "abc", "abcd", "RayPoolBench"}) {
                byte[] message = AsapCodec.INSTANCE.encode(HandleResolution.of(PoolHandle.fromString(name), 3));
                client.write(FramedChannel.frame(message));
                client.write(FramedChannel.frame(message));
                for (int i = 0; i < 2; i++) {
                    ByteBuffer frame = client.next();
                    byte[] back = new byte[frame.getShort(2) & 0xFFFF];
                    frame.get(back);
                    assertArrayEquals(message, back);
                    assertEquals(HandleResolution.of(PoolHandle.fromString(name), 3),
                            AsapCodec.INSTANCE.decode(ByteBuffer.wrap(back)));
                }
            }
        }
    }
}
