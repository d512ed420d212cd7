package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.SplittableRandom;

/** Shared test data: the seed's registrars and pools. */
final class Fixtures {

    static final int OWN = 0x36acceb7;
    static final int PEER = 0x081c671f;
    static final int OTHER_PEER = 0x278ca457;
    static final PoolHandle FRACTAL = PoolHandle.of("FractalGeneratorPool");
    static final PoolHandle SCRIPTING = PoolHandle.of("ScriptingPool");
    static final long LIFE = 90_000;

    private Fixtures() {
    }

    static Handlespace<String> handlespace() {
        return handlespace(HandlespaceConfig.defaults(OWN));
    }

    static Handlespace<String> handlespace(HandlespaceConfig config) {
        return new Handlespace<>(config, new SplittableRandom(42));
    }

    static PoolElement<String> pe(int id, PolicySettings policy) {
        return new PoolElement<>(id, OWN, LIFE, TransportProtocol.SCTP, true,
                String.format("user-%08x", id), String.format("asap-%08x", id), policy);
    }

    static PoolElement<String> rr(int id) {
        return pe(id, PolicySettings.of(PolicyType.ROUND_ROBIN));
    }

    static PoolElement<String> foreign(int id, int home) {
        return rr(id).withHomeRegistrarId(home);
    }

    static PoolElementEntry<String> accepted(RegistrationResult<String> result) {
        return assertInstanceOf(RegistrationResult.Accepted.class, result,
                () -> "expected acceptance, got " + result).entry();
    }

    static Rejection rejected(RegistrationResult<String> result) {
        return assertInstanceOf(RegistrationResult.Rejected.class, result,
                () -> "expected rejection, got " + result).rejection();
    }
}
