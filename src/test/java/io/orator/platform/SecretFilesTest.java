package io.orator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void aKeyIsReadFromTheFileItsEnvironmentNameWithFilePointsAt() throws Exception {
        Path secret = Files.writeString(dir.resolve("admin"), "s3cret: with spaces \n");
        SecretFiles source = new SecretFiles(Map.of("ORATOR_ADMIN_PASSWORD_FILE", secret.toString()));
        assertEquals("s3cret: with spaces ", source.getValue("orator.admin.password"), "only the line break goes");
        assertNull(source.getValue("orator.admin.user"));
    }

    @Test
    void aRotatedFileAppliesAtTheNextRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("admin"), "first");
        SecretFiles source = new SecretFiles(Map.of("ORATOR_ADMIN_PASSWORD_FILE", secret.toString()));
        assertEquals("first", source.getValue("orator.admin.password"));
        Files.writeString(secret, "second\r\n");
        assertEquals("second", source.getValue("orator.admin.password"));
    }

    @Test
    void environmentNamesFollowMicroProfileConfig() {
        assertEquals("ORATOR_CLIENTS_KEY_RECHECK_SECONDS", SecretFiles.environmentName("orator.clients.key-recheck-seconds"));
    }

    @Test
    void aMissingFileIsAnErrorNotASilentlyEmptySecret() {
        SecretFiles source = new SecretFiles(Map.of("ORATOR_ADMIN_PASSWORD_FILE", dir.resolve("absent").toString()));
        assertThrows(UncheckedIOException.class, () -> source.getValue("orator.admin.password"));
    }

    @Test
    void sitsAboveTheEnvironmentAndBelowSystemProperties() {
        assertEquals(305, new SecretFiles(Map.of()).getOrdinal());
    }
}
