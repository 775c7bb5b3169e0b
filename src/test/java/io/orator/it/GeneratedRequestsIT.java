package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.engine.SourceOfRandomness;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of generated requests (jqwik's generators, fixed seeds, so a failure names a request
 * that can be sent again) with random methods, paths, ids, query strings, headers, bodies and
 * credentials across every endpoint of the API and the admin API. No answer may be a 5xx, and
 * no request that was refused may leave a row: at the end the jobs created since the start are
 * exactly the accepted submissions less the accepted deletions, and the API keys grew by exactly
 * the accepted creations.
 */
@ExtendWith(ArquillianExtension.class)
class GeneratedRequestsIT {

    private static final long[] SEEDS = {20261129L, 7L, 424242L, 1_000_003L, 31337L};
    private static final int REQUESTS_PER_SEED = 2_000;
    private static final String JOBS = "/api/v1/syntheses";
    private static final String ADMIN = "/api/v1/admin";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    /** Who a generated request claims to be. */
    enum Credential { NONE, CLIENT_A, CLIENT_B, OPERATOR, REVOKED_KEY, WRONG_PASSWORD, GARBAGE_BEARER, JWT_SHAPED, OTHER_SCHEME }

    /** Which job, key or other id a request names, chosen when it is sent (the known ids grow meanwhile). */
    enum IdChoice { KNOWN_JOB, KNOWN_KEY, RANDOM_UUID, GARBAGE }

    /** An endpoint and method; {@code {id}} is replaced by the request's id. */
    enum Endpoint {
        SUBMIT("POST", JOBS), LIST("GET", JOBS), GET("GET", JOBS + "/{id}"), AUDIO("GET", JOBS + "/{id}/audio"),
        EVENTS("GET", JOBS + "/{id}/events"), CANCEL("POST", JOBS + "/{id}/cancel"), DELETE("DELETE", JOBS + "/{id}"),
        VOICES("GET", "/api/v1/voices"), VOICE("GET", "/api/v1/voices/{id}"),
        ADMIN_JOBS("GET", ADMIN + "/syntheses"), ADMIN_JOB("GET", ADMIN + "/syntheses/{id}"),
        ADMIN_CANCEL("POST", ADMIN + "/syntheses/{id}/cancel"), ADMIN_RETRY("POST", ADMIN + "/syntheses/{id}/retry"),
        ADMIN_DELETE("DELETE", ADMIN + "/syntheses/{id}"),
        KEY_CREATE("POST", ADMIN + "/keys"), KEYS("GET", ADMIN + "/keys"), KEY("GET", ADMIN + "/keys/{id}"),
        KEY_REVOKE("POST", ADMIN + "/keys/{id}/revoke"),
        AUDIT("GET", ADMIN + "/audit"), USAGE("GET", ADMIN + "/usage"), DASHBOARD("GET", ADMIN + "/dashboard"),
        SAMPLES("GET", ADMIN + "/samples"), DISPATCH("GET", ADMIN + "/dispatch"),
        PAUSE("POST", ADMIN + "/dispatch/pause"), RESUME("POST", ADMIN + "/dispatch/resume"),
        CLEANUP("POST", ADMIN + "/cleanup"), RESCAN("POST", ADMIN + "/voices/rescan"),
        UNKNOWN("GET", "/api/v1/{id}"), WRONG_METHOD("PUT", JOBS + "/{id}"),
        SPEECH("POST", "/v1/audio/speech"), MODELS("GET", "/v1/models"), MODEL("GET", "/v1/models/{id}"),
        SPEECH_VOICES("GET", "/v1/audio/voices"), OPENAI_UNKNOWN("GET", "/v1/{id}");

        final String method;
        final String path;

        Endpoint(String method, String path) {
            this.method = method;
            this.path = path;
        }
    }

    record Generated(Endpoint endpoint, String method, IdChoice id, String garbage, Credential credential,
                     String secret, String query, String body, Map<String, String> headers) {

        @Override
        public String toString() {
            return method + " " + endpoint.path + query + " id=" + id + (id == IdChoice.GARBAGE ? "(" + garbage + ")" : "")
                    + " as " + credential + " headers=" + headers + " body=" + body;
        }
    }

    /** What the run accepted, to be found in the database afterwards. */
    private final Set<String> acceptedJobs = new HashSet<>();
    private final Set<String> deletedJobs = new HashSet<>();
    private final List<String> knownJobs = new ArrayList<>();
    private final List<String> createdKeys = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final List<String> serverErrors = new ArrayList<>();
    private int acceptedKeyCreations;
    private Client clientA;
    private Client clientB;
    private String revokedKey;

