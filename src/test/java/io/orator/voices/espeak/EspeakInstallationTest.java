package io.orator.voices.espeak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EspeakInstallationTest {

    @TempDir
    Path dir;

    @Test
    void extractsTheLibraryAndItsData() {
        EspeakInstallation installation = EspeakInstallation.install(dir.resolve("espeak"));

        assertTrue(Files.isRegularFile(installation.library()));
        assertTrue(installation.library().isAbsolute());
        Path data = installation.dataHome().resolve(EspeakInstallation.DATA_DIRECTORY);
        assertTrue(Files.isRegularFile(data.resolve("phontab")));
        assertTrue(Files.isRegularFile(data.resolve("en_dict")));
        assertTrue(Files.isRegularFile(data.resolve("voices/!v/f3")));
        assertTrue(Files.isRegularFile(data.resolve("lang/gmw/en-US")));
    }

    @Test
    void extractsIdempotently() throws IOException {
        EspeakInstallation first = EspeakInstallation.install(dir.resolve("espeak"));
        FileTime written = Files.getLastModifiedTime(first.library());

        EspeakInstallation second = EspeakInstallation.install(dir.resolve("espeak"));

        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(second.library()));
        assertEquals(List.of(first.dataHome()), children(dir.resolve("espeak")));
    }

    @Test
    void anInterruptedExtractionIsNeverTakenForAnInstallation() throws IOException {
        Path root = dir.resolve("espeak");
        Path abandoned = Files.createDirectories(root.resolve(".extract-crashed/espeak-ng-data"));
        Files.setLastModifiedTime(abandoned.getParent(), FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Path live = Files.createDirectories(root.resolve(".extract-in-progress"));

        EspeakInstallation installation = EspeakInstallation.install(root);

        assertTrue(Files.isRegularFile(installation.dataHome().resolve("espeak-ng-data/phontab")));
        assertFalse(Files.exists(abandoned.getParent()), "abandoned extraction is cleaned up");
        assertTrue(Files.exists(live), "a recent one may belong to another process and is left alone");
    }

    @Test
    void concurrentInstallationsAgree() throws Exception {
        Path root = dir.resolve("espeak");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<EspeakInstallation>> installs = Stream.generate(
                    () -> pool.submit(() -> EspeakInstallation.install(root))).limit(3).toList();

            EspeakInstallation first = installs.get(0).get();
            for (Future<EspeakInstallation> install : installs) {
                assertEquals(first, install.get());
            }
            assertEquals(List.of(first.dataHome()), children(root));
            assertTrue(Files.isRegularFile(first.library()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsAPlatformWithoutABuild() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> EspeakInstallation.Platform.of("SunOS", "sparcv9"));

        assertTrue(e.getMessage().contains("SunOS"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> EspeakInstallation.Platform.of("Windows 11", "aarch64"));
    }

    @Test
    void findsTheBuildForEachSupportedPlatform() {
        assertEquals("debian-amd64", EspeakInstallation.Platform.of("Linux", "amd64").directory);
        assertEquals("debian-arm64", EspeakInstallation.Platform.of("Linux", "aarch64").directory);
        assertEquals("macos-arm64", EspeakInstallation.Platform.of("Mac OS X", "aarch64").directory);
        assertEquals("win-amd64", EspeakInstallation.Platform.of("Windows Server 2022", "amd64").directory);
    }

    private static List<Path> children(Path root) throws IOException {
        try (Stream<Path> paths = Files.list(root)) {
            return paths.filter(p -> !p.getFileName().toString().startsWith(".extract-")).toList();
        }
    }
}
