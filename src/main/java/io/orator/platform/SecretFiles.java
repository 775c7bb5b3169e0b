package io.orator.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Secrets from files, so they never sit in a process listing or an image's environment: any
 * key can be given as {@code <ENVIRONMENT_NAME>_FILE=/path} (for instance
 * {@code ORATOR_ADMIN_PASSWORD_FILE=/run/secrets/orator-admin}), and its value is that file's
 * content without the trailing line break. The file is read each time the key is, so a
 * rotated secret applies without a restart. Above the plain environment variable, below
 * system properties.
 */
public class SecretFiles implements ConfigSource {

    static final int ORDINAL = 305;
    private static final String SUFFIX = "_FILE";

    private final Map<String, String> environment;

    public SecretFiles() {
        this(System.getenv());
    }

    SecretFiles(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String getValue(String key) {
        String file = environment.get(environmentName(key) + SUFFIX);
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + environmentName(key) + SUFFIX + " (" + file + ")", e);
        }
    }

    /** MicroProfile Config's environment name of a key: upper case, anything else than letters and digits an underscore. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public Map<String, String> getProperties() {
        // Keys are looked up by name; the files are not read just to be listed.
        return new HashMap<>();
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "secret files (*_FILE environment variables)";
    }
}
