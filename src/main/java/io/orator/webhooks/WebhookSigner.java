package io.orator.webhooks;

import io.orator.platform.DataDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs webhooks as the Standard Webhooks specification does, so its receiver libraries verify
 * them unchanged: {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}
 * under a {@code whsec_}-prefixed base64 key. The key is {@code orator.webhooks.signing-secret}
 * (or its secret file); without one, a key is made on first start and kept in the data
 * directory, so every node on a shared data directory, and every restart, signs alike.
 */
@ApplicationScoped
public class WebhookSigner {

    static final String PREFIX = "whsec_";
    private static final Logger LOG = Logger.getLogger(WebhookSigner.class.getName());
    private static final String KEY_FILE = "webhook-signing-secret";

    @Inject
    @ConfigProperty(name = "orator.webhooks.signing-secret")
    Optional<String> configured;

    @Inject
    DataDirectory data;

    private String secret;
    private byte[] key;

    @PostConstruct
    void load() {
        secret = configured.map(String::trim).filter(s -> !s.isEmpty()).orElseGet(this::stored);
        key = decode(secret);
    }

    /** The {@code whsec_…} secret a receiver verifies with. */
    public String secret() {
        return secret;
    }

    /** The {@code webhook-signature} header's value for this message. */
    public String sign(String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    static byte[] decode(String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("orator.webhooks.signing-secret must be whsec_ followed by base64", e);
        }
        if (key.length < 24) {
            throw new IllegalStateException("orator.webhooks.signing-secret must hold at least 24 bytes (192 bits)");
        }
        return key;
    }

    /** The key kept in the data directory, made on first use; a second node racing to make it reads the winner's. */
    private String stored() {
        Path file = data.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Files.createDirectories(file.getParent());
                Path temp = Files.createTempFile(file.getParent(), KEY_FILE, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, PREFIX + Base64.getEncoder().encodeToString(fresh));
                try {
                    Files.createLink(file, temp);
                    LOG.info("Webhooks are signed with a key made for this installation, kept in " + file
                            + "; receivers get it from GET /api/v1/admin/webhooks");
                } catch (FileAlreadyExistsException raced) {
                    // Another node made it first; its key is the one to share.
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the webhook signing key in " + file, e);
        }
    }
}
