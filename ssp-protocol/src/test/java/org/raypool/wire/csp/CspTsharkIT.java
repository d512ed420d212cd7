package org.raypool.wire.csp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.raypool.testing.pcap.PcapWriter;

/**
 * "Wireshark as judge" for CSP: our encoder's reports (the vectors of docs/protocol/csp.md §9 and a few built to stress
 * the layout: UTF-8 text cut at 127 bytes, many associations, a TCP association) go into a pcap as UDP to port 2960,
 * and the installed tshark must decode every one as a Component Status Report with the fields we meant, no malformed
 * packet and no expert warning. A truncated report must come out malformed, so the judge is seen to judge.
 */
class CspTsharkIT {
    private static final String P = "componentstatusprotocol.";
    private static final InetSocketAddress COMPONENT = new InetSocketAddress("10.0.0.20", 40001);
    private static final InetSocketAddress MONITOR = new InetSocketAddress("10.0.0.1", CspCodec.DEFAULT_PORT);

    private static Path tshark() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "tshark");
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    static List<ComponentStatusReport> ours() {
        List<ComponentStatusReport> reports = new ArrayList<>(CspVectorTest.REPORTS);
        List<ComponentAssociation> many = IntStream.range(0, 40).mapToObj(i -> ComponentAssociation.of(
                ComponentId.poolElement(0x1000 + i), i % 2 == 0 ? -1 : 1_000_000L * i, ComponentAssociation.TCP,
                ComponentAssociation.PPID_SCRIPTING)).toList();
        reports.add(new ComponentStatusReport(false, ComponentId.poolUser(0x00ABCDEF0123456L), 42, 500_000,
                "gepäck: 10.1.2.3", "Grüße ".repeat(30), Workload.NONE, many));
        reports.add(new ComponentStatusReport(false, ComponentId.registrar(0xCAFE0001), 7, 250_000, "pr", "0[0] PEs "
                + "in 0 Pools, 0 Peers", Workload.of(0.9), List.of()));
        return reports;
    }

    @Test
    void tsharkDecodesEveryReportWithoutComplaint() throws Exception {
        Path tshark = tshark();
        assumeTrue(tshark != null, "tshark is not on PATH; install Wireshark's tshark (>= 4.0) to run the judge");
        Path dir = Files.createDirectories(Path.of("target", "tshark"));
        Path pcap = dir.resolve("csp.pcap");
        List<ComponentStatusReport> reports = ours();
        try (PcapWriter writer = PcapWriter.create(pcap)) {
            for (ComponentStatusReport r : reports) {
                writer.udp(COMPONENT, MONITOR, CspCodec.INSTANCE.encode(r));
            }
            writer.udp(COMPONENT, MONITOR, Arrays.copyOf(CspCodec.INSTANCE.encode(reports.get(0)), 100));
        }
        List<String[]> rows = fields(tshark, pcap, dir, "_ws.malformed", "_ws.expert.severity",
                P + "message_type", P + "message_final_bit", P + "message_length", P + "message_sender_id",
                P + "componentstatusreport_reportinterval", P + "componentstatusreport_location",
                P + "componentstatusreport_status", P + "componentstatusreport_workload",
                P + "componentstatusreport_associations", P + "componentassociation_receiver_id",
                P + "componentassociation_ppid");
        assertEquals(reports.size() + 1, rows.size(), "one line per frame");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            ComponentStatusReport r = reports.get(i);
            String[] f = rows.get(i);
            String frame = "frame " + (i + 1) + " (" + r.sender() + "): ";
            if (!f[0].isEmpty()) problems.add(frame + "malformed");
            if (!f[1].isEmpty()) problems.add(frame + "expert info " + f[1]);
            expect(problems, frame + "type", "1", f[2]);
            expect(problems, frame + "final bit", r.finalReport() ? "1" : "0", f[3].replace("True", "1")
                    .replace("False", "0"));
            expect(problems, frame + "length", String.valueOf(r.encodedLength()), f[4]);
            expect(problems, frame + "sender", String.format("0x%016x", r.sender().value()), f[5]);
            expect(problems, frame + "location", r.location(), f[7]);
            String status = new String(ComponentStatusReport.clip(r.status()), StandardCharsets.UTF_8);
            expect(problems, frame + "status", status, f[8]);
            expect(problems, frame + "associations", String.valueOf(r.associations().size()), f[10]);
            expect(problems, frame + "receivers", String.join(",", r.associations().stream()
                    .map(a -> String.format("0x%016x", a.receiver().value())).toList()), f[11]);
            expect(problems, frame + "PPIDs", String.join(",", r.associations().stream()
                    .map(a -> String.valueOf(a.ppid())).toList()), f[12]);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(!rows.get(reports.size())[0].isEmpty(), "a 100-byte report must be malformed");
        System.out.printf("tshark decoded %d CSP reports with no malformed packet (%s)%n", reports.size(), pcap);
    }

    private static void expect(List<String> problems, String what, String expected, String actual) {
        if (!expected.equals(actual)) problems.add(what + ": expected '" + expected + "' but tshark shows '" + actual
                + "'");
    }

    private static List<String[]> fields(Path tshark, Path pcap, Path dir, String... names) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> command = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", pcap.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-T", "fields",
                "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String name : names) {
            command.add("-e");
            command.add(name);
        }
        Path out = dir.resolve("csp.fields");
        Path err = dir.resolve("csp.fields.stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CONFIG_HOME", home.toString());
        builder.environment().remove("WIRESHARK_CONFIG_DIR");
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "tshark did not finish within 120 s");
        assertEquals(0, process.exitValue(), "tshark failed: " + Files.readString(err));
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            rows.add(Arrays.copyOf(line.split("\t", -1), names.length));
        }
        return rows;
    }
}
