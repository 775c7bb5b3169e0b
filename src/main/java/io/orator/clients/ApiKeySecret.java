package io.orator.clients;

import io.orator.platform.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret of an API key: {@code ork_} and 43 URL-safe characters (256 random bits). It is
 * shown to the operator once; the database keeps its SHA-256. A fast hash is right here because
 * the secret is random and long, not a password a person chose: no dictionary can guess it, and
 * the submit path stays fast.
 */
public record ApiKeySecret(String value) {

    static final String SCHEME = "ork_";
    /** How much of a key the listings show, so an operator can tell keys apart. */
    static final int VISIBLE_PREFIX = SCHEME.length() + 8;
    private static final int RANDOM_BYTES = 32;
    private static final int ENCODED_LENGTH = SCHEME.length() + 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiKeySecret generate() {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return new ApiKeySecret(SCHEME + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /** True when a bearer token has the shape of an Orator key (it may still be unknown). */
    public static boolean looksLikeKey(String token) {
        return token.length() == ENCODED_LENGTH && token.startsWith(SCHEME)
                && token.chars().skip(SCHEME.length()).allMatch(ApiKeySecret::isUrlSafe);
    }

    public String prefix() {
        return value.substring(0, VISIBLE_PREFIX);
    }

    public String sha256() {
        return sha256(value);
    }

    static String sha256(String token) {
        return Sha256.hex(token);
    }

    private static boolean isUrlSafe(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    @Override
    public String toString() {
        return prefix() + "…";
    }
}
