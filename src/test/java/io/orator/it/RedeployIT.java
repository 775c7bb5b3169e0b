package io.orator.it;

import static io.orator.it.Api.awaitStatus;
import static io.orator.it.Api.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redeploying the application on a running server keeps native inference working (DJL lives in
 * a server module, so its libraries are never loaded by a second classloader), and leaves
 * exactly one of each of Orator's MBeans.
 */
@ExtendWith(ArquillianExtension.class)
class RedeployIT {

    private static final String NAME = "redeployed";

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void voicesOfEveryEngineAndMBeansSurviveTwoRedeploys() throws Exception {
        deployer.deploy(NAME);
        try {
            assertEquals(JmxIT.TYPES.size(), oratorMBeans());
            speakWithEveryEngine("first deployment");
            for (int round = 1; round <= 2; round++) {
                deployer.undeploy(NAME);
                assertEquals(0, oratorMBeans(), "undeploy removes them");
                deployer.deploy(NAME);
                assertEquals(JmxIT.TYPES.size(), oratorMBeans(), "redeploy " + round);
                speakWithEveryEngine("after redeploy " + round);
            }
        } finally {
            deployer.undeploy(NAME);
        }
    }

    @Test
    void eventStreamsDroppedByTheirClientsDoNotHoldUpAnUndeploy() throws Exception {
        deployer.deploy(NAME);
        try {
            assertEquals(200, Api.admin("POST", "/api/v1/admin/dispatch/pause").statusCode());
            String job = submit("{\"script\": \"Speaker 1: Nobody is listening any more.\"}");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (int i = 0; i < 10; i++) {
                // The client reads the first event and goes away without a word.
                java.net.http.HttpResponse<java.io.InputStream> stream = http.send(Client.request("GET",
                        "/api/v1/syntheses/" + job + "/events", null).build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, stream.statusCode());
                try (java.io.InputStream events = stream.body()) {
                    assertTrue(events.read() >= 0);
                }
            }
            // The cancellation is sent to streams whose clients are gone, then the streams close.
            assertEquals(200, Api.post("/api/v1/syntheses/" + job + "/cancel", "").statusCode());
            for (int i = 0; i < 10; i++) {
                java.net.http.HttpResponse<java.io.InputStream> stream = http.send(Client.request("GET",
                        "/api/v1/syntheses/" + submit("{\"script\": \"Speaker 1: Queued.\"}") + "/events", null).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                try (java.io.InputStream events = stream.body()) {
                    assertTrue(events.read() >= 0);
                }
            }
            deployer.undeploy(NAME);
            deployer.deploy(NAME);
            assertEquals(200, Api.get("/api/v1/syntheses").statusCode(), "the next deployment answers");
        } finally {
            Api.admin("POST", "/api/v1/admin/dispatch/resume");
            deployer.undeploy(NAME);
        }
    }

    private static void speakWithEveryEngine(String when) {
        for (String voice : new String[] {"tiny-ts", "tiny-onnx", "en-us-m7"}) {
            String id = submit("{\"script\": \"Speaker 1: Still speaking " + when + ".\", \"voices\": {\"1\": \"" + voice + "\"}}");
            JsonObject job = awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED", "FAILED");
            assertEquals("SUCCEEDED", job.getString("status"), voice + " " + when + ": " + job);
        }
    }

    private static int oratorMBeans() throws Exception {
        try (JMXConnector jmx = Jmx.connectLocal()) {
            return jmx.getMBeanServerConnection().queryNames(new ObjectName("orator:*"), null).size();
        }
    }
}
