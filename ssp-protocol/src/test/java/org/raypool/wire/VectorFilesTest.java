package org.raypool.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.csp.CspCodec;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.param.Parameters;
import org.raypool.wire.ssp.SspCodec;
import org.raypool.wire.ssp.SspVectors;

/**
 * The files of docs/protocol/vectors: each parses, every vector in them decodes with its protocol's codec, and the
 * loader refuses what the format (docs/protocol/vectors/README.md) does not allow, naming the file.
 */
class VectorFilesTest {

    @Test
    void everyFileIsOnTheClassPathWithVectors() {
        for (String file : VectorFile.ALL) {
            assertFalse(VectorFile.of(file).names().isEmpty(), file);
        }
    }

    @Test
    void everyAsapEnrpVectorIsASpecVectorsConstantAndDecodes() throws Exception {
        VectorFile file = VectorFile.of(VectorFile.ASAP_ENRP);
        Set<String> constants = new HashSet<>();
        for (Field f : SpecVectors.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                constants.add(f.getName());
                assertEquals(file.hex(f.getName()), f.get(null), f.getName());
            }
        }
        assertEquals(Set.copyOf(file.names()), constants, "vectors in the file vs. constants in SpecVectors");
        for (String name : file.names()) {
            byte[] bytes = file.bytes(name);
            if (name.startsWith("PARAM_")) {
                assertEquals(Hex.format(bytes), Hex.format(Parameters.encode(Parameters.decode(bytes))), name);
            } else if (name.startsWith("ASAP_")) {
                wholeMessage(AsapCodec.INSTANCE, bytes, name);
            } else if (name.startsWith("ENRP_")) {
                wholeMessage(EnrpCodec.INSTANCE, bytes, name);
            } else {
                throw new AssertionError(name + ": a name in asap-enrp.txt starts with PARAM_, ASAP_ or ENRP_");
            }
        }
    }

    @Test
    void everyCspVectorDecodes() throws Exception {
        VectorFile file = VectorFile.of(VectorFile.CSP);
        for (String name : file.names()) {
            byte[] bytes = file.bytes(name);
            assertEquals(Hex.format(bytes), Hex.format(CspCodec.INSTANCE.encode(CspCodec.INSTANCE.decode(bytes))),
                    name);
        }
    }

    @Test
    void everySspVectorIsUsedAndDecodes() throws Exception {
        VectorFile file = VectorFile.of(VectorFile.SSP);
        List<String> used = new ArrayList<>(SspVectors.SINGLE.stream().map(SspVectors.Vector::name).toList());
        used.add("SSP_8_13_COMPLETE_JOB_HEADERS");
        Stream.of("IDLE", "ONE_SESSION", "TWO_SESSIONS").map(s -> "SSP_8_15_LUD_" + s).forEach(used::add);
        assertEquals(file.names(), used, "vectors in ssp.txt vs. those SspVectors loads");
        for (SspVectors.Vector v : SspVectors.SINGLE) {
            wholeMessage(SspCodec.INSTANCE, v.bytes(), v.name());
        }
        for (byte[] policy : SspVectors.LUD_TWO_THREADS) {
            assertEquals(Hex.format(policy), Hex.format(Parameters.encode(Parameters.decode(policy))));
        }
        assertEquals(12, SspVectors.COMPLETE_JOB_HEADERS.size());
    }

    private static <M> void wholeMessage(MessageCodec<M> codec, byte[] bytes, String name) throws ProtocolException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        M message = codec.decode(buffer);
        assertEquals(bytes.length, buffer.position(), name + ": decode consumes the whole vector");
        assertEquals(Hex.format(bytes), Hex.format(codec.encode(message)), name + ": encodes back to the vector");
    }

    // ------------------------------------------------------------ the loader

    @Test
    void parsesCommentsNamesAndHexLines() {
        VectorFile f = VectorFile.parse("t.txt", """
                # a comment
                == ONE
                0102 0304
                  # a comment inside a vector
                05

                == TWO
                AbCd
                """);
        assertEquals(List.of("ONE", "TWO"), f.names());
        assertEquals("0102030405", Hex.compact(f.bytes("ONE")));
        assertEquals("abcd", Hex.compact(f.bytes("TWO")));
    }

    @Test
    void aMissingNameFailsNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorFile.of(VectorFile.ASAP_ENRP).hex("ASAP_9_2_2_REGISTRATON"));
        assertTrue(e.getMessage().contains("ASAP_9_2_2_REGISTRATON"), e.getMessage());
        assertTrue(e.getMessage().contains("docs/protocol/vectors/asap-enrp.txt"), e.getMessage());
    }

    @Test
    void aMissingFileFailsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VectorFile.of("nope.txt"));
        assertTrue(e.getMessage().contains("docs/protocol/vectors/nope.txt"), e.getMessage());
    }

    @Test
    void refusesWhatTheFormatDoesNotAllow() {
        assertRefused("== A\n0102\n== A\n03\n", "t.txt:3", "appears twice");
        assertRefused("0102\n", "t.txt:1", "before the first");
        assertRefused("== A\n01 0g\n", "t.txt:2", "not hex");
        assertRefused("== A\n012\n", "t.txt", "3 hex digits");
        assertRefused("== A\n== B\n01\n", "t.txt", "vector A has 0 hex digits");
        assertRefused("== A B\n01\n", "t.txt:1", "bad vector name");
    }

    private static void assertRefused(String text, String where, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorFile.parse("t.txt", text));
        assertTrue(e.getMessage().startsWith(where), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void namesAreUniqueAcrossTheFilesToo() {
        List<String> all = VectorFile.ALL.stream().flatMap(f -> VectorFile.of(f).names().stream()).toList();
        Set<String> repeated = all.stream().filter(n -> all.indexOf(n) != all.lastIndexOf(n))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), repeated);
    }
}