    @Test
    void noGeneratedRequestGetsA5xxOrLeavesARowWhenRefused() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        int keysBefore = keyCount();
        clientA = Client.create("gen-a");
        clientB = Client.create("gen-b");
        Client revoked = Client.create("gen-revoked");
        assertEquals(200, Api.admin("POST", ADMIN + "/keys/" + revoked.keyId + "/revoke").statusCode());
        revokedKey = revoked.key;
        // Queued jobs stay queued: the run measures the API, not synthesis, on two busy cores.
        assertEquals(200, Api.admin("POST", ADMIN + "/dispatch/pause").statusCode());
        try {
            int sent = 0;
            for (long seed : SEEDS) {
                // Outside a jqwik property, samples come from the thread's source of randomness: seeded here.
                SourceOfRandomness.create(Long.toString(seed));
                Iterator<Generated> requests = requests().withoutEdgeCases().sampleStream().limit(REQUESTS_PER_SEED).iterator();
                for (int i = 0; requests.hasNext(); i++) {
                    send(requests.next(), "seed " + seed + " #" + i);
                    sent++;
                }
            }
            assertTrue(sent >= 10_000, "sent " + sent);
            assertTrue(serverErrors.isEmpty(), serverErrors.size() + " server errors, first: "
                    + serverErrors.subList(0, Math.min(5, serverErrors.size())));
            System.out.println("Generated requests: " + sent + " by status " + statuses);
            assertTrue(statuses.keySet().stream().anyMatch(s -> s == 202), "some submissions were accepted");
            assertTrue(statuses.keySet().stream().filter(s -> s >= 400).count() >= 5, "refusals of several kinds: " + statuses);

            Set<String> expected = new HashSet<>(acceptedJobs);
            expected.removeAll(deletedJobs);
            Set<String> stored = jobsCreatedSince(start);
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(stored);
            Set<String> unexpected = new HashSet<>(stored);
            unexpected.removeAll(expected);
            assertEquals(Set.of(), unexpected, "jobs no accepted submission made");
            assertEquals(Set.of(), missing, "accepted jobs not deleted by a request, yet gone");
            assertEquals(keysBefore + 3 + acceptedKeyCreations, keyCount(), "keys = the test's three + accepted creations");
        } finally {
            for (String id : jobsCreatedSince(start)) {
                Api.admin("DELETE", ADMIN + "/syntheses/" + id);
            }
            Api.admin("POST", ADMIN + "/dispatch/resume");
        }
    }

    private void send(Generated generated, String name) throws IOException, InterruptedException {
        String id = switch (generated.id()) {
            case KNOWN_JOB -> knownJobs.isEmpty() ? UUID.randomUUID().toString()
                    : knownJobs.get(Math.floorMod(generated.garbage().hashCode(), knownJobs.size()));
            case KNOWN_KEY -> createdKeys.isEmpty() ? UUID.randomUUID().toString()
                    : createdKeys.get(Math.floorMod(generated.garbage().hashCode(), createdKeys.size()));
            case RANDOM_UUID -> UUID.nameUUIDFromBytes(generated.garbage().getBytes(StandardCharsets.UTF_8)).toString();
            case GARBAGE -> URLEncoder.encode(generated.garbage(), StandardCharsets.UTF_8).replace("+", "%20");
        };
        String path = generated.endpoint().path.replace("{id}", id) + generated.query();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.BASE + path)).timeout(Duration.ofSeconds(60))
                .method(generated.method(), generated.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(generated.body()));
        generated.headers().forEach(request::header);
        authorization(generated).ifPresent(value -> request.header("Authorization", value));
        // A stream's answer is known from its head; its body would last as long as the job.
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String body;
        try (InputStream in = response.body()) {
            body = generated.endpoint() == Endpoint.EVENTS && response.statusCode() == 200 ? ""
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        if (status >= 500) {
            serverErrors.add(shortened(name + ": " + status + " for " + generated + " -> " + body));
            return;
        }
        record(generated, id, status, response, body);
    }

    /** Counts what an accepted request made or removed, by what was sent (an endpoint's method may have been swapped). */
    private void record(Generated generated, String id, int status, HttpResponse<?> response, String body) {
        String template = generated.endpoint().path;
        boolean jobs = template.equals(JOBS) || template.equals(ADMIN + "/syntheses");
        boolean job = template.equals(JOBS + "/{id}") || template.equals(ADMIN + "/syntheses/{id}");
        boolean keys = template.equals(ADMIN + "/keys");
        if (status == 202 && "POST".equals(generated.method()) && jobs) {
            String made = json(body).getString("id");
            acceptedJobs.add(made);
            knownJobs.add(made);
        } else if (status == 204 && "DELETE".equals(generated.method()) && job) {
            deletedJobs.add(id);
        } else if (status == 201 && "POST".equals(generated.method()) && keys) {
            acceptedKeyCreations++;
            createdKeys.add(json(body).getString("id"));
        }
        if (status == 202 || status == 201) {
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), body);
        } else if (status >= 400 && template.startsWith("/v1/") && !"HEAD".equals(generated.method())) {
            if (!body.startsWith("{\"error\":{")) {
                serverErrors.add(shortened(status + " without an OpenAI error body for " + generated + " -> " + body));
            }
        } else if (status >= 400 && !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                && !(status == 401 && template.startsWith(ADMIN)) && !"HEAD".equals(generated.method())) {
            serverErrors.add(shortened(status + " without a problem body for " + generated + " -> " + body));
        }
    }

    private java.util.Optional<String> authorization(Generated generated) {
        return java.util.Optional.ofNullable(switch (generated.credential()) {
            case NONE -> null;
            case CLIENT_A -> "Bearer " + clientA.key;
            case CLIENT_B -> "Bearer " + clientB.key;
            case OPERATOR -> Api.basic(Api.ADMIN_USER, Api.ADMIN_PASSWORD);
            case REVOKED_KEY -> "Bearer " + revokedKey;
            case WRONG_PASSWORD -> Api.basic(Api.ADMIN_USER, generated.secret());
            case GARBAGE_BEARER -> "Bearer " + generated.secret();
            case JWT_SHAPED -> "Bearer eyJhbGciOiJSUzI1NiJ9." + base64(generated.secret()) + ".c2lnbmF0dXJl";
            case OTHER_SCHEME -> "Digest " + generated.secret();
        });
    }

    private static String shortened(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "…";
    }

    private static JsonObject json(String body) {
        return jakarta.json.Json.createReader(new java.io.StringReader(body)).readObject();
    }

    private static String base64(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // --- generators ---

    private static Arbitrary<Generated> requests() {
        Arbitrary<Endpoint> endpoints = Arbitraries.frequency(
                Tuple.of(250, Endpoint.SUBMIT), Tuple.of(80, Endpoint.LIST), Tuple.of(90, Endpoint.GET),
                Tuple.of(50, Endpoint.AUDIO), Tuple.of(30, Endpoint.EVENTS), Tuple.of(50, Endpoint.CANCEL),
                Tuple.of(50, Endpoint.DELETE), Tuple.of(25, Endpoint.VOICES), Tuple.of(25, Endpoint.VOICE),
                Tuple.of(25, Endpoint.ADMIN_JOBS), Tuple.of(20, Endpoint.ADMIN_JOB), Tuple.of(15, Endpoint.ADMIN_CANCEL),
                Tuple.of(15, Endpoint.ADMIN_RETRY), Tuple.of(10, Endpoint.ADMIN_DELETE), Tuple.of(40, Endpoint.KEY_CREATE),
                Tuple.of(20, Endpoint.KEYS), Tuple.of(15, Endpoint.KEY), Tuple.of(10, Endpoint.KEY_REVOKE),
                Tuple.of(20, Endpoint.AUDIT), Tuple.of(15, Endpoint.USAGE), Tuple.of(15, Endpoint.DASHBOARD),
                Tuple.of(10, Endpoint.SAMPLES), Tuple.of(10, Endpoint.DISPATCH), Tuple.of(2, Endpoint.PAUSE),
                Tuple.of(1, Endpoint.RESUME), Tuple.of(2, Endpoint.CLEANUP), Tuple.of(1, Endpoint.RESCAN),
                Tuple.of(25, Endpoint.UNKNOWN), Tuple.of(15, Endpoint.WRONG_METHOD), Tuple.of(40, Endpoint.SPEECH),
                Tuple.of(10, Endpoint.MODELS), Tuple.of(10, Endpoint.MODEL), Tuple.of(10, Endpoint.SPEECH_VOICES),
                Tuple.of(10, Endpoint.OPENAI_UNKNOWN));
        Arbitrary<Credential> credentials = Arbitraries.frequency(
                Tuple.of(25, Credential.NONE), Tuple.of(25, Credential.CLIENT_A), Tuple.of(15, Credential.CLIENT_B),
                Tuple.of(20, Credential.OPERATOR), Tuple.of(3, Credential.REVOKED_KEY), Tuple.of(3, Credential.WRONG_PASSWORD),
                Tuple.of(3, Credential.GARBAGE_BEARER), Tuple.of(3, Credential.JWT_SHAPED), Tuple.of(2, Credential.OTHER_SCHEME));
        Arbitrary<IdChoice> ids = Arbitraries.frequency(Tuple.of(55, IdChoice.KNOWN_JOB), Tuple.of(10, IdChoice.KNOWN_KEY),
                Tuple.of(20, IdChoice.RANDOM_UUID), Tuple.of(15, IdChoice.GARBAGE));
        // A method other than the endpoint's, now and then, for 405s and 404s.
        Arbitrary<String> otherMethods = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
        Arbitrary<Boolean> keepMethod = Arbitraries.frequency(Tuple.of(92, true), Tuple.of(8, false));
        record Target(Endpoint endpoint, String method, IdChoice id, String garbage) {
        }
        Arbitrary<Target> targets = Combinators.combine(endpoints, keepMethod, otherMethods, ids, garbage())
                .as((endpoint, keep, other, id, junk) -> new Target(endpoint, keep ? endpoint.method : other, id, junk));
        return Combinators.combine(targets, credentials, printable(40), queries(), bodies(), headers())
                .as((target, credential, secret, query, body, headers) -> new Generated(target.endpoint(), target.method(),
                        target.id(), target.garbage(), credential, secret, query,
                        "GET".equals(target.method()) || "HEAD".equals(target.method()) ? null : body, headers));
    }

    /** Printable ASCII (what a header may carry), of up to {@code max} characters. */
    private static Arbitrary<String> printable(int max) {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(0).ofMaxLength(max);
    }

    private static Arbitrary<String> garbage() {
        return Arbitraries.oneOf(printable(60), Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("..", "../../etc/passwd", "%00", "null", "-1", "00000000-0000-0000-0000-000000000000",
                        "ffffffff-ffff-ffff-ffff-ffffffffffffff", "x".repeat(5_000)));
    }

    private static Arbitrary<String> queries() {
        Arbitrary<String> names = Arbitraries.of("limit", "cursor", "status", "id", "days", "hours", "since", "until",
                "action", "actor", "client", "x");
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.integers().between(-5, 100_000).map(String::valueOf),
                Arbitraries.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "queued", "2026-01-01T00:00:00Z", "yesterday",
                        "eyJ0IjoxfQ", "AAAA", ""),
                printable(20));
        Arbitrary<String> pair = Combinators.combine(names, values)
                .as((n, v) -> n + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        return pair.list().ofMaxSize(3).map(pairs -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
    }

    private static Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> contentTypes = Arbitraries.of("application/json", "application/json; charset=UTF-8", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "*/*", "",
                "json", "application/json; charset", "text/plain; charset=\"x", "application/json;;", "a/b/c");
        Arbitrary<String> names = Arbitraries.of("Idempotency-Key", "Range", "Last-Event-ID", "Origin", "Sec-Fetch-Site",
                "X-Forwarded-For", "Accept", "If-None-Match", "Accept-Language", "If-Modified-Since");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("bytes=0-99", "bytes=100-", "bytes=-10", "bytes=5-1", "bytes=0-0,5-9", "https://evil.example",
                        "cross-site", "same-origin", "none", "10.0.0.1", "application/json", "text/event-stream", "key-1",
                        "key-2", "7", "abc"),
                printable(30).filter(v -> !v.isBlank()).map(String::strip).filter(v -> !v.isEmpty()));
        Arbitrary<Map<String, String>> extra = Arbitraries.maps(names, values).ofMaxSize(3);
        Arbitrary<Integer> contentType = Arbitraries.frequency(Tuple.of(70, 0), Tuple.of(10, 1), Tuple.of(20, 2));
        return Combinators.combine(contentType, contentTypes, extra).as((which, type, more) -> {
            Map<String, String> all = new LinkedHashMap<>(more);
            if (which == 0) {
                all.put("Content-Type", "application/json");
            } else if (which == 2 && !type.isEmpty()) {
                all.put("Content-Type", type);
            }
            return all;
        });
    }

    private static Arbitrary<String> bodies() {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(60, Arbitraries.of("Hello there.", "Welcome back to the show.", "1, 2, 3.", "Ünïcödé – “quotes” ✓",
                        "", " ")),
                Tuple.of(25, Arbitraries.strings().alpha().numeric().withChars(" .,!?'").ofMinLength(1).ofMaxLength(80)),
                Tuple.of(15, Arbitraries.strings().all().ofMaxLength(80)));
        Arbitrary<Integer> speakers = Arbitraries.frequencyOf(Tuple.of(85, Arbitraries.integers().between(1, 4)),
                Tuple.of(15, Arbitraries.integers().between(-1, 6)));
        Arbitrary<String> scripts = Combinators.combine(speakers, text)
                .as((speaker, line) -> "Speaker " + speaker + ": " + line);
        Arbitrary<String> submissions = Combinators.combine(scripts.list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.of("", ", \"speed\": 1.5", ", \"speed\": 9", ", \"speed\": \"fast\"",
                                ", \"retentionHours\": 0", ", \"retentionHours\": 2", ", \"voices\": {\"1\": \"nope\"}",
                                ", \"voices\": {\"x\": 1}", ", \"turns\": [{\"speaker\": 1, \"text\": \"Hi.\"}]",
                                ", \"turns\": [{}]", ", \"unknown\": true"))
                .as((lines, extra) -> "{\"script\": " + Api.quote(String.join("\n", lines)) + extra + "}");
        Arbitrary<String> turns = Combinators.combine(Arbitraries.integers().between(-2, 5), text)
                .as((speaker, line) -> "{\"speaker\": " + speaker + ", \"text\": " + Api.quote(line) + "}")
                .list().ofMaxSize(4).map(list -> "{\"turns\": [" + String.join(", ", list) + "]}");
        Arbitrary<String> keys = Combinators.combine(Arbitraries.oneOf(Arbitraries.of("acme", "gen-made", "Bad Name!", ""),
                        printable(20)), printable(20))
                .as((client, name) -> "{\"client\": " + Api.quote(client) + ", \"name\": " + Api.quote(name) + "}");
        Arbitrary<String> malformed = Arbitraries.oneOf(printable(100), Arbitraries.of("", "{", "[]", "null", "42",
                "{\"script\": null}", "{\"script\": 5}", "{\"script\": [\"a\"]}", "\"text\"", "{\"script\": \"Speaker 1: x\"",
                "{\"script\": \"" + "a".repeat(300_000) + "\"}"));
        Arbitrary<String> speech = Combinators.combine(Arbitraries.of("tts-1", "gpt-4o-mini-tts", "espeak-ng", "x", ""),
                        Arbitraries.of("alloy", "nova", "en-us-m7", "nobody", ""), Arbitraries.of("mp3", "wav", "pcm", "opus", "ogg"),
                        Arbitraries.of("", ", \"speed\": 2", ", \"speed\": 0", ", \"stream_format\": \"sse\"",
                                ", \"stream_format\": \"x\"", ", \"voice\": {\"id\": \"alloy\"}", ", \"extra\": 1"), text)
                .as((model, voice, format, extra, input) -> "{\"model\": " + Api.quote(model) + ", \"voice\": " + Api.quote(voice)
                        + ", \"response_format\": " + Api.quote(format) + ", \"input\": " + Api.quote(input) + extra + "}");
        return Arbitraries.frequencyOf(Tuple.of(45, submissions), Tuple.of(15, turns), Tuple.of(10, keys),
                Tuple.of(15, malformed), Tuple.of(15, speech));
    }

    // --- reading the database back, as the operator ---

    private static Set<String> jobsCreatedSince(Instant start) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            HttpResponse<String> page = Api.admin("GET", ADMIN + "/syntheses?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.statusCode(), page.body());
            JsonObject body = Api.json(page);
            boolean older = false;
            for (var item : body.getJsonArray("items")) {
                JsonObject job = item.asJsonObject();
                if (Instant.parse(job.getString("createdAt")).isBefore(start)) {
                    older = true;
                    break;
                }
                ids.add(job.getString("id"));
            }
            cursor = older ? null : body.getString("next", null);
        } while (cursor != null);
        return ids;
    }

    private static int keyCount() {
        HttpResponse<String> keys = Api.admin("GET", ADMIN + "/keys");
        assertEquals(200, keys.statusCode(), keys.body());
        return Api.json(keys).getJsonArray("items").size();
    }
}
