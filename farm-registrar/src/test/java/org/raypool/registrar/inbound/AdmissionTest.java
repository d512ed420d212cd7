package org.raypool.registrar.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.ErrorCause;

class AdmissionTest {

    @Test
    void theFirstRefusalWinsAndOpenModeAdmits() {
        Admission<String> onlyWorkersRegister = (identity, message) ->
                message.startsWith("Registration") && !identity.equals(Optional.of("WORKER"))
                        ? Optional.of(ErrorCause.of(ErrorCause.REJECTED_SECURITY)) : Optional.empty();
        Admission<String> chain = Admission.<String>all().then(onlyWorkersRegister);
        assertTrue(Admission.<String>all().check(Optional.empty(), "Registration").isEmpty());
        assertEquals(ErrorCause.REJECTED_SECURITY,
                chain.check(Optional.<Object>of("USER"), "Registration").orElseThrow().code());
        assertTrue(chain.check(Optional.of("WORKER"), "Registration").isEmpty());
        assertTrue(chain.check(Optional.<Object>of("USER"), "HandleResolution").isEmpty());
    }
}
