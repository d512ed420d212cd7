package org.raypool.submit.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Looks up a name the way POV-Ray 3.7 does when it runs in the scene folder: relative to
 * that folder (not to the including file), then in {@code +L} folders, then in POV-Ray's own
 * include folders; a name without extension is also tried with the implied one. Only files
 * inside the scene folder tree are packaged; anything leading out of it is refused.
 */
final class DependencyResolver {

    /** Names in the package root that the scripting service or ssrun use themselves. */
    static final Set<String> RESERVED_NAMES = Set.of("ssrun", "job.conf", "output.txt", "out", "preview.pov",
            "preview.png", "output.data", "input.data", "input.data.decrypt", "environment.data", "keyring.gpg",
            "trustdb.gpg");

    /** The folder in the package that holds the files found in the k-th {@code --include-path} (k from 1). */
    static String includePathFolder(int k) {
        return "include-path-" + k;
    }

    private final Path sceneFolder;
    private final Path sceneFolderReal;
    private final Path shownFolder;
    private final List<Path> libraryFolders;
    private final List<IncludeRoot> includePaths;
    private final List<Path> povrayIncludeDirs;
    private final boolean povrayInstalled;

    /**
     * @param sceneFolder  absolute, normalised folder of the scene
     * @param shownFolder  the same folder as the user named it, for messages
     */
    DependencyResolver(Path sceneFolder, Path shownFolder, List<String> libraryPaths, List<Path> povrayIncludeDirs)
            throws PackageException {
        this(sceneFolder, shownFolder, libraryPaths, List.of(), povrayIncludeDirs);
    }

    /** A folder of {@code --include-path}: its files travel in the package under {@code prefix}. */
    private record IncludeRoot(Path folder, Path real, String prefix) {}

    /**
     * @param includePaths folders given with {@code --include-path}, searched after the {@code +L} folders; their
     *                     files are packaged under {@link #includePathFolder(int)} and ssrun adds that as {@code +L}
     */
    DependencyResolver(Path sceneFolder, Path shownFolder, List<String> libraryPaths, List<Path> includePaths,
            List<Path> povrayIncludeDirs) throws PackageException {
        this.sceneFolder = sceneFolder;
        this.shownFolder = shownFolder;
        try {
            this.sceneFolderReal = sceneFolder.toRealPath();
        } catch (IOException e) {
            throw new PackageException("cannot read the scene folder " + shownFolder + ": " + e.getMessage(), e);
        }
        List<Path> folders = new ArrayList<>();
        for (String library : libraryPaths) {
            Path folder = sceneFolder.resolve(library).normalize();
            if (!folder.startsWith(sceneFolder)) {
                throw new UnsafeReferenceException(library, "option +L" + library + " leaves the scene folder " + shownFolder
                        + "; only folders inside it travel with the scene");
            }
            folders.add(folder);
        }
        this.libraryFolders = List.copyOf(folders);
        List<IncludeRoot> roots = new ArrayList<>();
        for (Path dir : includePaths) {
            try {
                roots.add(new IncludeRoot(dir.toAbsolutePath().normalize(), dir.toRealPath(),
                        includePathFolder(roots.size() + 1)));
            } catch (IOException e) {
                throw new PackageException("the include path " + dir + " cannot be read: " + e.getMessage()
                        + "; give an existing folder with --include-path", e);
            }
        }
        this.includePaths = List.copyOf(roots);
        this.povrayIncludeDirs = List.copyOf(povrayIncludeDirs);
        this.povrayInstalled = povrayIncludeDirs.stream().anyMatch(Files::isDirectory);
    }

    ResolvedReference resolve(SceneReference ref) throws PackageException {
        String name = ref.name();
        Path written;
        try {
            if (name.isBlank() || name.indexOf('\0') >= 0) {
                throw new InvalidPathException(name, "empty file name");
            }
            written = Path.of(name);
        } catch (InvalidPathException e) {
            throw new UnsafeReferenceException(name, ref.where() + ": " + describe(ref) + " is not a usable file name");
        }
        if (written.isAbsolute()) {
            return resolveAbsolute(ref, written.normalize());
        }
        Path relative = written.normalize();
        if (relative.startsWith("..")) {
            throw new UnsafeReferenceException(name, ref.where() + ": " + describe(ref)
                    + " leads out of the scene folder " + shownFolder + "; only files inside it travel with the scene. "
                    + "Copy the file into the scene folder and name it from there.");
        }
        List<Path> folders = new ArrayList<>();
        folders.add(sceneFolder);
        folders.addAll(libraryFolders);
        for (Path folder : folders) {
            for (Path candidate : candidates(folder, relative, ref.impliedExtensions())) {
                if (Files.isRegularFile(candidate)) {
                    return packaged(ref, candidate);
                }
            }
        }
        for (IncludeRoot root : includePaths) {
            for (Path candidate : candidates(root.folder(), relative, ref.impliedExtensions())) {
                if (Files.isRegularFile(candidate)) {
                    return packagedFromIncludePath(ref, candidate, root);
                }
            }
        }
        for (Path folder : povrayIncludeDirs) {
            for (Path candidate : candidates(folder, relative, ref.impliedExtensions())) {
                if (Files.isRegularFile(candidate)) {
                    return new ResolvedReference(ref, candidate, "");
                }
            }
        }
        if (!povrayInstalled && relative.getNameCount() == 1 && isStandard(relative.toString(), ref.impliedExtensions())) {
            return new ResolvedReference(ref, relative, "");
        }
        throw missing(ref, relative);
    }

