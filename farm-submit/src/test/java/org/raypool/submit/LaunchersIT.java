package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raypool.Version;
import org.raypool.testing.Programs;

/** The launchers in bin/ run the packaged jars: what a user types after one build. */
class LaunchersIT {

    /**
     * A build of farm-submit alone ({@code mvn -pl farm-submit -am}) does not make farm-worker's jar (nor, before
     * farm-registrar became a test dependency, farm-registrar's): those launchers are checked by the full build.
     */
    private static void assumeBuilt(String program) {
        assumeTrue(Files.isRegularFile(Programs.repo().resolve(program).resolve("target").resolve(program + ".jar")),
                program + "/target/" + program + ".jar is not built in this build (mvn -pl farm-submit -am); "
                        + "the full build checks its launcher");
    }

    @ParameterizedTest
    @ValueSource(strings = {"farm-registrar", "farm-worker", "farm-submit"})
    void answersVersion(String program) throws Exception {
        assumeBuilt(program);
        Programs.Result r = Programs.run(program, 60, "--version");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(program + " " + Version.get(), r.stdout().trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"farm-registrar", "farm-worker", "farm-submit"})
    void answersHelp(String program) throws Exception {
        assumeBuilt(program);
        Programs.Result r = Programs.run(program, 60, "--help");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().startsWith("Usage: " + program), r.stdout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"farm-registrar", "farm-worker", "farm-submit"})
    void rejectsAnUnknownOptionWithoutAStackTrace(String program) throws Exception {
        assumeBuilt(program);
        Programs.Result r = Programs.run(program, 60, "--no-such-option");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("Unknown option: '--no-such-option'"), r.stderr());
        assertTrue(!r.stderr().contains("Exception"), r.stderr());
    }
}
