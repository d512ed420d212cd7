package org.raypool.registrar.handlespace;

import java.util.List;
import java.util.Optional;

/**
 * A pool element's selection policy as registered: the 32-bit policy type and the policy's
 * 32-bit words (unsigned, held in longs). Words a policy does not use are 0. Scales as in
 * {@code asap-enrp-wire.md} §4.4: load and load degradation are fractions of 0xFFFFFFFF,
 * weight/priority plain integers, the DPFs fractions of 0xFFFFFFFF, distance milliseconds.
 *
 * <p>The policy type may be any 32-bit value so that unknown policies can be refused with
 * cause 0xF003; the words are always within 0..0xFFFFFFFF.
 *
 * @param policyType      policy type code (see {@link PolicyType})
 * @param weight          weight (WRR, WRand, WRand-DPF) or priority (Priority)
 * @param load            load
 * @param loadDegradation load degradation (PLU's "load increment")
 * @param loadDpf         load distance penalty factor
 * @param weightDpf       weight distance penalty factor
 * @param distance        distance in ms (set by the registrar for DPF policies)
 */
public record PolicySettings(int policyType, long weight, long load, long loadDegradation,
                             long loadDpf, long weightDpf, long distance) {

    /** The largest value of every word: 100 % for loads, 1.0 for DPFs. */
    public static final long MAX_VALUE = 0xFFFFFFFFL;

    /** The words a policy parameter can carry after its type. */
    public enum Word { WEIGHT, LOAD, LOAD_DEGRADATION, LOAD_DPF, WEIGHT_DPF, DISTANCE }

    public PolicySettings {
        check("weight", weight);
        check("load", load);
        check("loadDegradation", loadDegradation);
        check("loadDpf", loadDpf);
        check("weightDpf", weightDpf);
        check("distance", distance);
    }

    private static void check(String name, long value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException(name + " out of 32-bit range: " + value);
        }
    }

    /**
     * Settings from the words following the policy type on the wire, in the order
     * {@link PolicyType#words()} lists. Extra words are ignored (parsers skip them); for an
     * unknown type all words are ignored.
     */
    public static PolicySettings of(int policyType, long... words) {
        List<Word> layout = PolicyType.fromCode(policyType).map(PolicyType::words).orElse(List.of());
        if (words.length < layout.size()) {
            throw new IllegalArgumentException("policy 0x" + Integer.toHexString(policyType)
                    + " needs " + layout.size() + " words, got " + words.length);
        }
        long[] v = new long[Word.values().length];
        for (int i = 0; i < layout.size(); i++) {
            v[layout.get(i).ordinal()] = words[i];
        }
        return new PolicySettings(policyType, v[Word.WEIGHT.ordinal()], v[Word.LOAD.ordinal()],
                v[Word.LOAD_DEGRADATION.ordinal()], v[Word.LOAD_DPF.ordinal()],
                v[Word.WEIGHT_DPF.ordinal()], v[Word.DISTANCE.ordinal()]);
    }

    public static PolicySettings of(PolicyType type, long... words) {
        return of(type.code(), words);
    }

    /** The words to send after the policy type, in wire order (empty for unknown types). */
    public long[] words() {
        List<Word> layout = type().map(PolicyType::words).orElse(List.of());
        long[] out = new long[layout.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = word(layout.get(i));
        }
        return out;
    }

    public long word(Word word) {
        return switch (word) {
            case WEIGHT -> weight;
            case LOAD -> load;
            case LOAD_DEGRADATION -> loadDegradation;
            case LOAD_DPF -> loadDpf;
            case WEIGHT_DPF -> weightDpf;
            case DISTANCE -> distance;
        };
    }

    public Optional<PolicyType> type() {
        return PolicyType.fromCode(policyType);
    }

    /** The priority of the Priority policy, which travels in the weight word. */
    public long priority() {
        return weight;
    }

    /** RSPLIB's {@code poolPolicySettingsComparison}: equal values, type not considered. */
    public boolean sameValues(PolicySettings other) {
        return weight == other.weight && load == other.load
                && loadDegradation == other.loadDegradation && loadDpf == other.loadDpf
                && weightDpf == other.weightDpf && distance == other.distance;
    }

    public PolicySettings withLoad(long newLoad) {
        return new PolicySettings(policyType, weight, newLoad, loadDegradation, loadDpf, weightDpf, distance);
    }

    /** The registrar fills in the distance for DPF policies (registrar-behaviour §3.2 step 4). */
    public PolicySettings withDistance(long newDistance) {
        return new PolicySettings(policyType, weight, load, loadDegradation, loadDpf, weightDpf, newDistance);
    }

    /**
     * RSPLIB's conversion of a user-given fraction to a 32-bit word:
     * {@code rint(f × 0xFFFFFFFF)}, half to even (0.5 → 0x80000000).
     */
    public static long fractionToWord(double fraction) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction outside [0, 1]: " + fraction);
        }
        return (long) Math.rint(fraction * MAX_VALUE);
    }

    @Override
    public String toString() {
        String name = type().map(PolicyType::rsplibName).orElse("0x" + Integer.toHexString(policyType));
        return String.format("%s[w=%d l=0x%08x ld=0x%08x ldpf=0x%08x wdpf=0x%08x dist=%d]",
                name, weight, load, loadDegradation, loadDpf, weightDpf, distance);
    }
}
