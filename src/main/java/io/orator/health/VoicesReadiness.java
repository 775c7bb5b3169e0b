package io.orator.health;

import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/** Ready (and started) once the voices are loaded and warmed up. */
@Readiness
@Startup
@ApplicationScoped
public class VoicesReadiness implements HealthCheck {

    @Inject
    VoiceRegistry registry;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("voices")
                .status(registry.isReady())
                .withData("voices", registry.all().size());
        registry.problem().ifPresent(p -> response.withData("error", p));
        return response.build();
    }
}
