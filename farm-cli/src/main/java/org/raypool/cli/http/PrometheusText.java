package org.raypool.cli.http;

import java.util.Map;

/** The Prometheus text exposition format (version 0.0.4), built one metric family at a time. */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();

    public PrometheusText counter(String name, String help, long value) {
        header(name, help, "counter");
        sample(name, Map.of(), value);
        return this;
    }

    /** One counter family with one sample per label value of {@code label}. */
    public PrometheusText counter(String name, String help, String label, Map<String, Long> values) {
        header(name, help, "counter");
        values.forEach((k, v) -> sample(name, Map.of(label, k), v));
        return this;
    }

    public PrometheusText gauge(String name, String help, double value) {
        header(name, help, "gauge");
        sample(name, Map.of(), value);
        return this;
    }

    public PrometheusText gauge(String name, String help, String label, Map<String, ? extends Number> values) {
        header(name, help, "gauge");
        values.forEach((k, v) -> sample(name, Map.of(label, k), v.doubleValue()));
        return this;
    }

    public PrometheusText histogram(String name, String help, LatencyHistogram.Snapshot h) {
        header(name, help, "histogram");
        for (int i = 0; i < h.bounds().size(); i++) {
            sample(name + "_bucket", Map.of("le", number(h.bounds().get(i))), h.cumulative()[i]);
        }
        sample(name + "_bucket", Map.of("le", "+Inf"), h.count());
        sample(name + "_sum", Map.of(), h.sumSeconds());
        sample(name + "_count", Map.of(), h.count());
        return this;
    }

    private void header(String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            String sep = "";
            for (Map.Entry<String, String> l : labels.entrySet()) {
                out.append(sep).append(l.getKey()).append("=\"").append(l.getValue().replace("\\", "\\\\")
                        .replace("\"", "\\\"").replace("\n", "\\n")).append('"');
                sep = ",";
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
