package org.raypool.registrar.handlespace;

import java.util.Objects;

/** Outcome of {@link Handlespace#registerOrUpdate}. */
public sealed interface RegistrationResult<T> {

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
    record Accepted<T>(PoolElementEntry<T> entry, boolean created, boolean policyUpdated,
                       int previousHome) implements RegistrationResult<T> {
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
    record Rejected<T>(Rejection rejection) implements RegistrationResult<T> {
        public Rejected {
            Objects.requireNonNull(rejection);
        }

        @Override
        public boolean isAccepted() {
            return false;
        }
    }
}
