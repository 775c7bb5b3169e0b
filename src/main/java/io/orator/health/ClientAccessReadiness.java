package io.orator.health;

import io.orator.clients.AnonymousAccess;
import io.orator.clients.ApiKeys;
import io.orator.clients.BearerTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Always up; says who may call: whether anonymous requests from this machine are accepted (the
 * zero-setup mode), how many API keys are live and which issuer's tokens are accepted, so a deployment left open shows at a glance.
 */
@Readiness
@ApplicationScoped
public class ClientAccessReadiness implements HealthCheck {

    @Inject
    AnonymousAccess anonymous;

    @Inject
    ApiKeys keys;

    @Inject
    BearerTokens tokens;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("clients").up()
                .withData("anonymous", anonymous.mode() == AnonymousAccess.Mode.LOOPBACK ? "loopback only" : "off")
                .withData("tokenIssuer", tokens.issuer().orElse("none"));
        try {
            response.withData("activeApiKeys", keys.activeCount());
        } catch (RuntimeException databaseDown) {
            // The database check reports that; this one only describes access.
        }
        return response.build();
    }
}