    private ResolvedReference resolveAbsolute(SceneReference ref, Path absolute) throws PackageException {
        for (Path folder : povrayIncludeDirs) {
            if (absolute.startsWith(folder)) {
                for (Path candidate : candidates(absolute.getRoot(), absolute, ref.impliedExtensions())) {
                    if (Files.isRegularFile(candidate)) {
                        return new ResolvedReference(ref, candidate, "");
                    }
                }
                throw missing(ref, absolute);
            }
        }
        if (absolute.startsWith(sceneFolder)) {
            throw new UnsafeReferenceException(ref.name(), ref.where() + ": " + describe(ref)
                    + " is an absolute path; workers unpack the scene elsewhere. Name it relative to the scene folder: \""
                    + sceneFolder.relativize(absolute) + "\"");
        }
        throw new UnsafeReferenceException(ref.name(), ref.where() + ": " + describe(ref)
                + " is an absolute path outside the scene folder " + shownFolder
                + "; workers do not have it and it is not packaged. Copy the file into the scene folder and name it from there.");
    }

    private ResolvedReference packaged(SceneReference ref, Path candidate) throws PackageException {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw new PackageException(ref.where() + ": cannot read " + describe(ref) + ": " + e.getMessage(), e);
        }
        if (!real.startsWith(sceneFolderReal)) {
            throw new UnsafeReferenceException(ref.name(), ref.where() + ": " + describe(ref) + " is a symbolic link to " + real
                    + ", outside the scene folder " + shownFolder + "; copy the file itself into the scene folder.");
        }
        String path = pathInPackage(sceneFolder.relativize(candidate));
        if (RESERVED_NAMES.contains(path)) {
            throw new UnsafeReferenceException(ref.name(), ref.where() + ": " + describe(ref) + " uses the name " + path
                    + ", which the farm reserves for its own files; rename it (or move it into a subfolder).");
        }
        return new ResolvedReference(ref, candidate, path);
    }

    private ResolvedReference packagedFromIncludePath(SceneReference ref, Path candidate, IncludeRoot root)
            throws PackageException {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw new PackageException(ref.where() + ": cannot read " + describe(ref) + ": " + e.getMessage(), e);
        }
        if (!real.startsWith(root.real())) {
            throw new UnsafeReferenceException(ref.name(), ref.where() + ": " + describe(ref) + " is a symbolic link to "
                    + real + ", outside the include path " + root.folder() + "; copy the file itself into that folder.");
        }
        return new ResolvedReference(ref, candidate, root.prefix() + "/" + pathInPackage(root.folder().relativize(candidate)));
    }

    private MissingReferenceException missing(SceneReference ref, Path relative) {
        StringBuilder message = new StringBuilder(ref.where() + ": " + describe(ref) + " not found");
        if (!relative.isAbsolute()) {
            message.append("; looked in the scene folder ").append(shownFolder);
            for (Path folder : libraryFolders) {
                message.append(", ").append(shownFolder.resolve(sceneFolder.relativize(folder)));
            }
            for (IncludeRoot root : includePaths) {
                message.append(", ").append(root.folder());
            }
            message.append(povrayIncludeDirs.isEmpty() ? " (POV-Ray's include folders were not found here)"
                    : " and POV-Ray's include folders " + povrayIncludeDirs.stream().map(Path::toString)
                            .collect(Collectors.joining(", ")));
            Path includingFolder = ref.file().toAbsolutePath().normalize().getParent();
            if (includingFolder != null && !includingFolder.equals(sceneFolder)
                    && Files.isRegularFile(includingFolder.resolve(relative))) {
                message.append(". It exists next to ").append(ref.file().getFileName())
                        .append(", but POV-Ray 3.7 looks names up from the scene folder, not from the including file: write \"")
                        .append(pathInPackage(sceneFolder.relativize(includingFolder.resolve(relative).normalize())))
                        .append("\"");
            }
        }
        return new MissingReferenceException(ref, message.toString());
    }

    private static List<Path> candidates(Path folder, Path name, List<String> impliedExtensions) {
        Path plain = folder.resolve(name);
        if (name.getFileName().toString().contains(".")) {
            return List.of(plain);
        }
        List<Path> candidates = new ArrayList<>();
        for (String extension : impliedExtensions) {
            candidates.add(folder.resolve(name + extension));
        }
        candidates.add(plain);
        return candidates;
    }

    private static boolean isStandard(String name, List<String> impliedExtensions) {
        return PovrayIncludePath.STANDARD_FILES.contains(name)
                || (!name.contains(".") && impliedExtensions.stream().anyMatch(e -> PovrayIncludePath.STANDARD_FILES.contains(name + e)));
    }

    private static String describe(SceneReference ref) {
        return ref.kind().description() + " \"" + ref.name() + "\"";
    }

    static String pathInPackage(Path relative) {
        StringBuilder path = new StringBuilder();
        for (Path part : relative) {
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(part);
        }
        return path.toString();
    }
}
