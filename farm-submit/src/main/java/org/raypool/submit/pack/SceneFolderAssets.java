package org.raypool.submit.pack;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The scene-folder sweep: files a scene may open under names the scanner cannot see
 * (macros, {@code concat}, string variables). Collects regular files with an asset extension
 * from the scene folder and its subfolders, at most {@value #MAX_DEPTH} levels deep, skipping
 * hidden files and folders, excluded folders, the farm's reserved names, files leading out of
 * the tree through symbolic links, and {@code NAME.png} next to {@code NAME.pov} (POV-Ray's
 * default output name: a previous local render, not an input). The total is bounded by the
 * package size limit.
 */
final class SceneFolderAssets {

    static final int MAX_DEPTH = 8;

    static final Set<String> EXTENSIONS = Set.of(
            "inc", "mcr", "mac",                                                  // scene language
            "png", "jpg", "jpeg", "gif", "tga", "tif", "tiff", "ppm", "pgm", "iff", "bmp", "exr", "hdr", // images
            "df3", "ttf",                                                         // densities, fonts
            "ini", "txt", "csv", "dat");                                          // settings and #read data

    /** What the sweep found: package path to file, and notes about what it left out. */
    record Sweep(SortedMap<String, Path> files, List<String> skipped) {}

    private SceneFolderAssets() {}

    static Sweep collect(Path sceneFolder, List<Path> excludedFolders) throws IOException {
        Path realRoot = sceneFolder.toRealPath();
        SortedMap<String, Path> files = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        Files.walkFileTree(sceneFolder, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(sceneFolder) && (isHidden(dir) || excludedFolders.contains(dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (isHidden(file) || !EXTENSIONS.contains(extension(file))) {
                    return FileVisitResult.CONTINUE;
                }
                String path = DependencyResolver.pathInPackage(sceneFolder.relativize(file));
                if (attrs.isSymbolicLink()) {
                    if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(realRoot)) {
                        skipped.add(path + ": symbolic link leading out of the scene folder, not packaged");
                        return FileVisitResult.CONTINUE;
                    }
                } else if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                if (DependencyResolver.RESERVED_NAMES.contains(path)) {
                    skipped.add(path + ": name reserved by the farm, not packaged");
                } else if (isDefaultRenderOutput(file)) {
                    skipped.add(path + ": looks like a local render of " + baseName(file) + ".pov, not packaged");
                } else {
                    files.put(path, file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                skipped.add(sceneFolder.relativize(file) + ": unreadable (" + e.getMessage() + "), not packaged");
                return FileVisitResult.CONTINUE;
            }
        });
        return new Sweep(files, List.copyOf(skipped));
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static boolean isDefaultRenderOutput(Path file) {
        return extension(file).equals("png") && Files.isRegularFile(file.resolveSibling(baseName(file) + ".pov"));
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
