package org.raypool.submit.pack;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits POV-Ray scene language into the few token kinds the dependency scanner needs:
 * directives ({@code #include}), words, string literals and everything else as single
 * characters. Comments ({@code //} and nested {@code /* *}{@code /}) are dropped.
 */
final class SdlTokenizer {

    enum Kind { DIRECTIVE, WORD, STRING, NUMBER, SYMBOL }

    /** A token; for strings the text is the decoded value, for directives the name without '#'. */
    record Token(Kind kind, String text, int line) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }
    }

    private final String source;
    private int pos;
    private int line = 1;

    private SdlTokenizer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String source) {
        return new SdlTokenizer(source).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= source.length()) {
                return tokens;
            }
            char c = source.charAt(pos);
            int startLine = line;
            if (c == '"') {
                tokens.add(new Token(Kind.STRING, readString(), startLine));
            } else if (c == '#') {
                pos++;
                skipBlanks();
                String name = readWord();
                tokens.add(name.isEmpty() ? new Token(Kind.SYMBOL, "#", startLine) : new Token(Kind.DIRECTIVE, name, startLine));
            } else if (isWordStart(c)) {
                tokens.add(new Token(Kind.WORD, readWord(), startLine));
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < source.length() && Character.isDigit(source.charAt(pos + 1)))) {
                tokens.add(new Token(Kind.NUMBER, readNumber(), startLine));
            } else {
                pos++;
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), startLine));
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (source.startsWith("//", pos)) {
                while (pos < source.length() && source.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (source.startsWith("/*", pos)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipBlockComment() {
        int depth = 0;
        while (pos < source.length()) {
            if (source.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (source.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                if (source.charAt(pos) == '\n') {
                    line++;
                }
                pos++;
            }
        }
    }

    private void skipBlanks() {
        while (pos < source.length() && (source.charAt(pos) == ' ' || source.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private String readString() {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < source.length()) {
            char c = source.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && pos < source.length()) {
                char escaped = source.charAt(pos++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    default -> value.append(escaped);
                }
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private String readWord() {
        int start = pos;
        while (pos < source.length() && (isWordStart(source.charAt(pos)) || Character.isDigit(source.charAt(pos)))) {
            pos++;
        }
        return source.substring(start, pos);
    }

    private String readNumber() {
        int start = pos;
        while (pos < source.length() && (Character.isDigit(source.charAt(pos)) || source.charAt(pos) == '.')) {
            pos++;
        }
        return source.substring(start, pos);
    }

    private static boolean isWordStart(char c) {
        return c == '_' || (c < 128 && Character.isLetter(c));
    }
}
