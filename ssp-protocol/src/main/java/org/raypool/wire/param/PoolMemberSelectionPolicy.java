package org.raypool.wire.param;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Pool Member Selection Policy parameter (0x0008): the policy type and exactly the 32-bit words its layout
 * defines, each an unsigned value held in a {@code long}. Received parameters longer than the layout are
 * accepted and their extra bytes dropped (docs/protocol/asap-enrp-wire.md §4.4).
 */
public record PoolMemberSelectionPolicy(PolicyType type, List<Long> words) implements Parameter {

    /** The value of a fraction word meaning 100 % (or 1.0 for DPFs). */
    public static final long MAX_FRACTION = 0xFFFF_FFFFL;

    public PoolMemberSelectionPolicy {
        Objects.requireNonNull(type, "type");
        if (!type.isEncodable()) {
            throw new IllegalArgumentException(type + " cannot be put on the wire");
        }
        words = List.copyOf(words);
        if (words.size() != type.words().size()) {
            throw new IllegalArgumentException(type + " has " + type.words().size() + " words " + type.words()
                    + ", not " + words.size());
        }
        for (long w : words) {
            checkWord(w);
        }
    }

    public static PoolMemberSelectionPolicy of(PolicyType type, long... words) {
        return new PoolMemberSelectionPolicy(type, Arrays.stream(words).boxed().toList());
    }

    public static PoolMemberSelectionPolicy roundRobin() {
        return of(PolicyType.ROUND_ROBIN);
    }

    public static PoolMemberSelectionPolicy leastUsed(long load) {
        return of(PolicyType.LEAST_USED, load);
    }

    public static PoolMemberSelectionPolicy leastUsedDegradation(long load, long loadDegradation) {
        return of(PolicyType.LEAST_USED_DEGRADATION, load, loadDegradation);
    }

    /**
     * Parses RSPLIB's {@code -policy=} syntax, e.g. {@code RoundRobin}, {@code WeightedRoundRobin:3},
     * {@code LeastUsedDegradation:0.5}, {@code WeightedRandomDPF:2:0.25}. Weights and priorities are unsigned
     * integers, degradations and DPFs fractions 0..1 turned into words with {@link #fraction(double)}. Words the
     * syntax does not set (load, distance) are 0.
     *
     * @throws IllegalArgumentException with a readable reason for anything else
     */
    public static PoolMemberSelectionPolicy parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split(":", -1);
        PolicyType type = PolicyType.ofRsplibName(parts[0])
                .filter(PolicyType::isEncodable)
                .orElseThrow(() -> new IllegalArgumentException("unknown policy name in \"" + text + "\""));
        List<PolicyType.Word> given = type.userParameters();
        if (parts.length - 1 != given.size()) {
            throw new IllegalArgumentException(type.rsplibName() + " takes " + given.size() + " parameter(s) "
                    + given + " but \"" + text + "\" has " + (parts.length - 1));
        }
        List<Long> values = new ArrayList<>();
        for (PolicyType.Word w : type.words()) {
            int i = given.indexOf(w);
            values.add(i < 0 ? 0L : parseWord(w, parts[i + 1], text));
        }
        return new PoolMemberSelectionPolicy(type, values);
    }

    private static long parseWord(PolicyType.Word w, String s, String text) {
        try {
            if (w.isFraction()) {
                double f = Double.parseDouble(s);
                if (!(f >= 0.0 && f <= 1.0)) {
                    throw new IllegalArgumentException(w + " must be a fraction 0..1 in \"" + text + "\"");
                }
                return fraction(f);
            }
            long v = Long.parseLong(s);
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException(w + " must be an unsigned 32-bit integer in \"" + text + "\"");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + w + " \"" + s + "\" in \"" + text + "\"", e);
        }
    }

    /** RSPLIB's conversion of a fraction 0..1 to a policy word: {@code rint(f * 0xFFFFFFFF)} (half-to-even). */
    public static long fraction(double f) {
        if (!(f >= 0.0 && f <= 1.0)) {
            throw new IllegalArgumentException("fraction out of 0..1: " + f);
        }
        return (long) Math.rint(f * (double) MAX_FRACTION);
    }

    /** The fraction 0..1 a word stands for. */
    public static double toFraction(long word) {
        return checkWord(word) / (double) MAX_FRACTION;
    }

    public boolean has(PolicyType.Word word) {
        return type.words().contains(word);
    }

    /** The value of one word; throws IllegalArgumentException if this policy type has no such word. */
    public long word(PolicyType.Word word) {
        return words.get(indexOf(word));
    }

    /** A copy with one word replaced, e.g. {@code policy.with(Word.LOAD, newLoad)} on re-registration. */
    public PoolMemberSelectionPolicy with(PolicyType.Word word, long value) {
        List<Long> copy = new ArrayList<>(words);
        copy.set(indexOf(word), value);
        return new PoolMemberSelectionPolicy(type, copy);
    }

    private int indexOf(PolicyType.Word word) {
        int i = type.words().indexOf(word);
        if (i < 0) {
            throw new IllegalArgumentException(type + " has no " + word + " word");
        }
        return i;
    }

    private static long checkWord(long w) {
        if (w < 0 || w > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("policy word is unsigned 32-bit: " + w);
        }
        return w;
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.POOL_MEMBER_SELECTION_POLICY;
    }
}
