package io.orator.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The files of one directory last modified before a moment, for the cleanup sweeps. */
public final class OldFiles {

    private OldFiles() {
    }

    /**
     * Files in {@code dir} matching {@code glob} and modified before {@code before}. A file that
     * disappears while the directory is read (a job deleted by its client meanwhile) is skipped:
     * it must not end the sweep of all the others.
     */
    public static List<Path> in(Path dir, String glob, Instant before) throws IOException {
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                        old.add(file);
                    }
                } catch (NoSuchFileException gone) {
                    // Deleted since the listing: nothing left to sweep.
                }
            }
        }
        return old;
    }
}
