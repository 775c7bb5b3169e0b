package io.orator.it;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;

/** An identity provider of its own: an RSA key pair that signs RS256 JWTs, as an OIDC provider's access tokens are. */
final class SignedTokens {

    static final String ISSUER = "https://login.example.test/realms/orator";

    private final KeyPair keys;

    private SignedTokens(KeyPair keys) {
        this.keys = keys;
    }

    static SignedTokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new SignedTokens(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as {@code mp.jwt.verify.publickey} takes it: PEM. */
    String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A token from {@link #ISSUER} for {@code subject}, valid for five minutes. */
    String token(String subject) {
        return token(claims -> claims.add("sub", subject));
    }

    /** A token with the usual claims (issuer, issued now, expiring in five minutes), then {@code adjust}'s. */
    String token(Consumer<JsonObjectBuilder> adjust) {
        long now = Instant.now().getEpochSecond();
        JsonObjectBuilder claims = Json.createObjectBuilder().add("iss", ISSUER).add("iat", now).add("exp", now + 300)
                .add("jti", java.util.UUID.randomUUID().toString());
        adjust.accept(claims);
        String header = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"test\"}");
        String payload = encode(claims.build().toString());
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code token} with its claims changed by {@code adjust} and its signature kept: a forgery. */
    static String withClaimsReplaced(String token, Consumer<JsonObjectBuilder> adjust) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        JsonObjectBuilder claims = Json.createObjectBuilder(Json.createReader(new java.io.StringReader(payload)).readObject());
        adjust.accept(claims);
        return parts[0] + "." + encode(claims.build().toString()) + "." + parts[2];
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
