package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OIDC/JWT bearer tokens: verified by MicroProfile JWT against the configured issuer and key,
 * the client taken from the configured claim. Runs inside the server so that it can configure
 * the issuer there (MicroProfile Config reads system properties on every lookup).
 */
@ExtendWith(ArquillianExtension.class)
class BearerTokensIT {

    private static final String JOBS = "/api/v1/syntheses";
    private static final List<String> SETTINGS = List.of("mp.jwt.verify.publickey", "mp.jwt.verify.issuer",
            "orator.clients.jwt.client-claim", "mp.jwt.verify.audiences");

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class, Client.class, SignedTokens.class);
    }

    @AfterEach
    void unconfigure() {
        SETTINGS.forEach(System::clearProperty);
    }

    private static SignedTokens trustedIssuer() {
        SignedTokens issuer = SignedTokens.generate();
        System.setProperty("mp.jwt.verify.publickey", issuer.publicKeyPem());
        System.setProperty("mp.jwt.verify.issuer", SignedTokens.ISSUER);
        return issuer;
    }

    private static HttpResponse<String> withToken(String method, String path, String json, String token) {
        return Api.send(Client.request(method, path, json).header("Authorization", "Bearer " + token).build());
    }

    private static String submit(String token, String script) {
        HttpResponse<String> submitted = withToken("POST", JOBS, "{\"script\": " + Api.quote(script) + "}", token);
        assertEquals(202, submitted.statusCode(), submitted.body());
        return Api.json(submitted).getString("id");
    }

    private static Set<String> listed(String token) {
        HttpResponse<String> list = withToken("GET", JOBS, null, token);
        assertEquals(200, list.statusCode(), list.body());
        return Api.json(list).getJsonArray("items").stream().map(i -> i.asJsonObject().getString("id"))
                .collect(Collectors.toSet());
    }

    /**
     * Asserts a 401 problem that says {@code detail}; then a good token's request, so that the
     * address's failed-login streak never reaches its backoff whatever the order of the tests.
     */
    private static void assertRefused(String token, String detail, String goodToken) {
        HttpResponse<String> refused = withToken("GET", JOBS, null, token);
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(Api.json(refused).getString("detail").contains(detail), refused.body());
        if (goodToken != null) {
            assertEquals(200, withToken("GET", JOBS, null, goodToken).statusCode());
        }
    }

    @Test
    void aValidTokensJobsBelongToItsSubjectAndNoOneElse() {
        SignedTokens issuer = trustedIssuer();
        String subject = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        String token = issuer.token(subject);
        String id = submit(token, "Speaker 1: Signed by the identity provider.");

        JsonObject job = Api.json(withToken("GET", JOBS + "/" + id, null, token));
        assertEquals(subject, job.getString("client"));
        assertEquals(Set.of(id), listed(token));
        assertEquals(Set.of(id), listed(issuer.token(subject)), "a fresh token of the same subject is the same client");

        Client other = Client.create("keyed");
        assertEquals(404, other.get(JOBS + "/" + id).statusCode(), "an API key client does not see the token's job");
        String othersJob = other.submit("Speaker 1: Mine, by key.");
        assertEquals(404, withToken("GET", JOBS + "/" + othersJob, null, token).statusCode());
        assertEquals(404, withToken("DELETE", JOBS + "/" + othersJob, null, token).statusCode());
        assertEquals(200, Api.admin("GET", JOBS + "/" + id).statusCode(), "operators see every client's jobs");
    }

    @Test
    void tokensFromTheWrongIssuerExpiredOrBadlySignedAreRefused() {
        SignedTokens issuer = trustedIssuer();
        String good = issuer.token("svc-good");
        String refusal = "invalid, expired or not from the configured issuer";

        assertRefused(issuer.token(c -> c.add("sub", "svc-a").add("iss", "https://evil.example.test")), refusal, good);
        long past = Instant.now().getEpochSecond() - 3_600;
        assertRefused(issuer.token(c -> c.add("sub", "svc-a").add("iat", past - 300).add("exp", past)), refusal, good);
        assertRefused(SignedTokens.generate().token("svc-a"), refusal, good);
        assertRefused(SignedTokens.withClaimsReplaced(issuer.token("svc-a"), c -> c.add("sub", "svc-other")), refusal, good);
        assertRefused(issuer.token(c -> c.add("sub", "svc-a").remove("exp")), refusal, good);
        assertRefused(issuer.token(c -> c.add("sub", "not a client name!")), "is not a client name", good);
        assertRefused(issuer.token(c -> c.add("email", "a@example.test")), "has no \"sub\" claim", good);

        HttpResponse<String> events = Api.admin("GET", "/api/v1/admin/audit?action=login.failed&limit=50");
        assertTrue(Api.json(events).getJsonArray("items").stream().map(JsonValue::asJsonObject)
                        .anyMatch(e -> e.getString("target", "").startsWith("invalid JWT")), events.body());
    }

    @Test
    void theClientClaimAndTheAudienceComeFromConfiguration() {
        SignedTokens issuer = trustedIssuer();
        System.setProperty("orator.clients.jwt.client-claim", "azp");
        System.setProperty("mp.jwt.verify.audiences", "orator,speech");
        String client = "app-" + UUID.randomUUID().toString().substring(0, 8);
        String token = issuer.token(c -> c.add("sub", "user-1").add("azp", client).add("aud", "speech"));
        String id = submit(token, "Speaker 1: The authorized party is the client.");
        assertEquals(client, Api.json(withToken("GET", JOBS + "/" + id, null, token)).getString("client"));

        assertRefused(issuer.token(c -> c.add("sub", "user-1").add("azp", client).add("aud", "elsewhere")),
                "invalid, expired or not from the configured issuer", token);
        assertRefused(issuer.token(c -> c.add("sub", "user-1").add("aud", "speech")), "has no \"azp\" claim", token);
    }

    @Test
    void withoutAConfiguredIssuerTokensAreRefusedAndKeysStillWork() {
        SignedTokens issuer = SignedTokens.generate();
        assertRefused(issuer.token("svc-a"), "no token issuer is configured", null);
        Client client = Client.create("keys-only");
        assertEquals(200, client.get(JOBS).statusCode());
    }
}
