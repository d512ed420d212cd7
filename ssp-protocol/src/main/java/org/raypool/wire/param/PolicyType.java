package org.raypool.wire.param;

import java.util.List;
import java.util.Optional;

import static org.raypool.wire.param.PolicyType.Word.DISTANCE;
import static org.raypool.wire.param.PolicyType.Word.LOAD;
import static org.raypool.wire.param.PolicyType.Word.LOAD_DEGRADATION;
import static org.raypool.wire.param.PolicyType.Word.LOAD_DPF;
import static org.raypool.wire.param.PolicyType.Word.WEIGHT;
import static org.raypool.wire.param.PolicyType.Word.WEIGHT_DPF;

/**
 * Pool member selection policy types (docs/protocol/asap-enrp-wire.md §4.4): RFC 5356 codes and RSPLIB's 0xB000xxxx
 * extensions, with the RSPLIB {@code -policy=} name, the parameter length and the meaning of every 32-bit word after
 * the type. Code 0 ("undefined") is not a policy and has no constant.
 */
public enum PolicyType {
    ROUND_ROBIN(0x00000001L, "RoundRobin", List.of(), List.of()),
    WEIGHTED_ROUND_ROBIN(0x00000002L, "WeightedRoundRobin", List.of(WEIGHT), List.of(WEIGHT)),
    RANDOM(0x00000003L, "Random", List.of(), List.of()),
    WEIGHTED_RANDOM(0x00000004L, "WeightedRandom", List.of(WEIGHT), List.of(WEIGHT)),
    PRIORITY(0x00000005L, "Priority", List.of(Word.PRIORITY), List.of(Word.PRIORITY)),
    LEAST_USED(0x40000001L, "LeastUsed", List.of(LOAD), List.of()),
    LEAST_USED_DEGRADATION(0x40000002L, "LeastUsedDegradation", List.of(LOAD, LOAD_DEGRADATION),
            List.of(LOAD_DEGRADATION)),
    PRIORITY_LEAST_USED(0x40000003L, "PriorityLeastUsed", List.of(LOAD, LOAD_DEGRADATION),
            List.of(LOAD_DEGRADATION)),
    RANDOMIZED_LEAST_USED(0x40000004L, "RandomizedLeastUsed", List.of(LOAD), List.of()),
    RANDOMIZED_PRIORITY_LEAST_USED(0xB0001001L, "RandomizedPriorityLeastUsed", List.of(LOAD, LOAD_DEGRADATION),
            List.of()),
    RANDOMIZED_LEAST_USED_DEGRADATION(0xB0001002L, "RandomizedLeastUsedDegradation",
            List.of(LOAD, LOAD_DEGRADATION), List.of()),
    PRIORITY_LEAST_USED_DEGRADATION(0xB0001003L, "PriorityLeastUsedDegradation", List.of(LOAD, LOAD_DEGRADATION),
            List.of(LOAD_DEGRADATION)),
    RANDOMIZED_PRIORITY_LEAST_USED_DEGRADATION(0xB0001004L, "RandomizedPriorityLeastUsedDegradation",
            List.of(LOAD, LOAD_DEGRADATION), List.of()),
    WEIGHTED_RANDOM_DPF(0xB0002001L, "WeightedRandomDPF", List.of(WEIGHT, WEIGHT_DPF, DISTANCE),
            List.of(WEIGHT, WEIGHT_DPF)),
    LEAST_USED_DPF(0xB0002002L, "LeastUsedDPF", List.of(LOAD, LOAD_DPF, DISTANCE), List.of(LOAD_DPF)),
    LEAST_USED_DEGRADATION_DPF(0xB0002003L, "LeastUsedDegradationDPF",
            List.of(LOAD, LOAD_DEGRADATION, LOAD_DPF, DISTANCE), List.of(LOAD_DEGRADATION, LOAD_DPF)),
    /** RSPLIB defines the constant but cannot encode or parse it, so neither can we. */
    PRIORITY_LEAST_USED_DPF(0xB0002004L, "PriorityLeastUsedDPF", null, null),
    /** RSPLIB defines the constant but cannot encode or parse it, so neither can we. */
    PRIORITY_LEAST_USED_DEGRADATION_DPF(0xB0002005L, "PriorityLeastUsedDegradationDPF", null, null);

    /** Meaning of one 32-bit policy word (docs/protocol/asap-enrp-wire.md §4.4 "Value scales"). */
    public enum Word {
        /** Fraction of 100 %, 0xFFFFFFFF = 100 %. */
        LOAD(true),
        /** Fraction of 100 %, 0xFFFFFFFF = 100 % (RSPLIB's PLU calls it load increment). */
        LOAD_DEGRADATION(true),
        /** Plain unsigned integer. */
        WEIGHT(false),
        /** Plain unsigned integer. */
        PRIORITY(false),
        /** Distance penalty factor, fraction of 1.0 scaled by 0xFFFFFFFF. */
        LOAD_DPF(true),
        /** Distance penalty factor, fraction of 1.0 scaled by 0xFFFFFFFF. */
        WEIGHT_DPF(true),
        /** Milliseconds; filled in by the registrar, clients send 0. */
        DISTANCE(false);

        private final boolean fraction;

        Word(boolean fraction) {
            this.fraction = fraction;
        }

        /** Whether the word is a fraction scaled by 0xFFFFFFFF (as opposed to a plain integer). */
        public boolean isFraction() {
            return fraction;
        }
    }

    private final long code;
    private final String rsplibName;
    private final List<Word> words;
    private final List<Word> userParameters;

    PolicyType(long code, String rsplibName, List<Word> words, List<Word> userParameters) {
        this.code = code;
        this.rsplibName = rsplibName;
        this.words = words;
        this.userParameters = userParameters;
    }

    /** The unsigned 32-bit policy type as sent. */
    public long code() {
        return code;
    }

    /** The name RSPLIB's {@code -policy=} option uses. */
    public String rsplibName() {
        return rsplibName;
    }

    /** False for the two types RSPLIB names but cannot put on the wire. */
    public boolean isEncodable() {
        return words != null;
    }

    /** Meaning of the words following the type, in wire order. */
    public List<Word> words() {
        if (words == null) {
            throw new UnsupportedOperationException(this + " has no defined wire layout");
        }
        return words;
    }

    /** Policy parameter length (TLV Length including its 4-byte header and the policy type). */
    public int parameterLength() {
        return 8 + 4 * words().size();
    }

    /** The words an RSPLIB user gives after the name, colon-separated, e.g. {@code LeastUsedDegradation:0.5}. */
    public List<Word> userParameters() {
        if (userParameters == null) {
            throw new UnsupportedOperationException(this + " has no defined wire layout");
        }
        return userParameters;
    }

    /** Whether the policy is adaptive (load based); RFC 5356 puts those at 0x40000001 and above. */
    public boolean isAdaptive() {
        return words != null && words.contains(LOAD);
    }

    public static Optional<PolicyType> ofCode(long code) {
        for (PolicyType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static Optional<PolicyType> ofRsplibName(String name) {
        for (PolicyType t : values()) {
            if (t.rsplibName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
