package io.orator.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BearerTokensTest {

    @Test
    void aSignedJwtIsTakenForATokenAndAnApiKeyIsNot() {
        assertTrue(BearerTokens.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_"));
        assertFalse(BearerTokens.looksLikeJwt(ApiKeySecret.generate().value()));
        assertFalse(BearerTokens.looksLikeJwt("a.b"), "two parts");
        assertFalse(BearerTokens.looksLikeJwt("a.b.c.d.e"), "an encrypted JWT is not accepted");
        assertFalse(BearerTokens.looksLikeJwt("a..c"));
        assertFalse(BearerTokens.looksLikeJwt("a.b.c" + "x".repeat(20_000)), "absurdly long");
    }

    @Test
    void theReasonKeepsTheVerifiersWordsWithoutTheTokensContent() {
        Exception claims = new Exception("JWT (claims->{\"sub\":\"someone@example.test\"}) rejected due to invalid claims"
                + " or other invalid content. Additional details: [[1] The JWT is no longer valid]");
        assertEquals("[[1] The JWT is no longer valid]", BearerTokens.reason(new RuntimeException("wrapped", claims)));
        Exception signature = new Exception("Invalid JWS Signature: JsonWebSignature{\"alg\":\"RS256\"}->eyJhbGciOi.eyJzdWIi");
        assertEquals("Invalid JWS Signature:", BearerTokens.reason(signature));
        assertEquals(201, BearerTokens.reason(new Exception("x".repeat(500))).length());
    }
}
