package org.raypool.submit.pack;

import java.nio.file.Path;

/**
 * Where a {@link SceneReference} was found: in the scene folder (packaged at
 * {@code packagePath}) or in POV-Ray's include folders ({@code packagePath} empty).
 */
record ResolvedReference(SceneReference reference, Path file, String packagePath) {

    boolean packaged() {
        return !packagePath.isEmpty();
    }
}
