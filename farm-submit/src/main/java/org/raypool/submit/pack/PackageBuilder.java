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
import java.util.Collections;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link RenderJob} into a {@link WorkPackage}: the scene under its own name, the INI file that drives it
 * (if any), every file they need with its path relative to the scene folder, {@code job.conf} and the
 * {@code ssrun} script, as a deterministic tar.gz (same inputs, same bytes).
 *
 * <p>What goes in: files the scene and its include files name with literal strings
 * ({@code #include}, image maps, height fields, fonts, {@code df3}, {@code #fopen ... read},
 * {@code load_file}), followed recursively through include files, looked up in the scene folder, its
 * {@code +L}/{@code Library_Path} folders and the {@code --include-path} folders (packaged under
 * {@code include-path-<k>/}); {@code povray.ini} in the scene folder (POV-Ray reads it from the current folder);
 * and, unless turned off, the asset files of the scene folder tree ({@link SceneFolderAssets}). What stays out:
 * files found in POV-Ray's own include folders (workers have them). A name found nowhere is a warning
 * ({@link WorkPackage#notFound()}), not a refusal: it may sit in an {@code #if (0)} branch, or on the worker. What
 * is refused: names leading out of the scene folder and packages over the size limit.
 *
 * <p>A scene's files are looked up once per batch ({@link #files}); every frame of an animation shares them.
 */
public final class PackageBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(PackageBuilder.class);
    private static final int BIGGEST_SHOWN = 5;

    private final PackageSettings settings;
    private final Map<ScanKey, SceneFiles> scans = new ConcurrentHashMap<>();
    private final Map<Path, String> digests = new ConcurrentHashMap<>();

    public PackageBuilder(PackageSettings settings) {
        this.settings = settings;
    }

    public PackageBuilder() {
        this(PackageSettings.defaults());
    }

    public PackageSettings settings() {
        return settings;
    }

    /** What a scan depends on: the same scene with the same INI and +L folders has the same files. */
    private record ScanKey(Path scene, Optional<IniFile> ini, List<String> libraryPaths) {}

    /**
     * The files a job's package holds besides job.conf and ssrun, keyed by package path, and what could not be
     * found. {@code scene} is the scene's package path.
     */
    public record SceneFiles(String scene, Path shownFolder, Map<String, Path> referenced, Map<String, Path> swept,
            List<String> notes, List<WorkPackage.NotFound> notFound) {
        public SceneFiles {
            referenced = Collections.unmodifiableMap(new TreeMap<>(referenced));
            if (scene.contains("/") || scene.contains("=") || scene.contains("\n")) {
                throw new IllegalArgumentException("the scene's package path must be a plain file name, got " + scene);
            }
            swept = Collections.unmodifiableMap(new TreeMap<>(swept));
            notes = List.copyOf(notes);
            notFound = List.copyOf(notFound);
        }

        /** The {@code --include-path} folders in the package that hold packaged files (ssrun adds each with +L). */
        public List<String> includeFolders() {
            return referenced.keySet().stream().filter(p -> p.startsWith("include-path-"))
                    .map(p -> p.substring(0, p.indexOf('/'))).distinct().sorted().toList();
        }
    }

    /** Looks up (once per scene, INI and +L folders) every file the job's package needs. */
    public SceneFiles files(RenderJob job) throws PackageException {
        Path scene = job.scene().toAbsolutePath().normalize();
        ScanKey key = new ScanKey(scene, job.ini(), job.options().libraryPaths());
        SceneFiles cached = scans.get(key);
        if (cached != null) return cached;
        SceneFiles scanned = scan(job, scene);
        SceneFiles raced = scans.putIfAbsent(key, scanned);
        return raced == null ? scanned : raced;
    }

    private SceneFiles scan(RenderJob job, Path scene) throws PackageException {
        if (!Files.isRegularFile(scene)) {
            throw new PackageException("scene " + job.scene() + " not found (or not a file)");
        }
        Path sceneFolder = scene.getParent();
        Path shownFolder = job.scene().getParent() == null ? Path.of(".") : job.scene().getParent();
        String sceneName = scene.getFileName().toString();
        if (DependencyResolver.RESERVED_NAMES.contains(sceneName)) {
            throw new UnsafeReferenceException(sceneName, "the scene " + job.scene() + " has a name the farm reserves for "
                    + "its own files; rename it");
        }
        List<String> libraryPaths = new ArrayList<>(job.options().libraryPaths());
        Map<String, Path> referenced = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        if (job.ini().isPresent()) {
            Path ini = job.ini().get().path().toAbsolutePath().normalize();
            if (!sceneFolder.equals(ini.getParent())) {
                throw new PackageException("the INI file " + job.ini().get().path() + " and its scene " + job.scene()
                        + " are in different folders; put the INI beside the scene");
            }
            String iniName = ini.getFileName().toString();
            if (DependencyResolver.RESERVED_NAMES.contains(iniName) || iniName.equals(sceneName)) {
                throw new UnsafeReferenceException(iniName, "the INI file " + job.ini().get().path() + " has a name the "
                        + "farm reserves for its own files; rename it");
            }
            referenced.put(iniName, ini);
            for (Path library : PovrayIncludePath.libraryPaths(ini)) {
                if (!library.isAbsolute()) libraryPaths.add(library.toString());
            }
        }
        DependencyResolver resolver = new DependencyResolver(sceneFolder, shownFolder, libraryPaths,
                settings.includePaths(), settings.povrayIncludeDirs());
        List<WorkPackage.NotFound> notFound = new ArrayList<>();
        followReferences(job.scene(), scene, shownFolder, resolver, referenced, notes, notFound);
        referenced.remove(sceneName);
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
                    if (!referenced.containsKey(path) && !path.equals(sceneName)) {
                        swept.put(path, file);
                    }
                });
                notes.addAll(sweep.skipped());
            } catch (IOException e) {
                throw new PackageException("cannot list the scene folder " + shownFolder + ": " + e.getMessage(), e);
            }
        }
        return new SceneFiles(sceneName, shownFolder, referenced, swept, notes, notFound);
    }

    /**
     * A hash of everything that determines the job's output: the content of every file its package holds (scene,
     * INI, includes, maps, assets) and job.conf (size, frame, band, options, format). Equal hashes, equal renders;
     * the ssrun script is left out, so a new RayPool version does not make every image look stale.
     */
    public String inputsHash(RenderJob job) throws PackageException {
        SceneFiles files = files(job);
        MessageDigest sha = sha256();
        sha.update("raypool-inputs-1\n".getBytes(StandardCharsets.UTF_8));
        Map<String, Path> all = new TreeMap<>(files.referenced());
        all.putAll(files.swept());
        all.put(files.scene(), job.scene().toAbsolutePath().normalize());
        for (Map.Entry<String, Path> e : all.entrySet()) {
            sha.update((e.getKey() + "\0" + digest(e.getValue(), files.shownFolder().resolve(e.getKey())) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        sha.update(JobConfig.text(job, files).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    private String digest(Path file, Path shown) throws PackageException {
        String known = digests.get(file);
        if (known != null) return known;
        String d = HexFormat.of().formatHex(sha256().digest(read(file, shown)));
        digests.put(file, d);
        return d;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public WorkPackage build(RenderJob job) throws PackageException {
        SceneFiles found = files(job);
        Path scene = job.scene().toAbsolutePath().normalize();
        Path shownFolder = found.shownFolder();
        byte[] jobConf = JobConfig.text(job, found).getBytes(StandardCharsets.UTF_8);
        byte[] ssrun = SsrunTemplate.bytes();
        List<PackageEntry> entries = new ArrayList<>();
        entries.add(new PackageEntry(found.scene(), size(scene, job.scene()), EntrySource.SCENE));
        for (Map.Entry<String, Path> e : found.referenced().entrySet()) {
            entries.add(new PackageEntry(e.getKey(), size(e.getValue(), shownFolder.resolve(e.getKey())), EntrySource.REFERENCED));
        }
        for (Map.Entry<String, Path> e : found.swept().entrySet()) {
            entries.add(new PackageEntry(e.getKey(), size(e.getValue(), shownFolder.resolve(e.getKey())), EntrySource.SCENE_FOLDER));
        }
        entries.add(new PackageEntry(JobConfig.FILE_NAME, jobConf.length, EntrySource.GENERATED));
        entries.add(new PackageEntry(SsrunTemplate.FILE_NAME, ssrun.length, EntrySource.GENERATED));
        entries.sort(Comparator.comparing(PackageEntry::path));
        checkSize(job, entries);

        List<ArchiveFile> files = new ArrayList<>();
        files.add(new ArchiveFile(found.scene(), read(scene, job.scene()), false));
        for (Map<String, Path> group : List.of(found.referenced(), found.swept())) {
            for (Map.Entry<String, Path> e : group.entrySet()) {
                files.add(new ArchiveFile(e.getKey(), read(e.getValue(), shownFolder.resolve(e.getKey())), false));
            }
        }
        files.add(new ArchiveFile(JobConfig.FILE_NAME, jobConf, false));
        files.add(new ArchiveFile(SsrunTemplate.FILE_NAME, ssrun, true));
        byte[] archive = DeterministicTarGz.write(files);

        WorkPackage built = new WorkPackage(job, entries, found.notes(), archive, shownFolder, found.notFound());
        LOG.info("work package for {}: {} files ({} named by the scene, {} from the scene folder), {} bytes, sha256 {}",
                job.label(), entries.size(), found.referenced().size(), found.swept().size(), archive.length, built.sha256());
        found.notes().forEach(note -> LOG.info("work package for {}: {}", job.scene(), note));
        return built;
    }

    /**
     * Scans the scene, then every packaged include file it leads to, once each. Other references
     * are resolved at the end, when every file the scene writes itself is known. A name found nowhere is
     * recorded in {@code notFound}.
     */
    private static void followReferences(Path shownScene, Path scene, Path shownFolder, DependencyResolver resolver,
            Map<String, Path> referenced, List<String> notes, List<WorkPackage.NotFound> notFound) throws PackageException {
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
                ResolvedReference resolved;
                try {
                    resolved = resolver.resolve(ref);
                } catch (MissingReferenceException e) {
                    notFound.add(notFound(ref, e));
                    continue;
                }
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
                if (ref.kind() == ReferenceKind.DATA_FILE && written.contains(ref.name())) {
                    notes.add(ref.where() + ": data file \"" + ref.name() + "\" is written by the scene itself, not packaged");
                } else {
                    notFound.add(notFound(ref, e));
                }
            }
        }
    }

    private static WorkPackage.NotFound notFound(SceneReference ref, MissingReferenceException e) {
        String message = e.getMessage();
        int looked = message.indexOf("; looked in ");
        return new WorkPackage.NotFound(ref.name(), ref.where(), looked < 0 ? "" : message.substring(looked + "; looked in ".length()));
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
