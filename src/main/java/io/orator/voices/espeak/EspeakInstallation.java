package io.orator.voices.espeak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The espeak-ng native library and its data, unpacked from the piper-jni jar into a directory
 * of their own.
 *
 * <p>Each extraction goes to a fresh temporary directory that is renamed into place only when
 * complete, so the final directory either holds a whole installation or does not exist. Its name
 * carries a checksum of what was extracted: the same jar finds its directory and extracts
 * nothing, a different jar gets a directory of its own.
 *
 * @param library  absolute path of the native library to load
 * @param dataHome the directory that holds {@code espeak-ng-data}, as {@code espeak_Initialize}
 *                 wants it
 */
record EspeakInstallation(Path library, Path dataHome) {

    private static final Logger LOG = Logger.getLogger(EspeakInstallation.class.getName());

    static final String DATA_DIRECTORY = "espeak-ng-data";
    private static final String DATA_ZIP = "espeak-ng-data.zip";
    private static final String TEMP_PREFIX = ".extract-";
    /** A temporary directory this old belongs to an extraction that died; younger ones may be live. */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    /**
     * Makes sure {@code dir} holds an installation for this platform and returns it.
     *
     * @throws UnsupportedOperationException when piper-jni has no espeak-ng build for this platform
     * @throws UncheckedIOException          when the files cannot be read or written
     */
    static EspeakInstallation install(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        pointJnaTempDirBeside(root);
        Platform platform = Platform.current();
        try {
            Files.createDirectories(root);
            removeAbandonedExtractions(root);
            Path target = root.resolve(platform.directory + "-" + fingerprint(platform));
            EspeakInstallation installation = new EspeakInstallation(
                    target.resolve(platform.libraryFile), target);
            if (Files.isDirectory(target)) {
                return installation;
            }
            extract(platform, root, target);
            return installation;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install espeak-ng into " + root, e);
        }
    }

    /**
     * JNA unpacks its own dispatch library into {@code jna.tmpdir}, by default under the home
     * directory, which a server account may not have or may not be allowed to write.
     */
    private static void pointJnaTempDirBeside(Path root) {
        if (System.getProperty("jna.tmpdir") != null) {
            return;
        }
        Path jnaDir = root.resolveSibling("jna");
        try {
            Files.createDirectories(jnaDir);
            System.setProperty("jna.tmpdir", jnaDir.toString());
        } catch (IOException e) {
            LOG.warning("Cannot create " + jnaDir + " for JNA; it keeps its default temp directory: " + e);
        }
    }

    private static void extract(Platform platform, Path root, Path target) throws IOException {
        Path temp = root.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(temp);
            try (InputStream in = platform.openLibrary()) {
                Files.copy(in, temp.resolve(platform.libraryFile));
            }
            unzip(openResource(DATA_ZIP), temp.resolve(DATA_DIRECTORY));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Extracted espeak-ng for " + platform.directory + " into " + target);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("The file system of " + root + " cannot rename directories atomically", e);
            } catch (IOException e) {
                // Linux reports a rename onto a non-empty directory as a plain FileSystemException.
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // Another extraction (another thread or process) finished first: use its result.
            }
        } finally {
            deleteTree(temp);
        }
    }

    private static void unzip(InputStream source, Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        try (ZipInputStream zip = new ZipInputStream(source)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path path = dataDir.resolve(entry.getName()).normalize();
                if (!path.startsWith(dataDir)) {
                    throw new IOException("Refusing zip entry outside the data directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(zip, path);
                }
            }
        }
    }

    /** Checksum of everything an installation is made of, so a changed jar never reuses an old one. */
    private static String fingerprint(Platform platform) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[64 * 1024];
        for (InputStream in : new InputStream[] {platform.openLibrary(), openResource(DATA_ZIP)}) {
            try (in) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                }
            }
        }
        return String.format("%08x", crc.getValue());
    }

    private static void removeAbandonedExtractions(Path root) throws IOException {
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(root, TEMP_PREFIX + "*")) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)) {
                    deleteTree(temp);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static InputStream openResource(String name) throws IOException {
        InputStream in = EspeakInstallation.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (is piper-jni packaged?)");
        }
        return in;
    }

    /** Where piper-jni keeps the espeak-ng build for one operating system and processor. */
    static final class Platform {

        final String directory;
        final String libraryFile;

        private Platform(String directory, String libraryFile) {
            this.directory = directory;
            this.libraryFile = libraryFile;
        }

        static Platform current() {
            return of(System.getProperty("os.name"), System.getProperty("os.arch"));
        }

        static Platform of(String osName, String osArch) {
            String os = osName.toLowerCase(Locale.ROOT);
            String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
                case "amd64", "x86_64" -> "amd64";
                case "aarch64", "arm64" -> "arm64";
                case "arm", "armv7l" -> "armv7l";
                default -> null;
            };
            Platform platform = null;
            if (arch != null && os.startsWith("linux")) {
                platform = new Platform("debian-" + arch, "libespeak-ng.so.1");
            } else if (arch != null && os.startsWith("mac")) {
                platform = new Platform("macos-" + arch, "libespeak-ng.1.dylib");
            } else if (arch != null && os.startsWith("windows")) {
                platform = new Platform("win-" + arch, "espeak-ng.dll");
            }
            if (platform == null || EspeakInstallation.class.getClassLoader().getResource(platform.resource()) == null) {
                throw new UnsupportedOperationException("No espeak-ng build for " + osName + " on " + osArch
                        + "; supported: Linux (glibc) x86-64/arm64/armv7, macOS x86-64/arm64, Windows x86-64");
            }
            return platform;
        }

        private String resource() {
            return directory + "/" + libraryFile;
        }

        InputStream openLibrary() throws IOException {
            return openResource(resource());
        }
    }
}
