package org.raypool.registrar.handlespace;

import java.util.Objects;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.PoolElement;

/** Outcome of {@link Handlespace#registerOrUpdate}. */
public sealed interface RegistrationResult {

    boolean isAccepted();

    /**
     * The entry is in the handlespace.
     *
     * @param entry         the live entry
     * @param created       true for a new entry, false for an update in place
     * @param policyUpdated the update replaced the policy values or reset degradation
     * @param previousHome  the home registrar before an update (equal to the new one if unchanged;
     *                      for a new entry the new home)
     */
    record Accepted(PoolElementEntry entry, boolean created, boolean policyUpdated, int previousHome)
            implements RegistrationResult {
        public Accepted {
            Objects.requireNonNull(entry);
        }

        @Override
        public boolean isAccepted() {
            return true;
        }

        /** An update moved the entry to another home registrar. */
        public boolean ownerChanged() {
            return previousHome != entry.homeRegistrarId();
        }
    }

    /** Nothing changed. */
    record Rejected(Rejection rejection) implements RegistrationResult {
        public Rejected {
            Objects.requireNonNull(rejection);
        }

        @Override
        public boolean isAccepted() {
            return false;
        }

        /**
         * The cause for the Operation Error: {@code rejection().cause()} with the info TLV
         * {@code rejection().info()} asks for — the offered PE's policy (0x0005), its user
         * transport (0x0007) or nothing.
         *
         * @param offered the PE as it was passed to {@link Handlespace#registerOrUpdate}
         */
        public ErrorCause errorCause(PoolElement offered) {
            return rejection.errorCause(Objects.requireNonNull(offered, "offered"));
        }
    }
}
