package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PoolMemberSelectionPolicy;

/**
 * The words of a {@link PoolMemberSelectionPolicy} as plain fields, so that comparators and value
 * functions read them without a list lookup. Derived once per registration or update (see
 * {@link SelectionState}); a word the policy type does not carry is 0. Not a second policy model:
 * the wire record stays the only source of truth.
 */
record PolicySettings(long weight, long priority, long load, long loadDegradation, long loadDpf,
                      long weightDpf, long distance) {

    static PolicySettings of(PoolMemberSelectionPolicy policy) {
        long weight = 0;
        long priority = 0;
        long load = 0;
        long loadDegradation = 0;
        long loadDpf = 0;
        long weightDpf = 0;
        long distance = 0;
        var layout = policy.type().words();
        var words = policy.words();
        for (int i = 0; i < layout.size(); i++) {
            long v = words.get(i);
            switch (layout.get(i)) {
                case WEIGHT -> weight = v;
                case PRIORITY -> priority = v;
                case LOAD -> load = v;
                case LOAD_DEGRADATION -> loadDegradation = v;
                case LOAD_DPF -> loadDpf = v;
                case WEIGHT_DPF -> weightDpf = v;
                case DISTANCE -> distance = v;
            }
        }
        return new PolicySettings(weight, priority, load, loadDegradation, loadDpf, weightDpf, distance);
    }
}
