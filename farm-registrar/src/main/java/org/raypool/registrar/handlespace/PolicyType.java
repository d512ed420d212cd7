package org.raypool.registrar.handlespace;

import static org.raypool.registrar.handlespace.PolicySettings.Word.DISTANCE;
import static org.raypool.registrar.handlespace.PolicySettings.Word.LOAD;
import static org.raypool.registrar.handlespace.PolicySettings.Word.LOAD_DEGRADATION;
import static org.raypool.registrar.handlespace.PolicySettings.Word.LOAD_DPF;
import static org.raypool.registrar.handlespace.PolicySettings.Word.WEIGHT;
import static org.raypool.registrar.handlespace.PolicySettings.Word.WEIGHT_DPF;

import java.util.List;
import java.util.Optional;
import org.raypool.registrar.handlespace.PolicySettings.Word;

/**
 * Every pool member selection policy code of {@code asap-enrp-wire.md} §4.4, with the
 * policy-specific words that follow the type on the wire (in wire order), RSPLIB's
 * {@code -policy=} spelling, and how the registrar selects with it.
 */
public enum PolicyType {
    ROUND_ROBIN(0x00000001, "RoundRobin", Selection.SORTED, List.of()),
    WEIGHTED_ROUND_ROBIN(0x00000002, "WeightedRoundRobin", Selection.SORTED, List.of(WEIGHT)),
    RANDOM(0x00000003, "Random", Selection.RANDOMIZED, List.of()),
    WEIGHTED_RANDOM(0x00000004, "WeightedRandom", Selection.RANDOMIZED, List.of(WEIGHT)),
    /** The priority travels in the weight word. */
    PRIORITY(0x00000005, "Priority", Selection.SORTED, List.of(WEIGHT)),
    LEAST_USED(0x40000001, "LeastUsed", Selection.SORTED, List.of(LOAD)),
    LEAST_USED_DEGRADATION(0x40000002, "LeastUsedDegradation", Selection.SORTED,
            List.of(LOAD, LOAD_DEGRADATION)),
    /** The second word is RSPLIB's "load increment", kept in {@code loadDegradation}. */
    PRIORITY_LEAST_USED(0x40000003, "PriorityLeastUsed", Selection.SORTED,
            List.of(LOAD, LOAD_DEGRADATION)),
    RANDOMIZED_LEAST_USED(0x40000004, "RandomizedLeastUsed", Selection.RANDOMIZED, List.of(LOAD)),
    RANDOMIZED_PRIORITY_LEAST_USED(0xB0001001, "RandomizedPriorityLeastUsed", Selection.RANDOMIZED,
            List.of(LOAD, LOAD_DEGRADATION)),
    RANDOMIZED_LEAST_USED_DEGRADATION(0xB0001002, "RandomizedLeastUsedDegradation",
            Selection.RANDOMIZED, List.of(LOAD, LOAD_DEGRADATION)),
    PRIORITY_LEAST_USED_DEGRADATION(0xB0001003, "PriorityLeastUsedDegradation", Selection.SORTED,
            List.of(LOAD, LOAD_DEGRADATION)),
    RANDOMIZED_PRIORITY_LEAST_USED_DEGRADATION(0xB0001004, "RandomizedPriorityLeastUsedDegradation",
            Selection.RANDOMIZED, List.of(LOAD, LOAD_DEGRADATION)),
    WEIGHTED_RANDOM_DPF(0xB0002001, "WeightedRandomDPF", Selection.RANDOMIZED,
            List.of(WEIGHT, WEIGHT_DPF, DISTANCE)),
    LEAST_USED_DPF(0xB0002002, "LeastUsedDPF", Selection.SORTED, List.of(LOAD, LOAD_DPF, DISTANCE)),
    LEAST_USED_DEGRADATION_DPF(0xB0002003, "LeastUsedDegradationDPF", Selection.SORTED,
            List.of(LOAD, LOAD_DEGRADATION, LOAD_DPF, DISTANCE)),
    /** RSPLIB defines the constant but can neither send nor select with it. */
    PRIORITY_LEAST_USED_DPF(0xB0002004, "PriorityLeastUsedDPF", Selection.NONE, List.of()),
    /** RSPLIB defines the constant but can neither send nor select with it. */
    PRIORITY_LEAST_USED_DEGRADATION_DPF(0xB0002005, "PriorityLeastUsedDegradationDPF",
            Selection.NONE, List.of());

    /** How handle resolution picks PEs under a policy. */
    public enum Selection {
        /** PEs kept sorted by a key; the first n are returned. */
        SORTED,
        /** n distinct PEs drawn at random, each with probability proportional to a value. */
        RANDOMIZED,
        /** No selection procedure exists: registrations with this code are refused (0xF003). */
        NONE
    }

    private final int code;
    private final String rsplibName;
    private final Selection selection;
    private final List<Word> words;

    PolicyType(int code, String rsplibName, Selection selection, List<Word> words) {
        this.code = code;
        this.rsplibName = rsplibName;
        this.selection = selection;
        this.words = words;
    }

    /** The 32-bit policy type as sent on the wire. */
    public int code() {
        return code;
    }

    public String rsplibName() {
        return rsplibName;
    }

    public Selection selection() {
        return selection;
    }

    public boolean isSorted() {
        return selection == Selection.SORTED;
    }

    public boolean isRandomized() {
        return selection == Selection.RANDOMIZED;
    }

    /** Whether a pool can use this policy. */
    public boolean isSupported() {
        return selection != Selection.NONE;
    }

    /** Load-based policies (RSPLIB {@code PPT_IS_ADAPTIVE}): those that carry a load word. */
    public boolean isAdaptive() {
        return words.contains(LOAD);
    }

    /** The policy-specific 32-bit words following the type, in wire order. */
    public List<Word> words() {
        return words;
    }

    /**
     * How many of the selected PEs get the policy's update step when MaxIncrement is 0:
     * 1 for sorted policies and the randomized-least-used family, 0 for Random, WeightedRandom
     * and WeightedRandomDPF (registrar-behaviour §4).
     */
    public int defaultMaxIncrement() {
        return switch (this) {
            case RANDOM, WEIGHTED_RANDOM, WEIGHTED_RANDOM_DPF -> 0;
            default -> isSupported() ? 1 : 0;
        };
    }

    public static Optional<PolicyType> fromCode(int code) {
        for (PolicyType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static Optional<PolicyType> fromRsplibName(String name) {
        for (PolicyType t : values()) {
            if (t.rsplibName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
