package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code orator.clients.anonymous=off}, the container image's setting: requests from this very
 * machine need credentials too. Runs inside the server so it can change the setting there.
 */
@ExtendWith(ArquillianExtension.class)
class AnonymousAccessOffIT {

    private static final String SETTING = "orator.clients.anonymous";

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class, Client.class);
    }

    @Test
    void withAnonymousAccessOffEveryApiRequestNeedsCredentials() {
        Client client = Client.create("strict");
        System.setProperty(SETTING, "off");
        try {
            for (HttpResponse<String> refused : java.util.List.of(Api.get("/api/v1/syntheses"), Api.get("/api/v1/voices"),
                    Api.post("/api/v1/syntheses", "{\"script\": \"Speaker 1: Anonymous.\"}"))) {
                assertEquals(401, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
                assertTrue(refused.body().contains("Credentials are required"), refused.body());
            }
            assertEquals(200, client.get("/api/v1/syntheses").statusCode());
            assertEquals(200, Api.asUser("GET", "/api/v1/syntheses", Api.ADMIN_USER, Api.ADMIN_PASSWORD).statusCode());
            String anonymous = Api.json(Api.get(Api.MANAGEMENT + "/health/ready")).getJsonArray("checks").stream()
                    .map(JsonValue::asJsonObject).filter(c -> "clients".equals(c.getString("name"))).findFirst()
                    .orElseThrow().getJsonObject("data").getString("anonymous");
            assertEquals("off", anonymous);
        } finally {
            System.clearProperty(SETTING);
        }
        assertEquals(200, Api.get("/api/v1/syntheses").statusCode(), "back to the zero-setup default");
    }
}
