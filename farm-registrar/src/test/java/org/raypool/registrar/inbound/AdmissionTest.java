package org.raypool.registrar.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.registrar.asap.AsapRoleRule;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.transport.tls.Role;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.param.ErrorCause;

class AdmissionTest {

    private static Optional<PeerIdentity> as(Role role) {
        return Optional.of(new PeerIdentity(role, "x", Instant.MAX));
    }

    @Test
    void theFirstRefusalWinsAndOpenModeAdmits() {
        Admission<String> onlyWorkersRegister = (identity, message) ->
                message.startsWith("Registration") && !identity.equals(as(Role.WORKER))
                        ? Optional.of(ErrorCause.of(ErrorCause.REJECTED_SECURITY)) : Optional.empty();
        Admission<String> chain = Admission.<String>all().then(onlyWorkersRegister);
        assertTrue(Admission.<String>all().check(Optional.empty(), "Registration").isEmpty());
        assertEquals(ErrorCause.REJECTED_SECURITY, chain.check(as(Role.USER), "Registration").orElseThrow().code());
        assertTrue(chain.check(as(Role.WORKER), "Registration").isEmpty());
        assertTrue(chain.check(as(Role.USER), "HandleResolution").isEmpty());
    }

    @Test
    void theAuthenticatedFarmLetsOnlyRegistrarsSpeakEnrp() {
        Admissions roles = Admissions.roles(AsapRoleRule.admission());
        assertTrue(roles.asap().check(as(Role.USER), HandleResolution.of(
                org.raypool.wire.param.PoolHandle.fromString("ScriptingPool"))).isEmpty());
        assertTrue(roles.enrp().check(Optional.empty(), null).isEmpty(), "open mode");
        assertTrue(roles.enrp().check(as(Role.REGISTRAR), null).isEmpty());
        for (Role role : new Role[] {Role.USER, Role.WORKER}) {
            assertEquals(ErrorCause.REJECTED_SECURITY, roles.enrp().check(as(role), null).orElseThrow().code());
        }
    }
}
