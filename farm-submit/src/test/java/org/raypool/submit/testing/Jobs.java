package org.raypool.submit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Job runners for {@link ScriptedWorker}: the real ssrun with POV-Ray, or canned results. */
public final class Jobs {
    private Jobs() {}

    /**
     * What a worker does (docs/protocol/scripting-service.md §5.3): unpack input.data with tar, run
     * {@code ./ssrun output.data "" "" ""}.
     */
    public static ScriptedWorker.JobRunner ssrun() {
        return ssrun(Map.of());
    }

    /** {@link #ssrun()} with ssrun's environment changed, e.g. {@code RAYPOOL_POVRAY} naming a missing program. */
    public static ScriptedWorker.JobRunner ssrun(Map<String, String> environment) {
        return (input, dir) -> {
            Files.write(dir.resolve("input.data"), input);
            if (run(dir, Map.of(), "tar", "xzf", "input.data") != 0) return new ScriptedWorker.JobResult(1, new byte[0]);
            int status = run(dir, environment, "./ssrun", "output.data", "", "", "");
            Path results = dir.resolve("output.data");
            if (!Files.exists(results)) throw new IOException("ssrun wrote no output.data");
            return new ScriptedWorker.JobResult(status, Files.readAllBytes(results));
        };
    }

    /** Canned results after {@code millis}. */
    public static ScriptedWorker.JobRunner canned(int status, byte[] results, long millis) {
        return (input, dir) -> {
            Thread.sleep(millis);
            return new ScriptedWorker.JobResult(status, results);
        };
    }

    private static int run(Path dir, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.txt").toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) throw new IOException(String.join(" ", command) + " took too long");
            return p.exitValue();
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw e;
        }
    }

    /** A tar.gz with the given files, as ssrun packs its results. */
    public static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** ssrun-like results: a PNG (if given) and a log. */
    public static byte[] results(byte[] png, String log) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (png != null) files.put("output.png", png);
        files.put("output.txt", log.getBytes(StandardCharsets.UTF_8));
        return tarGz(files);
    }
}
