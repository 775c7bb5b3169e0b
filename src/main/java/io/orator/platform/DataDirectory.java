package io.orator.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where Orator keeps its files: audio, extracted native libraries. Defaults to a folder inside
 * the server's own data directory, so the embedded setup needs no configuration.
 */
@ApplicationScoped
public class DataDirectory {

    @Inject
    @ConfigProperty(name = "orator.data-dir")
    Optional<String> configured;

    public Path root() {
        return configured.filter(s -> !s.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("jboss.server.data.dir", "data"), "orator"))
                .toAbsolutePath();
    }

    public Path resolve(String child) {
        return root().resolve(child);
    }
}
