package io.orator.health;

import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the GPU the neural voices run on has enough free memory; always UP on the CPU. */
@Readiness
@ApplicationScoped
public class GpuReadiness implements HealthCheck {

    @Inject
    VoiceRegistry voices;

    @Inject
    @ConfigProperty(name = "orator.gpu.min-free-bytes", defaultValue = "1073741824")
    long minFreeBytes;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("gpu");
        return voices.gpuMemory()
                .map(gpu -> {
                    long free = gpu.getMax() - gpu.getUsed();
                    return response.status(free >= minFreeBytes)
                            .withData("usedBytes", gpu.getUsed())
                            .withData("freeBytes", free)
                            .withData("minFreeBytes", minFreeBytes);
                })
                .orElseGet(() -> response.up().withData("device", "none: neural voices run on the CPU"))
                .build();
    }
}
