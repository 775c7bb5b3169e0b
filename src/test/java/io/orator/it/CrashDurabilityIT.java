package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the API acknowledged survives a {@code kill -9} that comes right after, on the embedded
 * H2 database the README starts with: a server of its own is killed the moment the last of a
 * run of submissions is answered 202, and started again on the same data.
 */
class CrashDurabilityIT {

    private static ClusterNode node;

    @BeforeAll
    static void startServer() throws Exception {
        assumeFalse("postgresql".equals(System.getProperty("orator.it.database")),
                "the embedded database's durability; PostgreSQL's is its own");
        node = new ClusterNode("crash-node", 450, Files.createTempDirectory("orator-crash"), Map.of(
                "orator.admin.user", Api.ADMIN_USER,
                "orator.admin.password", Api.ADMIN_PASSWORD,
                "orator.clients.max-queued-jobs", "0"), Map.of());
        node.start();
    }

    @AfterAll
    static void stopServer() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void jobsAnsweredJustBeforeAKillAreThereAfterTheRestart() throws Exception {
        // Paused, so the jobs stay queued and the last writes before the kill are the submissions.
        assertEquals(200, Api.admin("POST", node.api() + "/api/v1/admin/dispatch/pause").statusCode());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> response = Api.post(node.api() + "/api/v1/syntheses",
                    "{\"script\": \"Speaker 1: Submission " + i + " must not be lost.\"}");
            assertEquals(202, response.statusCode(), response.body());
            ids.add(Api.json(response).getString("id"));
        }
        node.kill();
        node.start();

        List<String> lost = ids.stream()
                .filter(id -> Api.get(node.api() + "/api/v1/syntheses/" + id).statusCode() != 200).toList();
        assertEquals(List.of(), lost, lost.size() + " of " + ids.size() + " acknowledged jobs lost in the kill");
    }
}
