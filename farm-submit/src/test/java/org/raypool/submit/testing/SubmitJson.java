package org.raypool.submit.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * farm-submit's {@code --json} summary as the tests read it: the batch's counts and one map per job ("scenes").
 * A small reader of the JSON that {@code Json.write} produces (objects, arrays, strings, numbers, true, false,
 * null); the test class path has no JSON library.
 */
public record SubmitJson(Map<String, Object> root) {

    public static SubmitJson parse(String json) {
        Reader r = new Reader(json);
        Object value = r.value();
        r.space();
        if (r.at < json.length() || !(value instanceof Map)) {
            throw new AssertionError("not farm-submit's JSON summary at character " + r.at + ":\n" + json);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) value;
        return new SubmitJson(root);
    }

    /** A count of the batch: "total", "rendered", "skipped", "failed", "notRendered", "failovers", "exitCode". */
    public long count(String key) {
        Object v = root.get(key);
        if (!(v instanceof Number n)) throw new AssertionError("no number \"" + key + "\" in " + root);
        return n.longValue();
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> scenes() {
        return (List<Map<String, Object>>) root.get("scenes");
    }

    /** The job whose output is named {@code name} (without extension). */
    public Map<String, Object> scene(String name) {
        return scenes().stream().filter(s -> name.equals(s.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + name + " in " + scenes()));
    }

    /** Jobs that took more than one attempt, for whatever reason (a busy worker's "Not Ready" too). */
    public long retried() {
        return scenes().stream().filter(s -> ((Number) s.get("attempts")).longValue() > 1).count();
    }

    /** Jobs that lost their worker during an attempt and were rendered again elsewhere. */
    public long failedOver() {
        return scenes().stream().filter(s -> ((Number) s.get("failovers")).longValue() > 0).count();
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        void space() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
        }

        private AssertionError bad(String what) {
            return new AssertionError("JSON: " + what + " at character " + at + " of:\n" + s);
        }

        private void expect(char c) {
            space();
            if (at >= s.length() || s.charAt(at) != c) throw bad("expected '" + c + "'");
            at++;
        }

        Object value() {
            space();
            if (at >= s.length()) throw bad("unexpected end");
            char c = s.charAt(at);
            if (c == '{') return object();
            if (c == '[') return array();
            if (c == '"') return string();
            for (String word : List.of("true", "false", "null")) {
                if (s.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) at++;
            if (start == at) throw bad("unexpected '" + c + "'");
            String number = s.substring(start, at);
            return number.matches("-?\\d+") ? (Object) Long.valueOf(number) : (Object) Double.valueOf(number);
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            expect('{');
            space();
            if (s.charAt(at) == '}') {
                at++;
                return map;
            }
            do {
                space();
                String key = string();
                expect(':');
                map.put(key, value());
                space();
            } while (s.charAt(at++) == ',');
            if (s.charAt(at - 1) != '}') throw bad("expected '}'");
            return map;
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            expect('[');
            space();
            if (s.charAt(at) == ']') {
                at++;
                return list;
            }
            do {
                list.add(value());
                space();
            } while (s.charAt(at++) == ',');
            if (s.charAt(at - 1) != ']') throw bad("expected ']'");
            return list;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (at >= s.length()) throw bad("unterminated string");
                char c = s.charAt(at++);
                if (c == '"') return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(at++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(e);
                }
            }
        }
    }
}
