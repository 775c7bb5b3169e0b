package io.orator.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeySecretTest {

    @Test
    void aGeneratedKeyHasTheOratorShapeAndAVisiblePrefix() {
        ApiKeySecret secret = ApiKeySecret.generate();
        assertTrue(secret.value().startsWith("ork_"), secret.value());
        assertEquals(47, secret.value().length());
        assertTrue(ApiKeySecret.looksLikeKey(secret.value()));
        assertEquals(secret.value().substring(0, 12), secret.prefix());
    }

    @Test
    void keysNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            assertTrue(seen.add(ApiKeySecret.generate().value()));
        }
    }

    @Test
    void theDigestIsSha256InHexAndDependsOnEveryCharacter() {
        // SHA-256 of "abc", from FIPS 180-2.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeySecret.sha256("abc"));
        ApiKeySecret secret = ApiKeySecret.generate();
        String changed = secret.value().substring(0, 46) + (secret.value().endsWith("A") ? "B" : "A");
        assertNotEquals(secret.sha256(), ApiKeySecret.sha256(changed));
        assertEquals(secret.sha256(), new ApiKeySecret(secret.value()).sha256());
    }

    @Test
    void tokensOfAnotherShapeAreNotKeys() {
        String key = ApiKeySecret.generate().value();
        assertFalse(ApiKeySecret.looksLikeKey(key.substring(1)));
        assertFalse(ApiKeySecret.looksLikeKey(key + "x"));
        assertFalse(ApiKeySecret.looksLikeKey("ork_" + "!".repeat(43)));
        assertFalse(ApiKeySecret.looksLikeKey("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"));
        assertFalse(ApiKeySecret.looksLikeKey(""));
    }

    @Test
    void theSecretNeverShowsInItsStringForm() {
        ApiKeySecret secret = ApiKeySecret.generate();
        assertFalse(secret.toString().contains(secret.value()));
        assertTrue(secret.toString().startsWith(secret.prefix()));
    }
}
