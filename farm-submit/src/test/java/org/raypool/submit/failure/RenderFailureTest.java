package org.raypool.submit.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raypool.submit.failure.RenderFailure.Side;
import org.raypool.submit.pack.EntrySource;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.PackageEntry;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;
import org.raypool.submit.pack.WorkPackage;

/**
 * The classifier on the logs of real POV-Ray 3.7 runs through the real ssrun (the fixtures next to this class's
 * package in the test resources, made by their make-fixtures.sh), with the work packages those scenes would have.
 */
class RenderFailureTest {

    private static String fixture(String name) {
        try (InputStream in = RenderFailureTest.class.getResourceAsStream(name + ".txt")) {
            if (in == null) throw new IllegalStateException("no fixture " + name + ".txt");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The package of a scene in the user's folder {@code folder}, holding {@code files} (package paths). */
    private static WorkPackage pack(String folder, List<WorkPackage.NotFound> notFound, String... files) {
        RenderJob job = RenderJob.wholeFrame(Path.of(folder, files[0]), new ImageSize(32, 24), RenderOptions.defaults());
        List<PackageEntry> entries = Arrays.stream(files).map(f -> new PackageEntry(f, 100,
                f.equals(files[0]) ? EntrySource.SCENE : EntrySource.REFERENCED)).toList();
        return new WorkPackage(job, entries, List.of(), new byte[0], Path.of(folder), notFound);
    }

    private static WorkPackage pack(String folder, String... files) {
        return pack(folder, List.of(), files);
    }

    private static RenderFailure classify(String fixture, int status, WorkPackage pack) {
        return RenderFailure.classify(status, fixture(fixture), pack);
    }

    @Test
    void aParseErrorIsTheUsersWithHisPathLineAndPovraysMessage() {
        RenderFailure f = classify("parse-error", 1, pack("scenes", "bad.pov"));
        assertEquals(RenderFailure.user("scenes/bad.pov line 9: Parse Error: No matching } in 'sphere', camera found"
                + " instead"), f, "POV-Ray's message unwrapped, its file shown as the user's");
    }

    @Test
    void theScenesPackagePathIsShownAsTheUserNamedTheScene() {
        // a package that does not keep the scene's name: POV-Ray names the package's file, the user reads his own
        RenderJob job = RenderJob.wholeFrame(Path.of("scenes/bad.pov"), new ImageSize(32, 24), RenderOptions.defaults());
        WorkPackage pack = new WorkPackage(job, List.of(new PackageEntry("input.pov", 100, EntrySource.SCENE)),
                List.of(), new byte[0]);
        String log = fixture("parse-error").replace("'bad.pov'", "'input.pov'");
        assertEquals(RenderFailure.user("scenes/bad.pov line 9: Parse Error: No matching } in 'sphere', camera found"
                + " instead"), RenderFailure.classify(1, log, pack));
    }

    @Test
    void anUndeclaredIdentifierIsTheUsers() {
        RenderFailure f = classify("undeclared-identifier", 1, pack("scenes", "bad.pov"));
        assertEquals(RenderFailure.user("scenes/bad.pov line 4: Parse Error: No matching } in 'pigment', undeclared"
                + " identifier 'Yelow' found instead"), f);
    }

    @Test
    void anErrorDirectiveIsTheUsers() {
        RenderFailure f = classify("error-directive", 1, pack("/home/ann/pov", "scene.pov"));
        assertEquals(RenderFailure.user("/home/ann/pov/scene.pov line 3: Parse Error: Parse halted by #error directive:"
                + " Radius must be positive"), f);
    }

    @Test
    void anErrorInAnIncludeFileOfASubfolderNamesThatFile() {
        RenderFailure f = classify("subfolder-include-error", 1, pack("scenes", "scene.pov", "inc/shapes.inc"));
        assertEquals(RenderFailure.user("scenes/inc/shapes.inc line 5: Parse Error: No matching } in 'finish',"
                + " undeclared identifier 'reflektion' found instead"), f);
    }

    @Test
    void anErrorInPovraysOwnIncludeReachedFromTheSceneIsTheUsersToo() {
        RenderFailure f = classify("system-include-error", 1, pack("scenes", "scene.pov"));
        assertEquals(Side.USER, f.side(), f.reason());
        assertEquals("/usr/share/povray-3.7/include/shapes.inc line 470: Parse Error: Expected 'numeric expression',"
                + " string identifier found instead (in POV-Ray's own include file, reached from your scene)", f.reason());
    }

    @Test
    void anIncludePackagingDidNotFindEitherIsTheUsersAndSaysWhereWeLookedAndTheFix() {
        WorkPackage pack = pack("scenes", List.of(new WorkPackage.NotFound("mystuff.inc", "scenes/scene.pov line 2",
                "scenes, /usr/share/povray-3.7/include")), "scene.pov");
        RenderFailure f = classify("missing-include", 1, pack);
        assertEquals(RenderFailure.user("scenes/scene.pov line 2: Parse Error: Cannot open include file mystuff.inc.;"
                + " mystuff.inc was not found when packaging either (looked in scenes, /usr/share/povray-3.7/include):"
                + " add its folder with --include-path DIR"), f);
    }

    @Test
    void anImageFilePackagingDidNotFindIsTheUsers() {
        WorkPackage pack = pack("scenes", List.of(new WorkPackage.NotFound("textures/wood.png", "scenes/scene.pov line 5",
                "scenes")), "scene.pov");
        RenderFailure f = classify("missing-image", 1, pack);
        assertEquals(Side.USER, f.side(), f.reason());
        assertTrue(f.reason().startsWith("scenes/scene.pov line 5: Possible Parse Error: Cannot find image file.;"
                + " textures/wood.png was not found when packaging either"), f.reason());
    }

    @Test
    void aSystemIncludeMissingOnTheWorkerIsTheWorkers() {
        RenderFailure f = classify("missing-system-include", 1, pack("scenes", "scene.pov"));
        assertEquals(RenderFailure.worker("scenes/scene.pov line 1: Parse Error: Cannot open include file colors.inc.;"
                + " colors.inc is not one of your files (packaging found it in POV-Ray's own include folders) and is"
                + " missing on the worker"), f);
    }

    @Test
    void aPackagedFileThatPovrayCannotOpenThereIsTheWorkers() {
        RenderFailure f = classify("missing-include", 1, pack("scenes", "scene.pov", "mystuff.inc"));
        assertEquals(Side.WORKER, f.side(), f.reason());
        assertTrue(f.reason().endsWith("scenes/mystuff.inc was in the work package, but POV-Ray on the worker could"
                + " not open it"), f.reason());
    }

    @Test
    void outOfMemoryIsTheWorkersEvenWhenPovrayLocatesItInTheScene() {
        RenderFailure f = classify("out-of-memory", 1, pack("scenes", "scene.pov"));
        assertEquals(RenderFailure.worker("out of memory on the worker (POV-Ray: scenes/scene.pov line 3: Parse Error:"
                + " std::bad_alloc)"), f);
    }

    @Test
    void povrayKilledOrCrashedIsTheWorkers() {
        assertEquals(RenderFailure.worker("POV-Ray was killed (signal 9, SIGKILL: a memory or time limit, or the"
                + " kernel's out-of-memory killer) on the worker"), classify("killed-sigkill", 137, pack("s", "scene.pov")));
        assertEquals(RenderFailure.worker("POV-Ray crashed (signal 11, SIGSEGV) on the worker"),
                classify("crashed-sigsegv", 139, pack("s", "scene.pov")));
        assertEquals(RenderFailure.worker("POV-Ray aborted (signal 6, SIGABRT) on the worker: terminate called after"
                + " throwing an instance of 'boost::wrapexcept<boost::thread_resource_error>'"),
                classify("crash-abort", 134, pack("s", "scene.pov")));
    }

    @Test
    void rsplibsWorkerSendsStatusOneForEverythingSoTheLogsExitCodeDecides() {
        assertEquals(Side.WORKER, classify("killed-sigkill", 1, pack("s", "scene.pov")).side());
        assertTrue(classify("crashed-sigsegv", 1, pack("s", "scene.pov")).reason().contains("SIGSEGV"));
        assertEquals(Side.USER, classify("parse-error", 1, pack("s", "bad.pov")).side());
        assertEquals(Side.WORKER, classify("ssrun-failed", 1, pack("s", "scene.pov")).side(),
                "ssrun failed before POV-Ray ran, whatever the status says");
    }

    @Test
    void povrayMissingOnTheWorkerIsTheWorkers() {
        assertEquals(RenderFailure.worker("POV-Ray cannot be run on the worker (./ssrun: 87: povray-not-installed:"
                + " not found)"), classify("povray-missing", 127, pack("s", "scene.pov")));
    }

    @Test
    void ssrunsOwnFailureIsTheWorkers() {
        assertEquals(RenderFailure.worker("ssrun failed on the worker: job.conf: unknown setting: bogus=1"),
                classify("ssrun-failed", 125, pack("s", "scene.pov")));
    }

    @Test
    void anOptionPovrayRefusesIsTheUsers() {
        RenderFailure f = classify("bad-ini-option", 1, pack("s", "scene.pov", "anim.ini"));
        assertEquals(RenderFailure.user("POV-Ray refused an option of the INI file or the command line: Problem with"
                + " option setting"), f);
    }

    @Test
    void aRefusalReportOfOurWorkerIsTheWorkers() {
        // the text of farm-worker's RefusalReport, the only output.txt a worker writes itself
        String report = "farm-worker on node1 refused this work package (session 7):\n"
                + "the work package is larger than the upload limit of 268435456 bytes\n"
                + "Nothing of the package was run. Fix the package and submit it again.\n";
        assertEquals(RenderFailure.worker("the worker reported: farm-worker on node1 refused this work package"
                + " (session 7): the work package is larger than the upload limit of 268435456 bytes"),
                RenderFailure.classify(1, report, pack("s", "scene.pov")));
    }

    @Test
    void noLogAtAllIsTheWorkers() {
        assertEquals(RenderFailure.worker("the job was killed (signal 9, SIGKILL: a memory or time limit, or the"
                + " kernel's out-of-memory killer) on the worker and sent back no log"),
                RenderFailure.classify(137, "", pack("s", "scene.pov")));
        assertEquals(RenderFailure.worker("the job failed on the worker with status 1 and sent back no log"),
                RenderFailure.classify(1, "", pack("s", "scene.pov")));
    }

    @Test
    void anExitWithoutALocatedErrorIsTheWorkers() {
        String log = "ssrun: povray +WT1 +Iscene.pov\nPOV-Ray could not write output.png\nRender failed\n"
                + "ssrun: POV-Ray exit code 1\n";
        assertEquals(RenderFailure.worker("POV-Ray exited with code 1 without naming an error in your files (Render"
                + " failed)"), RenderFailure.classify(1, log, pack("s", "scene.pov")));
    }

    @Test
    void wrappedMessagesAreJoinedAndTheBannerIsLeftAlone() {
        PovrayLog log = PovrayLog.parse(fixture("parse-error"));
        assertEquals(1, log.messages().size(), log.messages().toString());
        assertEquals(new PovrayLog.Message(java.util.Optional.of("bad.pov"), 9,
                "Parse Error: No matching } in 'sphere', camera found instead"), log.messages().get(0));
        assertEquals(java.util.OptionalInt.of(1), log.povrayExitCode());
        assertTrue(log.lines().contains("Persistence of Vision(tm) Ray Tracer Version 3.7.0.10.unofficial (g++ @"),
                "a banner line is no message to join onto");
    }
}
