package io.orator.health;

import io.orator.storage.AudioStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the audio directory is writable with enough free space for new jobs. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    @Inject
    AudioStore store;

    @Inject
    @ConfigProperty(name = "orator.storage.min-free-bytes", defaultValue = "268435456")
    long minFreeBytes;

    @Override
    public HealthCheckResponse call() {
        long free = store.usableSpace();
        boolean writable = store.isWritable();
        return HealthCheckResponse.named("storage")
                .status(writable && free >= minFreeBytes)
                .withData("writable", writable)
                .withData("freeBytes", free)
                .withData("minFreeBytes", minFreeBytes)
                .build();
    }
}
