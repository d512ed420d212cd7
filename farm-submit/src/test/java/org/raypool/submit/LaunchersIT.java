package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raypool.Version;
import org.raypool.testing.Programs;

/** The launchers in bin/ run the packaged jars: what a user types after one build. */
class LaunchersIT {

    @ParameterizedTest
    @ValueSource(strings = {"farm-registrar", "farm-worker", "farm-submit"})
    void answersVersion(String program) throws Exception {
        Programs.Result r = Programs.run(program, 60, "--version");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(program + " " + Version.get(), r.stdout().trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"farm-registrar", "farm-worker", "farm-submit"})
    void answersHelp(String program) throws Exception {
        Programs.Result r = Programs.run(program, 60, "--help");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().startsWith("Usage: " + program), r.stdout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"farm-registrar", "farm-worker", "farm-submit"})
    void rejectsAnUnknownOptionWithoutAStackTrace(String program) throws Exception {
        Programs.Result r = Programs.run(program, 60, "--no-such-option");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("Unknown option: '--no-such-option'"), r.stderr());
        assertTrue(!r.stderr().contains("Exception"), r.stderr());
    }
}
