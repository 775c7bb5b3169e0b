package io.orator.it;

import static io.orator.it.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health and metrics on the management interface show what operators are promised. */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void readinessReportsDatabaseStorageAndVoicesWithTheirData() {
        HttpResponse<String> response = Api.get(Api.MANAGEMENT + "/health/ready");
        assertEquals(200, response.statusCode(), response.body());
        Map<String, JsonObject> checks = checks(json(response));
        assertEquals("UP", checks.get("database").getString("status"));
        assertTrue(checks.get("database").getJsonObject("data").containsKey("queueDepth"));
        assertEquals("UP", checks.get("storage").getString("status"));
        assertTrue(checks.get("storage").getJsonObject("data").getJsonNumber("freeBytes").longValue() > 0);
        assertEquals("UP", checks.get("voices").getString("status"));
        assertTrue(checks.get("voices").getJsonObject("data").getInt("voices") > 10);
    }

    @Test
    void livenessReportsTheDispatchTimer() {
        HttpResponse<String> response = Api.get(Api.MANAGEMENT + "/health/live");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject dispatch = checks(json(response)).get("dispatch");
        assertEquals("UP", dispatch.getString("status"));
        assertTrue(dispatch.getJsonObject("data").getInt("secondsSinceLastTick") <= 3);
    }

    @Test
    void startedOnceVoicesAreWarm() {
        HttpResponse<String> response = Api.get(Api.MANAGEMENT + "/health/started");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("UP", checks(json(response)).get("voices").getString("status"));
    }

    @Test
    void metricsShowJobsQueueTimingAndMemory() {
        String id = Api.submit("{\"script\": \"Speaker 1: Count me in the metrics.\"}");
        Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
        String metrics = Api.get(Api.MANAGEMENT + "/metrics").body();
        for (String name : List.of("orator_jobs_submitted_total", "orator_jobs_succeeded_total",
                "orator_jobs_failed_total", "orator_jobs_cancelled_total", "orator_jobs_expired_total",
                "orator_queue_depth", "orator_jobs_running", "orator_synthesis_seconds_count",
                "orator_synthesis_real_time_factor_count", "orator_audio_produced_seconds_total",
                "orator_audio_disk_bytes", "orator_process_rss_bytes")) {
            assertTrue(metrics.contains(name), name + " missing from /metrics");
        }
        assertTrue(value(metrics, "orator_jobs_submitted_total") >= 1);
        assertTrue(value(metrics, "orator_jobs_succeeded_total") >= 1);
        assertTrue(value(metrics, "orator_process_rss_bytes") > 100_000_000, "RSS of a JVM server is sizeable");
        assertTrue(value(metrics, "orator_audio_produced_seconds_total") > 0.5);
    }

    private static double value(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " has no sample"));
    }

    private static Map<String, JsonObject> checks(JsonObject health) {
        return health.getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .collect(Collectors.toMap(c -> c.getString("name"), c -> c));
    }
}
