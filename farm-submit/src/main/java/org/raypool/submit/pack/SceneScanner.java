package org.raypool.submit.pack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.raypool.submit.pack.SdlTokenizer.Kind;
import org.raypool.submit.pack.SdlTokenizer.Token;

/**
 * Finds the file names a scene or include file refers to with a literal string: includes,
 * image maps and height fields, fonts, density files, files opened for reading, and saved
 * radiosity or photon data. Names computed at parse time (macros, string variables,
 * {@code concat}) cannot be followed statically; they are reported as notes instead.
 */
final class SceneScanner {

    /**
     * Result of scanning one file: the references, notes on names that cannot be followed, and
     * the names of files the scene itself writes with {@code #fopen ... write/append}.
     */
    record Findings(List<SceneReference> references, List<String> unfollowed, Set<String> written) {}

    private static final Map<String, String> IMAGE_TYPES = Map.ofEntries(
            Map.entry("png", ".png"), Map.entry("jpeg", ".jpg"), Map.entry("gif", ".gif"), Map.entry("tga", ".tga"),
            Map.entry("tiff", ".tif"), Map.entry("ppm", ".ppm"), Map.entry("pgm", ".pgm"), Map.entry("iff", ".iff"),
            Map.entry("sys", ""), Map.entry("exr", ".exr"), Map.entry("hdr", ".hdr"));
    /** What POV-Ray tries for an image named without type keyword and without extension. */
    private static final List<String> ANY_IMAGE = List.of(".tga", ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".ppm", ".pgm",
            ".iff", ".bmp", ".exr", ".hdr");
    private static final Set<String> IMAGE_BLOCKS = Set.of("image_map", "bump_map", "material_map", "height_field", "image_pattern");
    private static final Set<String> FILE_MODES = Set.of("read", "write", "append");

    private SceneScanner() {}

    static Findings scan(Path file, String text) {
        List<Token> tokens = SdlTokenizer.tokenize(text);
        List<SceneReference> references = new ArrayList<>();
        List<String> unfollowed = new ArrayList<>();
        Set<String> written = new TreeSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            boolean literal = next != null && next.kind() == Kind.STRING;
            if (token.is(Kind.DIRECTIVE, "include")) {
                add(references, unfollowed, file, token, next, literal, ReferenceKind.INCLUDE, ".inc", "#include");
            } else if (token.is(Kind.DIRECTIVE, "fopen")) {
                scanFopen(file, tokens, i, references, unfollowed, written);
            } else if (token.kind() == Kind.WORD && IMAGE_TYPES.containsKey(token.text())) {
                add(references, unfollowed, file, token, next, literal, ReferenceKind.IMAGE, IMAGE_TYPES.get(token.text()), token.text());
            } else if (token.kind() == Kind.WORD && IMAGE_BLOCKS.contains(token.text())
                    && next != null && next.is(Kind.SYMBOL, "{") && i + 2 < tokens.size() && tokens.get(i + 2).kind() == Kind.STRING) {
                Token name = tokens.get(i + 2);
                references.add(new SceneReference(file, name.line(), ReferenceKind.IMAGE, name.text(), ANY_IMAGE));
            } else if (token.is(Kind.WORD, "ttf")) {
                add(references, unfollowed, file, token, next, literal, ReferenceKind.FONT, ".ttf", "ttf");
            } else if (token.is(Kind.WORD, "df3")) {
                add(references, unfollowed, file, token, next, literal, ReferenceKind.DENSITY_FILE, ".df3", "df3");
            } else if (token.is(Kind.WORD, "load_file")) {
                add(references, unfollowed, file, token, next, literal, ReferenceKind.DATA_FILE, "", "load_file");
            }
        }
        return new Findings(List.copyOf(references), List.copyOf(unfollowed), Set.copyOf(written));
    }

    private static void add(List<SceneReference> references, List<String> unfollowed, Path file, Token keyword, Token next,
            boolean literal, ReferenceKind kind, String extension, String what) {
        if (literal) {
            references.add(new SceneReference(file, next.line(), kind, next.text(), extension.isEmpty() ? List.of() : List.of(extension)));
        } else {
            unfollowed.add(file + " line " + keyword.line() + ": " + what + " with a computed file name cannot be followed");
        }
    }

    /** {@code #fopen Id "name" read}: only files opened for reading are inputs of the render. */
    private static void scanFopen(Path file, List<Token> tokens, int at, List<SceneReference> references, List<String> unfollowed,
            Set<String> written) {
        int end = Math.min(tokens.size(), at + 24);
        for (int j = at + 2; j < end; j++) {
            Token token = tokens.get(j);
            if (token.kind() == Kind.DIRECTIVE) {
                return;
            }
            if (token.kind() == Kind.WORD && FILE_MODES.contains(token.text())) {
                Token name = tokens.get(at + 2);
                if (!token.text().equals("read")) {
                    if (name.kind() == Kind.STRING) {
                        written.add(name.text());
                    }
                    return;
                }
                if (j == at + 3 && name.kind() == Kind.STRING) {
                    references.add(new SceneReference(file, name.line(), ReferenceKind.DATA_FILE, name.text(), List.of()));
                } else {
                    unfollowed.add(file + " line " + tokens.get(at).line() + ": #fopen with a computed file name cannot be followed");
                }
                return;
            }
        }
    }
}
