package io.orator.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Audio kept in a folder of this node's disk, the default: publishing is one rename within the
 * file system, so a crash leaves either no file or a whole one.
 */
final class LocalAudioObjects implements AudioObjects {

    private final Path dir;

    LocalAudioObjects(Path dir) {
        this.dir = dir;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public void publish(Path file, String name) throws IOException {
        Path target = dir.resolve(name);
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public Optional<StoredAudio> open(String name) throws IOException {
        return FileAudio.open(dir.resolve(name));
    }

    @Override
    public Optional<InputStream> read(String name) throws IOException {
        try {
            return Optional.of(Files.newInputStream(dir.resolve(name)));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(dir.resolve(name));
    }

    @Override
    public long delete(String name) throws IOException {
        Path file = dir.resolve(name);
        try {
            long size = Files.size(file);
            Files.delete(file);
            return size;
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }

    @Override
    public List<String> namesWrittenBefore(Instant before) throws IOException {
        return OldFiles.in(dir, "*", before).stream().filter(Files::isRegularFile)
                .map(file -> file.getFileName().toString()).toList();
    }

    @Override
    public long bytesStored(String suffix) throws IOException {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
            for (Path file : files) {
                try {
                    total += Files.size(file);
                } catch (NoSuchFileException gone) {
                    // Deleted while the folder was read.
                }
            }
        }
        return total;
    }

    @Override
    public StoreHealth health() {
        boolean writable = Files.isDirectory(dir) && Files.isWritable(dir);
        return new StoreHealth(writable, Map.of("store", kind(), "writable", writable));
    }
}
