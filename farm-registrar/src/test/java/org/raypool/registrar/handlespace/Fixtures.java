package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.SplittableRandom;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TransportUse;

/** Shared test data: the seed's registrars and pools. */
final class Fixtures {

    static final int OWN = 0x36acceb7;
    static final int PEER = 0x081c671f;
    static final int OTHER_PEER = 0x278ca457;
    static final PoolHandle FRACTAL = PoolHandle.fromString("FractalGeneratorPool");
    static final PoolHandle SCRIPTING = PoolHandle.fromString("ScriptingPool");
    static final long LIFE = 90_000;
    static final int USER_PORT = 8000;
    static final int ASAP_PORT = 33125;

    private Fixtures() {
    }

    static Handlespace handlespace() {
        return handlespace(HandlespaceConfig.defaults(OWN));
    }

    static Handlespace handlespace(HandlespaceConfig config) {
        return new Handlespace(config, new SplittableRandom(42));
    }

    /** An IPv4 address whose bytes are {@code n}, so every PE has its own. */
    static InetAddress address(int n) {
        try {
            return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(n).array());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The user transport of PE {@code id}: SCTP, data plus control (an RSPLIB enhanced-mode PE). */
    static SctpTransport userTransport(int id) {
        return SctpTransport.of(USER_PORT, TransportUse.DATA_PLUS_CONTROL, address(id));
    }

    /** The ASAP transport of PE {@code id} as its home registrar sees it. */
    static SctpTransport asapTransport(int id) {
        return SctpTransport.of(ASAP_PORT, TransportUse.DATA_ONLY, address(id));
    }

    static PoolElement pe(int id, PoolMemberSelectionPolicy policy) {
        return new PoolElement(id, OWN, LIFE, userTransport(id), policy, Optional.of(asapTransport(id)));
    }

    static PoolElement rr(int id) {
        return pe(id, PoolMemberSelectionPolicy.roundRobin());
    }

    static PoolElement foreign(int id, int home) {
        return rr(id).withHomeRegistrarIdentifier(home);
    }

    static PoolElementEntry accepted(RegistrationResult result) {
        return assertInstanceOf(RegistrationResult.Accepted.class, result,
                () -> "expected acceptance, got " + result).entry();
    }

    static Rejection rejected(RegistrationResult result) {
        return assertInstanceOf(RegistrationResult.Rejected.class, result,
                () -> "expected rejection, got " + result).rejection();
    }
}
