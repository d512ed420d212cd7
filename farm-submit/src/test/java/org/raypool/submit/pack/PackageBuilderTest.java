package org.raypool.submit.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageBuilderTest {

    private static final ImageSize SIZE = new ImageSize(64, 48);
    private static final PackageSettings SETTINGS = PackageSettings.defaults();
    private static final PackageSettings NO_SWEEP = SETTINGS.withSceneFolderAssets(false);

    @TempDir
    Path tmp;

    private static WorkPackage build(PackageSettings settings, Path scene) throws PackageException {
        return new PackageBuilder(settings).build(RenderJob.wholeFrame(scene, SIZE, RenderOptions.defaults()));
    }

    private static Map<String, EntrySource> contents(WorkPackage p) {
        return p.entries().stream().collect(Collectors.toMap(PackageEntry::path, PackageEntry::source));
    }

    // --- determinism ---------------------------------------------------------------------------

    @Test
    void sameInputsGiveTheSameBytes() throws Exception {
        WorkPackage first = build(SETTINGS, Examples.scene("billiards.pov"));
        WorkPackage second = build(SETTINGS, Examples.scene("billiards.pov"));
        assertArrayEquals(first.archive(), second.archive());
        assertEquals(first.sha256(), second.sha256());
    }

    @Test
    void bytesDoNotDependOnWhereTheSceneLivesOrFileTimes() throws Exception {
        Path a = copyScenes(tmp.resolve("a"));
        Path b = copyScenes(tmp.resolve("elsewhere/b"));
        Files.setLastModifiedTime(b.resolve("inc/colors-raypool.inc"), FileTime.fromMillis(1_000_000_000_000L));
        assertArrayEquals(build(SETTINGS, a.resolve("billiards.pov")).archive(), build(SETTINGS, b.resolve("billiards.pov")).archive());
    }

    @Test
    void anyChangedOptionChangesTheBytes() throws Exception {
        Path scene = Examples.scene("quickstart.pov");
        PackageBuilder builder = new PackageBuilder(NO_SWEEP);
        RenderJob base = RenderJob.wholeFrame(scene, SIZE, RenderOptions.defaults());
        List<RenderJob> variants = List.of(
                RenderJob.wholeFrame(scene, new ImageSize(64, 64), RenderOptions.defaults()),
                RenderJob.wholeFrame(scene, SIZE, RenderOptions.defaults().withAntialias(Antialias.off())),
                RenderJob.wholeFrame(scene, SIZE, RenderOptions.defaults().withPovrayOptions(List.of("+Q8"))),
                RenderJob.wholeFrame(scene, SIZE, RenderOptions.defaults()).withBand(new Band(1, 32)));
        String baseHash = builder.build(base).sha256();
        for (RenderJob variant : variants) {
            assertNotEquals(baseHash, builder.build(variant).sha256(), variant.toString());
        }
    }

    @Test
    void archiveHeadersCarryNoTimeOwnerOrHost() throws Exception {
        byte[] archive = build(SETTINGS, Examples.scene("billiards.pov")).archive();
        assertEquals(0x1f, archive[0] & 0xff);
        assertEquals(0x8b, archive[1] & 0xff);
        assertEquals(0, archive[3], "no gzip flags: no file name, comment or extra field");
        assertArrayEquals(new byte[4], new byte[] {archive[4], archive[5], archive[6], archive[7]}, "gzip mtime 0");
        assertEquals(255, archive[9] & 0xff, "gzip OS 'unknown'");
        List<String> names = new java.util.ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
                assertEquals(0, e.getModTime().getTime(), e.getName());
                assertEquals(0, e.getLongUserId(), e.getName());
                assertEquals(0, e.getLongGroupId(), e.getName());
                assertEquals("", e.getUserName(), e.getName());
                assertEquals("", e.getGroupName(), e.getName());
                int expected = e.isDirectory() ? 0755 : e.getName().equals("ssrun") ? 0755 : 0644;
                assertEquals(expected, e.getMode() & 07777, e.getName());
            }
        }
        List<String> dirs = names.stream().filter(n -> n.endsWith("/")).toList();
        List<String> files = names.stream().filter(n -> !n.endsWith("/")).toList();
        assertEquals(dirs.stream().sorted().toList(), dirs);
        assertEquals(files.stream().sorted().toList(), files);
        assertTrue(names.indexOf("inc/") < names.indexOf("inc/colors-raypool.inc"));
    }

    // --- what goes in ----------------------------------------------------------------------------

    @Test
    void followsSubfolderAndNestedIncludes() throws Exception {
        WorkPackage p = build(NO_SWEEP, Examples.scene("billiards.pov"));
        assertEquals(Map.of("billiards.pov", EntrySource.SCENE, "inc/colors-raypool.inc", EntrySource.REFERENCED,
                "inc/finishes-raypool.inc", EntrySource.REFERENCED, "job.conf", EntrySource.GENERATED,
                "ssrun", EntrySource.GENERATED), contents(p));
        Map<String, byte[]> files = Examples.unpack(p.archive());
        assertArrayEquals(Files.readAllBytes(Examples.scene("billiards.pov")), files.get("billiards.pov"));
        assertArrayEquals(Files.readAllBytes(Examples.scene("inc/finishes-raypool.inc")), files.get("inc/finishes-raypool.inc"));
    }

    @Test
    void followsImageMapsHeightFieldsDataFilesAndMeshIncludes() throws Exception {
        assertEquals(EntrySource.REFERENCED, contents(build(NO_SWEEP, Examples.scene("tiled-crates.pov"))).get("maps/raypool-tile.png"));
        assertEquals(EntrySource.REFERENCED, contents(build(NO_SWEEP, Examples.scene("terrain.pov"))).get("maps/terrain-height.png"));
        assertEquals(EntrySource.REFERENCED, contents(build(NO_SWEEP, Examples.scene("skyline.pov"))).get("data/skyline.csv"));
        Map<String, EntrySource> knot = contents(build(NO_SWEEP, Examples.scene("knot.pov")));
        assertEquals(Set.of("knot.pov", "inc/colors-raypool.inc", "inc/finishes-raypool.inc", "inc/knot-mesh.inc", "job.conf", "ssrun"),
                knot.keySet());
    }

    @Test
    void povrayOwnIncludeFilesAreNotPackaged() throws Exception {
        WorkPackage p = build(SETTINGS, Examples.scene("quickstart.pov"));
        assertTrue(p.entries().stream().noneMatch(e -> e.path().endsWith("colors.inc") || e.path().endsWith("textures.inc")));
        assertEquals(Set.of("quickstart.pov", "job.conf", "ssrun"), contents(build(NO_SWEEP, Examples.scene("quickstart.pov"))).keySet());
    }

    @Test
    void standardIncludeNamesCountAsInstalledWhenPovrayIsNotInstalledHere() throws Exception {
        PackageSettings noPovray = NO_SWEEP.withPovrayIncludeDirs(List.of(tmp.resolve("no-povray-here")));
        assertEquals(Set.of("quickstart.pov", "job.conf", "ssrun"), contents(build(noPovray, Examples.scene("quickstart.pov"))).keySet());
    }

    @Test
    void sceneFolderSweepAddsAssetFilesButNotOtherScenesOrRenders() throws Exception {
        Path folder = copyScenes(tmp.resolve("scenes"));
        Files.write(folder.resolve("quickstart.png"), new byte[] {1, 2, 3});
        Files.write(folder.resolve("notes.md"), new byte[] {1});
        Files.write(folder.resolve(".hidden.inc"), new byte[] {1});
        WorkPackage p = build(SETTINGS, folder.resolve("quickstart.pov"));
        Map<String, EntrySource> contents = contents(p);
        assertEquals(EntrySource.SCENE_FOLDER, contents.get("maps/raypool-tile.png"));
        assertEquals(EntrySource.SCENE_FOLDER, contents.get("data/skyline.csv"));
        assertEquals(EntrySource.SCENE_FOLDER, contents.get("inc/knot-mesh.inc"));
        assertFalse(contents.containsKey("billiards.pov"));
        assertFalse(contents.containsKey("quickstart.png"), "a previous local render is not an input");
        assertFalse(contents.containsKey("notes.md"));
        assertFalse(contents.containsKey(".hidden.inc"));
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("quickstart.png")), p.notes().toString());
    }

    @Test
    void excludedFoldersAreNotSwept() throws Exception {
        Path folder = copyScenes(tmp.resolve("scenes"));
        Files.createDirectories(folder.resolve("output"));
        Files.write(folder.resolve("output/quickstart-640-480.png"), new byte[] {1});
        assertTrue(contents(build(SETTINGS, folder.resolve("quickstart.pov"))).containsKey("output/quickstart-640-480.png"));
        PackageSettings excluding = SETTINGS.withExcludedFolders(List.of(folder.resolve("output")));
        assertFalse(contents(build(excluding, folder.resolve("quickstart.pov"))).containsKey("output/quickstart-640-480.png"));
    }

    @Test
    void computedNamesAreReportedAsNotes() throws Exception {
        Path scene = Examples.write(tmp.resolve("s/computed.pov"),
                "#declare Name = \"inc/part\";\n#include concat(Name, \".inc\")\nsphere { 0, 1 }\n");
        WorkPackage p = build(NO_SWEEP, scene);
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("computed.pov line 2") && n.contains("#include")), p.notes().toString());
    }

    @Test
    void includeCyclesAreFollowedOnce() throws Exception {
        Examples.write(tmp.resolve("s/a.inc"), "#ifndef (A) #declare A = 1; #include \"b.inc\" #end\n");
        Examples.write(tmp.resolve("s/b.inc"), "#include \"a.inc\"\n");
        Path scene = Examples.write(tmp.resolve("s/loop.pov"), "#include \"a.inc\"\n#include \"loop.pov\"\n");
        assertEquals(Set.of("a.inc", "b.inc", "loop.pov", "job.conf", "ssrun"), contents(build(NO_SWEEP, scene)).keySet());
    }

    @Test
    void namesWithoutExtensionAndTypelessImageMapsAreFound() throws Exception {
        Examples.write(tmp.resolve("s/inc/shade.inc"), "#declare C = 1;\n");
        Files.createDirectories(tmp.resolve("s/maps"));
        Files.write(tmp.resolve("s/maps/tex.png"), new byte[] {1});
        Files.write(tmp.resolve("s/maps/bump.png"), new byte[] {1});
        Files.write(tmp.resolve("s/maps/photo.jpg"), new byte[] {1});
        Path scene = Examples.write(tmp.resolve("s/x.pov"), "#include \"inc/shade\"\n"
                + "plane { y, 0 pigment { image_map { png \"maps/tex\" } } normal { bump_map { \"maps/bump.png\" } } }\n"
                + "sphere { 0, 1 pigment { image_map { \"maps/photo\" } } }\n");
        assertEquals(Set.of("x.pov", "inc/shade.inc", "maps/tex.png", "maps/bump.png", "maps/photo.jpg", "job.conf", "ssrun"),
                contents(build(NO_SWEEP, scene)).keySet());
    }

    @Test
    void libraryPathOptionInsideTheSceneFolderIsSearchedAndPackaged() throws Exception {
        Examples.write(tmp.resolve("s/lib/palette.inc"), "#declare C = 1;\n");
        Path scene = Examples.write(tmp.resolve("s/x.pov"), "#include \"palette.inc\"\n");
        RenderJob job = RenderJob.wholeFrame(scene, SIZE, RenderOptions.defaults().withPovrayOptions(List.of("+Llib")));
        WorkPackage p = new PackageBuilder(NO_SWEEP).build(job);
        assertEquals(EntrySource.REFERENCED, contents(p).get("lib/palette.inc"));
        assertTrue(new String(Examples.unpack(p.archive()).get("job.conf"), StandardCharsets.UTF_8).contains("option=+Llib\n"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RenderOptions.defaults().withPovrayOptions(List.of("+L../lib")));
        assertTrue(e.getMessage().contains("+L../lib") && e.getMessage().contains("--include-path ../lib"), e.getMessage());
    }

    @Test
    void includePathFoldersArePackagedUnderTheirOwnFolderAndAddedWithL() throws Exception {
        Examples.write(tmp.resolve("common/inc/palette.inc"), "#declare C = 1;\n#include \"more.inc\"\n");
        Examples.write(tmp.resolve("common/more.inc"), "#declare D = 1;\n");
        Path scene = Examples.write(tmp.resolve("s/x.pov"), "#include \"inc/palette.inc\"\n");
        PackageSettings settings = NO_SWEEP.withIncludePaths(List.of(tmp.resolve("common")));
        WorkPackage p = new PackageBuilder(settings).build(RenderJob.wholeFrame(scene, SIZE, RenderOptions.defaults()));
        assertEquals(Set.of("x.pov", "include-path-1/inc/palette.inc", "include-path-1/more.inc", "job.conf", "ssrun"),
                contents(p).keySet());
        assertTrue(new String(Examples.unpack(p.archive()).get("job.conf"), StandardCharsets.UTF_8).contains("library=include-path-1\n"));
    }

    @Test
    void povrayIniInTheSceneFolderIsPackaged() throws Exception {
        Examples.write(tmp.resolve("s/povray.ini"), "Quality=9\n");
        Path scene = Examples.write(tmp.resolve("s/x.pov"), "sphere { 0, 1 }\n");
        assertEquals(EntrySource.REFERENCED, contents(build(NO_SWEEP, scene)).get("povray.ini"));
    }

    @Test
    void jobConfCarriesSizeAntialiasBandAndOptions() throws Exception {
        RenderOptions options = RenderOptions.defaults().withAntialias(Antialias.threshold(0.2)).withPovrayOptions(List.of("+Q9", "+R4"));
        RenderJob job = RenderJob.wholeFrame(Examples.scene("quickstart.pov"), new ImageSize(640, 480), options).withBand(new Band(33, 64));
        String conf = new String(Examples.unpack(new PackageBuilder(NO_SWEEP).build(job).archive()).get("job.conf"), StandardCharsets.UTF_8);
        assertEquals("# RayPool render job, read by ssrun: quickstart.pov\nscene=quickstart.pov\ndefault=+A0.2\n"
                + "option=+Q9\noption=+R4\nwidth=640\nheight=480\nstart_row=33\nend_row=64\n", conf);
        RenderJob whole = RenderJob.wholeFrame(Examples.scene("quickstart.pov"), new ImageSize(640, 480), RenderOptions.defaults()
                .withAntialias(Antialias.off())).withFrame(Frame.of(7, 12));
        String wholeConf = new String(Examples.unpack(new PackageBuilder(NO_SWEEP).build(whole).archive()).get("job.conf"),
                StandardCharsets.UTF_8);
        assertTrue(wholeConf.startsWith("# RayPool render job, read by ssrun: quickstart.pov frame 7\n"), wholeConf);
        assertTrue(wholeConf.contains("default=-A\n") && wholeConf.contains("frame=7\n") && !wholeConf.contains("start_row"), wholeConf);
    }

    // --- what is refused --------------------------------------------------------------------------

    @Test
    void missingIncludeIsAWarningNamingSceneLineAndWhereWeLooked() throws Exception {
        Path scene = Examples.write(tmp.resolve("s/broken.pov"), "#version 3.7;\n#if (0)\n#include \"inc/nowhere.inc\"\n#end\n");
        WorkPackage p = build(NO_SWEEP, scene);
        assertEquals(1, p.notFound().size(), p.notFound().toString());
        WorkPackage.NotFound missing = p.notFound().get(0);
        assertEquals("inc/nowhere.inc", missing.name());
        assertTrue(missing.where().endsWith("broken.pov line 3"), missing.where());
        assertTrue(missing.looked().startsWith("the scene folder"), missing.looked());
        assertEquals(Set.of("broken.pov", "job.conf", "ssrun"), contents(p).keySet());
    }

    @Test
    void missingFileInAnIncludeNamesTheIncludeAndHintsAtPovrayLookupRules() throws Exception {
        Examples.write(tmp.resolve("s/inc/outer.inc"), "\n#include \"inner.inc\"\n");
        Examples.write(tmp.resolve("s/inc/inner.inc"), "#declare X = 1;\n");
        Path scene = Examples.write(tmp.resolve("s/x.pov"), "#include \"inc/outer.inc\"\n");
        WorkPackage.NotFound missing = build(NO_SWEEP, scene).notFound().get(0);
        assertTrue(missing.where().endsWith("outer.inc line 2"), missing.where());
        assertTrue(missing.looked().contains("write \"inc/inner.inc\""), missing.looked());
    }

    @Test
    void missingImageAndDataFilesAreWarningsToo() throws Exception {
        Path image = Examples.write(tmp.resolve("s/img.pov"), "plane { y, 0 pigment { image_map { png \"gone.png\" } } }\n");
        assertEquals("gone.png", build(NO_SWEEP, image).notFound().get(0).name());
        Path data = Examples.write(tmp.resolve("s/data.pov"), "#fopen F \"gone.csv\" read\n");
        assertEquals("gone.csv", build(NO_SWEEP, data).notFound().get(0).name());
        Path written = Examples.write(tmp.resolve("s/write.pov"), "#fopen F \"log.txt\" write\n#fclose F\n");
        assertEquals(Set.of("write.pov", "job.conf", "ssrun"), contents(build(NO_SWEEP, written)).keySet());
        Path roundTrip = Examples.write(tmp.resolve("s/roundtrip.pov"), "#fopen F \"cache.txt\" write\n#fclose F\n#fopen F \"cache.txt\" read\n");
        WorkPackage p = build(NO_SWEEP, roundTrip);
        assertEquals(Set.of("roundtrip.pov", "job.conf", "ssrun"), contents(p).keySet());
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("roundtrip.pov line 3") && n.contains("written by the scene")), p.notes().toString());
    }

    @Test
    void referencesLeadingOutOfTheSceneFolderAreRefused() throws Exception {
        Path scene = Examples.write(tmp.resolve("a/b/s/x.pov"), "#include \"../../etc/passwd\"\n");
        UnsafeReferenceException up = assertThrows(UnsafeReferenceException.class, () -> build(SETTINGS, scene));
        assertTrue(up.getMessage().contains("x.pov line 1") && up.getMessage().contains("leads out of the scene folder"), up.getMessage());
        assertEquals("../../etc/passwd", up.name());

        Path absolute = Examples.write(tmp.resolve("a/b/s/y.pov"), "#fopen F \"/etc/passwd\" read\n");
        UnsafeReferenceException abs = assertThrows(UnsafeReferenceException.class, () -> build(SETTINGS, absolute));
        assertTrue(abs.getMessage().contains("absolute path outside the scene folder"), abs.getMessage());

        Path inside = Examples.write(tmp.resolve("a/b/s/z.pov"), "#include \"" + tmp.resolve("a/b/s/x.pov") + "\"\n");
        UnsafeReferenceException own = assertThrows(UnsafeReferenceException.class, () -> build(SETTINGS, inside));
        assertTrue(own.getMessage().contains("relative to the scene folder: \"x.pov\""), own.getMessage());
    }

    @Test
    void symbolicLinksLeadingOutAreRefusedWhenNamedAndSkippedWhenSwept() throws Exception {
        Path outside = Examples.write(tmp.resolve("secret/passwords.txt"), "hunter2\n");
        Path folder = tmp.resolve("s");
        Files.createDirectories(folder);
        Files.createSymbolicLink(folder.resolve("link.txt"), outside);
        Path named = Examples.write(folder.resolve("named.pov"), "#fopen F \"link.txt\" read\n");
        UnsafeReferenceException e = assertThrows(UnsafeReferenceException.class, () -> build(SETTINGS, named));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());

        Path plain = Examples.write(folder.resolve("plain.pov"), "sphere { 0, 1 }\n");
        WorkPackage p = build(SETTINGS, plain);
        assertFalse(contents(p).containsKey("link.txt"));
        assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("link.txt: symbolic link")), p.notes().toString());
    }

    @Test
    void reservedNamesAreRefused() throws Exception {
        Examples.write(tmp.resolve("s/job.conf"), "x\n");
        Path scene = Examples.write(tmp.resolve("s/x.pov"), "#fopen F \"job.conf\" read\n");
        assertTrue(assertThrows(UnsafeReferenceException.class, () -> build(NO_SWEEP, scene)).getMessage().contains("reserves"));
    }

    @Test
    void oversizedPackageNamesBiggestFilesAndTheFix() throws Exception {
        Path folder = tmp.resolve("s");
        byte[] noise = new byte[1_500_000];
        new Random(1).nextBytes(noise);
        Files.createDirectories(folder.resolve("maps"));
        Files.write(folder.resolve("maps/huge.png"), noise);
        Files.write(folder.resolve("maps/small.png"), new byte[1000]);
        Path scene = Examples.write(folder.resolve("x.pov"), "plane { y, 0 pigment { image_map { png \"maps/small.png\" } } }\n");
        PackageSettings limited = SETTINGS.withMaxPackageBytes(1024 * 1024);
        PackageTooLargeException e = assertThrows(PackageTooLargeException.class, () -> build(limited, scene));
        assertEquals("maps/huge.png", e.biggest().get(0).path());
        assertEquals(EntrySource.SCENE_FOLDER, e.biggest().get(0).source());
        assertTrue(e.totalBytes() > e.limitBytes());
        String m = e.getMessage();
        assertTrue(m.contains("x.pov") && m.contains("1.4 MiB") && m.contains("limit of 1.0 MiB"), m);
        assertTrue(m.contains("maps/huge.png (found in the scene folder)"), m);
        assertTrue(m.contains("folder of its own") && m.contains("raise the package size limit"), m);
        assertEquals(Set.of("x.pov", "maps/small.png", "job.conf", "ssrun"),
                contents(build(limited.withSceneFolderAssets(false), scene)).keySet());
    }

    @Test
    void missingSceneIsAnError() {
        PackageException e = assertThrows(PackageException.class, () -> build(SETTINGS, tmp.resolve("nope.pov")));
        assertTrue(e.getMessage().contains("nope.pov"), e.getMessage());
    }

    private static Path copyScenes(Path target) throws IOException {
        Path source = Examples.scenes();
        try (var files = Files.walk(source)) {
            for (Path file : files.sorted().toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }
}
