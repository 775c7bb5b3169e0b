package io.orator.voices;

import io.orator.platform.DataDirectory;
import io.orator.voices.piper.VoicePack;
import io.orator.voices.piper.VoicePacks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The directory users drop Piper voice packs into, and the packs found there. */
@ApplicationScoped
public class VoicesDirectory {

    private static final Logger LOG = Logger.getLogger(VoicesDirectory.class.getName());

    @Inject
    DataDirectory dataDirectory;

    @Inject
    @ConfigProperty(name = "orator.voices.dir")
    Optional<String> configured;

    /** {@code orator.voices.dir}, or {@code voices} in the data directory. */
    public Path path() {
        return configured.filter(s -> !s.isBlank()).map(Path::of)
                .orElseGet(() -> dataDirectory.resolve("voices")).toAbsolutePath();
    }

    /** The packs in the directory now; none when it does not exist. */
    List<VoicePack> packs() {
        Path dir = path();
        if (!Files.isDirectory(dir)) {
            LOG.info(() -> "No voices directory at " + dir + "; offering the embedded voices only");
            return List.of();
        }
        try {
            return VoicePacks.scan(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the voices directory " + dir, e);
        }
    }
}
