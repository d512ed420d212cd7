package org.raypool.registrar.asap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.transport.tls.Role;
import org.raypool.wire.asap.AsapMessageType;
import org.raypool.wire.param.ErrorCause;

class AsapRoleRuleTest {

    private static Optional<PeerIdentity> as(Role role) {
        return Optional.of(new PeerIdentity(role, "x", Instant.EPOCH));
    }

    @Test
    void onlyAWorkerRegistersDeregistersAndAcknowledgesKeepAlives() {
        for (AsapMessageType type : new AsapMessageType[] {AsapMessageType.REGISTRATION,
                AsapMessageType.DEREGISTRATION, AsapMessageType.ENDPOINT_KEEP_ALIVE_ACK}) {
            assertEquals(AsapRoleRule.ALLOWED, AsapRoleRule.check(as(Role.WORKER), type), type::toString);
            assertEquals(ErrorCause.REJECTED_SECURITY, AsapRoleRule.check(as(Role.USER), type), type::toString);
            assertEquals(ErrorCause.REJECTED_SECURITY, AsapRoleRule.check(as(Role.REGISTRAR), type), type::toString);
        }
    }

    @Test
    void usersAndWorkersResolveAndReport() {
        for (Role role : new Role[] {Role.USER, Role.WORKER}) {
            assertEquals(AsapRoleRule.ALLOWED, AsapRoleRule.check(as(role), AsapMessageType.HANDLE_RESOLUTION));
            assertEquals(AsapRoleRule.ALLOWED, AsapRoleRule.check(as(role), AsapMessageType.ENDPOINT_UNREACHABLE));
        }
    }

    @Test
    void openModeAllowsEverything() {
        for (AsapMessageType type : AsapMessageType.values()) {
            assertEquals(AsapRoleRule.ALLOWED, AsapRoleRule.check(Optional.empty(), type), type::toString);
        }
    }
}
