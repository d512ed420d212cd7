package org.raypool.registrar;

import java.time.Duration;
import java.util.Objects;
import org.raypool.registrar.handlespace.HandlespaceLimits;

/**
 * The registrar's guards against a shared lab network (docs/protocol/registrar-behaviour.md §3.9), each with its
 * option in {@link RegistrarMain}.
 *
 * @param maxErrorCauses             causes in the one Error that answers a message ({@code --max-error-causes})
 * @param maxAssociationsPerAddress  associations one source address may hold on the ASAP endpoint, and on the
 *                                   ENRP one ({@code --max-associations-per-address})
 * @param maxRegistrationLife        the longest Registration Life a PE gets; longer asks are cut to it
 *                                   ({@code --max-registration-life})
 * @param maxHandleResolutionRate    Handle Resolutions per second per client and pool, negative = unlimited
 *                                   (RSPLIB {@code -maxhrrate}, default -1)
 * @param maxEndpointUnreachableRate Endpoint Unreachables per second per client and PE, negative = unlimited
 *                                   (RSPLIB {@code -maxeurate}, default -1)
 * @param handlespace                pools, PEs, PEs per association, fixed pool policies
 */
public record RegistrarLimits(int maxErrorCauses, int maxAssociationsPerAddress, Duration maxRegistrationLife,
                              double maxHandleResolutionRate, double maxEndpointUnreachableRate,
                              HandlespaceLimits handlespace) {

    public static final int DEFAULT_MAX_ERROR_CAUSES = 32;
    public static final int DEFAULT_MAX_ASSOCIATIONS_PER_ADDRESS = 64;
    /** The longest Registration Life believed over ASAP and ENRP alike; RSPLIB's PEs ask for 30 s, ours for 90 s at most. */
    public static final Duration DEFAULT_MAX_REGISTRATION_LIFE = Duration.ofMinutes(10);
    /** RSPLIB's REGISTRAR_DEFAULT_MAX_HR_RATE and ..._EU_RATE: -1.0, unlimited. */
    public static final double RSPLIB_UNLIMITED_RATE = -1.0;
    public static final RegistrarLimits DEFAULTS = new RegistrarLimits(DEFAULT_MAX_ERROR_CAUSES,
            DEFAULT_MAX_ASSOCIATIONS_PER_ADDRESS, DEFAULT_MAX_REGISTRATION_LIFE, RSPLIB_UNLIMITED_RATE,
            RSPLIB_UNLIMITED_RATE, HandlespaceLimits.DEFAULTS);

    public RegistrarLimits {
        if (maxErrorCauses < 1) throw new IllegalArgumentException("max error causes must be >= 1");
        if (maxAssociationsPerAddress < 1) throw new IllegalArgumentException("max associations per address >= 1");
        Objects.requireNonNull(maxRegistrationLife, "maxRegistrationLife");
        if (maxRegistrationLife.toMillis() < 1 || maxRegistrationLife.toMillis() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("max registration life must be 1 ms .. 2^32-1 ms");
        }
        if (Double.isNaN(maxHandleResolutionRate) || Double.isNaN(maxEndpointUnreachableRate)) {
            throw new IllegalArgumentException("a rate is NaN");
        }
        Objects.requireNonNull(handlespace, "handlespace");
    }
}
