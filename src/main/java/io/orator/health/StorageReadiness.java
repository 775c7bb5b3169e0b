package io.orator.health;

import io.orator.storage.AudioStore;
import io.orator.storage.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while running jobs can write their audio on this node's disk (writable, with room) and
 * the audio store takes it: the folder of the local store, or a bucket that answers.
 */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    @Inject
    AudioStore store;

    @Override
    public HealthCheckResponse call() {
        StoreHealth health = store.health();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("storage").status(health.up());
        health.data().forEach((key, value) -> {
            if (value instanceof Long number) {
                response.withData(key, number);
            } else if (value instanceof Boolean flag) {
                response.withData(key, flag);
            } else {
                response.withData(key, String.valueOf(value));
            }
        });
        return response.build();
    }
}
