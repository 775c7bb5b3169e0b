package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failed logins slow the next attempts down. The suite's server allows many free failures, so
 * other tests' deliberate failures never trip it; this test lowers the number inside the server.
 */
@ExtendWith(ArquillianExtension.class)
class FailedLoginsIT {

    private static final String SETTING = "orator.logins.free-failures";
    private static final String DASHBOARD = "/api/v1/admin/dashboard";

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class, Client.class);
    }

    @Test
    void afterTwoWrongPasswordsEvenTheRightOneWaits() {
        String before = System.getProperty(SETTING);
        System.setProperty(SETTING, "2");
        try {
            assertEquals(401, Api.asUser("GET", DASHBOARD, Api.ADMIN_USER, "wrong-1").statusCode());
            assertEquals(401, Api.asUser("GET", DASHBOARD, Api.ADMIN_USER, "wrong-2").statusCode());
            HttpResponse<String> waiting = Api.asUser("GET", DASHBOARD, Api.ADMIN_USER, Api.ADMIN_PASSWORD);
            assertEquals(401, waiting.statusCode(), "the right password is not even checked yet");
            assertTrue(waiting.headers().firstValue("Retry-After").isPresent());
            Api.await(() -> Api.asUser("GET", DASHBOARD, Api.ADMIN_USER, Api.ADMIN_PASSWORD).statusCode(),
                    status -> status == 200, Duration.ofSeconds(30), "the wait to pass");
        } finally {
            restore(before);
        }
    }

    @Test
    void afterTwoBadKeysTheApiAnswers429WithRetryAfter() {
        Client client = Client.create("patient");
        String before = System.getProperty(SETTING);
        System.setProperty(SETTING, "2");
        try {
            String unknown = "Bearer ork_" + "B".repeat(43);
            for (int i = 0; i < 2; i++) {
                assertEquals(401, Api.send(Client.request("GET", "/api/v1/syntheses", null)
                        .header("Authorization", unknown).build()).statusCode());
            }
            HttpResponse<String> tooSoon = client.get("/api/v1/syntheses");
            assertEquals(429, tooSoon.statusCode(), tooSoon.body());
            assertEquals("urn:orator:problem:too-many-failed-logins", Api.json(tooSoon).getString("type"));
            assertTrue(Integer.parseInt(tooSoon.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            Api.await(() -> client.get("/api/v1/syntheses").statusCode(), status -> status == 200,
                    Duration.ofSeconds(30), "the wait to pass");
        } finally {
            restore(before);
        }
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(SETTING);
        } else {
            System.setProperty(SETTING, before);
        }
    }
}
