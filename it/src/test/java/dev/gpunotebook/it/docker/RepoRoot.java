package dev.gpunotebook.it.docker;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the first folder, walking up from the working directory, that holds {@code docker/}. */
final class RepoRoot {

    private RepoRoot() {
    }

    static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docker")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no folder containing docker/ and pom.xml at or above " + start);
    }
}
