package org.raypool.submit.pack;

import java.nio.file.Path;
import java.util.List;

/**
 * How work packages are built.
 *
 * @param maxPackageBytes      the largest total (uncompressed) size of the files in a package
 * @param sceneFolderAssets    also pack asset files found in the scene's folder tree (see
 *                             {@link SceneFolderAssets}), for files named by macros or computed strings
 * @param povrayIncludeDirs    POV-Ray's own include folders; files found there are not packaged
 * @param excludedFolders      folders the scene-folder sweep skips, e.g. farm-submit's output folder
 * @param includePaths         folders of {@code --include-path}, searched (in order) after the scene folder and
 *                             its {@code +L} folders; files found there are packaged
 */
public record PackageSettings(long maxPackageBytes, boolean sceneFolderAssets, List<Path> povrayIncludeDirs,
        List<Path> excludedFolders, List<Path> includePaths) {

    public static final long DEFAULT_MAX_PACKAGE_BYTES = 64L * 1024 * 1024;

    public PackageSettings {
        if (maxPackageBytes < 1) {
            throw new IllegalArgumentException("the package size limit must be positive, got " + maxPackageBytes);
        }
        povrayIncludeDirs = povrayIncludeDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        excludedFolders = excludedFolders.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        includePaths = includePaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public PackageSettings(long maxPackageBytes, boolean sceneFolderAssets, List<Path> povrayIncludeDirs,
            List<Path> excludedFolders) {
        this(maxPackageBytes, sceneFolderAssets, povrayIncludeDirs, excludedFolders, List.of());
    }

    /** 64 MiB, scene-folder sweep on, POV-Ray's include folders as installed here. */
    public static PackageSettings defaults() {
        return new PackageSettings(DEFAULT_MAX_PACKAGE_BYTES, true, PovrayIncludePath.detect(), List.of());
    }

    public PackageSettings withMaxPackageBytes(long value) {
        return new PackageSettings(value, sceneFolderAssets, povrayIncludeDirs, excludedFolders, includePaths);
    }

    public PackageSettings withSceneFolderAssets(boolean value) {
        return new PackageSettings(maxPackageBytes, value, povrayIncludeDirs, excludedFolders, includePaths);
    }

    public PackageSettings withPovrayIncludeDirs(List<Path> value) {
        return new PackageSettings(maxPackageBytes, sceneFolderAssets, value, excludedFolders, includePaths);
    }

    public PackageSettings withExcludedFolders(List<Path> value) {
        return new PackageSettings(maxPackageBytes, sceneFolderAssets, povrayIncludeDirs, value, includePaths);
    }

    public PackageSettings withIncludePaths(List<Path> value) {
        return new PackageSettings(maxPackageBytes, sceneFolderAssets, povrayIncludeDirs, excludedFolders, value);
    }
}
