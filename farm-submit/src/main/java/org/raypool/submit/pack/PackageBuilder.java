package org.raypool.submit.pack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link RenderJob} into a {@link WorkPackage}: the scene as {@code input.pov}, every
 * file it needs with its path relative to the scene folder, {@code job.conf} and the
 * {@code ssrun} script, as a deterministic tar.gz (same inputs, same bytes).
 *
 * <p>What goes in: files the scene and its include files name with literal strings
 * ({@code #include}, image maps, height fields, fonts, {@code df3}, {@code #fopen ... read},
 * {@code load_file}), followed recursively through include files; {@code povray.ini} in the
 * scene folder (POV-Ray reads it from the current folder); and, unless turned off, the asset
 * files of the scene folder tree ({@link SceneFolderAssets}). What stays out: files found in
 * POV-Ray's own include folders (workers have them). What is refused: names leading out of
 * the scene folder, names that exist nowhere, and packages over the size limit.
 */
public final class PackageBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(PackageBuilder.class);
    private static final int BIGGEST_SHOWN = 5;

    private final PackageSettings settings;

    public PackageBuilder(PackageSettings settings) {
        this.settings = settings;
    }

    public PackageBuilder() {
        this(PackageSettings.defaults());
    }

    public PackageSettings settings() {
        return settings;
    }

    public WorkPackage build(RenderJob job) throws PackageException {
        Path scene = job.scene().toAbsolutePath().normalize();
        if (!Files.isRegularFile(scene)) {
            throw new PackageException("scene " + job.scene() + " not found (or not a file)");
        }
        Path sceneFolder = scene.getParent();
        Path shownFolder = job.scene().getParent() == null ? Path.of(".") : job.scene().getParent();
        DependencyResolver resolver = new DependencyResolver(sceneFolder, shownFolder, job.options().libraryPaths(),
                settings.povrayIncludeDirs());

        Map<String, Path> referenced = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        followReferences(job.scene(), scene, shownFolder, resolver, referenced, notes);
        Path povrayIni = sceneFolder.resolve("povray.ini");
        if (Files.isRegularFile(povrayIni)) {
            referenced.putIfAbsent("povray.ini", povrayIni);
            notes.add("povray.ini in the scene folder is packaged: POV-Ray on the worker reads it instead of its own");
        }

        Map<String, Path> swept = new TreeMap<>();
        if (settings.sceneFolderAssets()) {
            try {
                SceneFolderAssets.Sweep sweep = SceneFolderAssets.collect(sceneFolder, settings.excludedFolders());
                sweep.files().forEach((path, file) -> {
                    if (!referenced.containsKey(path)) {
                        swept.put(path, file);
                    }
                });
                notes.addAll(sweep.skipped());
            } catch (IOException e) {
                throw new PackageException("cannot list the scene folder " + shownFolder + ": " + e.getMessage(), e);
            }
        }

        byte[] jobConf = JobConfig.text(job).getBytes(StandardCharsets.UTF_8);
        byte[] ssrun = SsrunTemplate.bytes();
        List<PackageEntry> entries = new ArrayList<>();
        entries.add(new PackageEntry(JobConfig.SCENE_FILE, size(scene, job.scene()), EntrySource.SCENE));
        for (Map.Entry<String, Path> e : referenced.entrySet()) {
            entries.add(new PackageEntry(e.getKey(), size(e.getValue(), shownFolder.resolve(e.getKey())), EntrySource.REFERENCED));
        }
        for (Map.Entry<String, Path> e : swept.entrySet()) {
            entries.add(new PackageEntry(e.getKey(), size(e.getValue(), shownFolder.resolve(e.getKey())), EntrySource.SCENE_FOLDER));
        }
        entries.add(new PackageEntry(JobConfig.FILE_NAME, jobConf.length, EntrySource.GENERATED));
        entries.add(new PackageEntry(SsrunTemplate.FILE_NAME, ssrun.length, EntrySource.GENERATED));
        entries.sort(Comparator.comparing(PackageEntry::path));
        checkSize(job, entries);

        List<ArchiveFile> files = new ArrayList<>();
        files.add(new ArchiveFile(JobConfig.SCENE_FILE, read(scene, job.scene()), false));
        for (Map<String, Path> group : List.of(referenced, swept)) {
            for (Map.Entry<String, Path> e : group.entrySet()) {
                files.add(new ArchiveFile(e.getKey(), read(e.getValue(), shownFolder.resolve(e.getKey())), false));
            }
        }
        files.add(new ArchiveFile(JobConfig.FILE_NAME, jobConf, false));
        files.add(new ArchiveFile(SsrunTemplate.FILE_NAME, ssrun, true));
        byte[] archive = DeterministicTarGz.write(files);

        WorkPackage built = new WorkPackage(job, entries, notes, archive);
        LOG.info("work package for {}: {} files ({} named by the scene, {} from the scene folder), {} bytes, sha256 {}",
                job.label(), entries.size(), referenced.size(), swept.size(), archive.length, built.sha256());
        notes.forEach(note -> LOG.info("work package for {}: {}", job.scene(), note));
        return built;
    }

    /**
     * Scans the scene, then every packaged include file it leads to, once each. Other references
     * are resolved at the end, when every file the scene writes itself is known.
     */
    private static void followReferences(Path shownScene, Path scene, Path shownFolder, DependencyResolver resolver,
            Map<String, Path> referenced, List<String> notes) throws PackageException {
        Deque<ToScan> pending = new ArrayDeque<>();
        Set<Path> scanned = new HashSet<>();
        List<SceneReference> others = new ArrayList<>();
        Set<String> written = new HashSet<>();
        pending.add(new ToScan(scene, shownScene));
        while (!pending.isEmpty()) {
            ToScan next = pending.poll();
            if (!scanned.add(realPath(next.file(), next.shown()))) {
                continue;
            }
            String text = new String(read(next.file(), next.shown()), StandardCharsets.UTF_8);
            SceneScanner.Findings findings = SceneScanner.scan(next.shown(), text);
            notes.addAll(findings.unfollowed());
            written.addAll(findings.written());
            for (SceneReference ref : findings.references()) {
                if (ref.kind() != ReferenceKind.INCLUDE) {
                    others.add(ref);
                    continue;
                }
                ResolvedReference resolved = resolver.resolve(ref);
                if (resolved.packaged()) {
                    referenced.putIfAbsent(resolved.packagePath(), resolved.file());
                    pending.add(new ToScan(resolved.file(), shownFolder.resolve(resolved.packagePath())));
                }
            }
        }
        for (SceneReference ref : others) {
            try {
                ResolvedReference resolved = resolver.resolve(ref);
                if (resolved.packaged()) {
                    referenced.putIfAbsent(resolved.packagePath(), resolved.file());
                }
            } catch (MissingReferenceException e) {
                if (ref.kind() != ReferenceKind.DATA_FILE || !written.contains(ref.name())) {
                    throw e;
                }
                notes.add(ref.where() + ": data file \"" + ref.name() + "\" is written by the scene itself, not packaged");
            }
        }
    }

    /** A file still to scan, and its name as the user would write it. */
    private record ToScan(Path file, Path shown) {}

    private void checkSize(RenderJob job, List<PackageEntry> entries) throws PackageTooLargeException {
        long total = entries.stream().mapToLong(PackageEntry::size).sum();
        if (total <= settings.maxPackageBytes()) {
            return;
        }
        List<PackageEntry> biggest = entries.stream()
                .sorted(Comparator.comparingLong(PackageEntry::size).reversed().thenComparing(PackageEntry::path))
                .limit(BIGGEST_SHOWN).toList();
        StringBuilder message = new StringBuilder("the work package for " + job.scene() + " would hold " + mib(total)
                + " of files, more than the limit of " + mib(settings.maxPackageBytes()) + ". Biggest files:");
        for (PackageEntry e : biggest) {
            message.append("\n  ").append(mib(e.size())).append("  ").append(e.path()).append(" (").append(e.source().description())
                    .append(')');
        }
        message.append("\nTo fix: move the scene into a folder of its own with only the files it uses");
        if (settings.sceneFolderAssets()) {
            message.append(", or turn off packing the scene folder's asset files when the scene names every file literally");
        }
        message.append(", or raise the package size limit.");
        throw new PackageTooLargeException(message.toString(), total, settings.maxPackageBytes(), biggest);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static Path realPath(Path file, Path shown) throws PackageException {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new PackageException("cannot read " + shown + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path file, Path shown) throws PackageException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new PackageException("cannot read " + shown + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, Path shown) throws PackageException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PackageException("cannot read " + shown + ": " + e.getMessage(), e);
        }
    }
}
