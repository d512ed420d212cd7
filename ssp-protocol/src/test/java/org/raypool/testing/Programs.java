package org.raypool.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the repository's launchers (bin/farm-*) as a user would, for process-level tests. */
public final class Programs {
    private Programs() {}

    /** The repository root: the system property Maven sets, else the nearest folder above with bin/. */
    public static Path repo() {
        String configured = System.getProperty("raypool.repo");
        if (configured != null && Files.isDirectory(Paths.get(configured, "bin"))) {
            return Paths.get(configured).toAbsolutePath();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/raypool-launcher"))) return p;
        }
        throw new IllegalStateException("cannot find the RayPool repository above " + Paths.get("").toAbsolutePath());
    }

    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs bin/{@code program} with {@code args} to completion, or fails after {@code timeoutSeconds}. */
    public static Result run(String program, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repo().resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("raypool-" + program, ".out");
        Path err = Files.createTempFile("raypool-" + program, ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(program + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
