package io.orator.health;

import io.orator.dispatch.Dispatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the dispatch timer keeps ticking: a stuck worker or dead timer stops that. */
@Liveness
@ApplicationScoped
public class DispatchLiveness implements HealthCheck {

    private static final int MISSED_TICKS_ALLOWED = 3;

    @Inject
    Dispatcher dispatcher;

    @Override
    public HealthCheckResponse call() {
        Duration sinceTick = Duration.between(dispatcher.lastTick(), Instant.now());
        Duration allowed = dispatcher.timerPeriod().multipliedBy(MISSED_TICKS_ALLOWED);
        return HealthCheckResponse.named("dispatch")
                .status(sinceTick.compareTo(allowed) <= 0)
                .withData("secondsSinceLastTick", sinceTick.toSeconds())
                .withData("runningJob", dispatcher.runningJob().map(Object::toString).orElse("none"))
                .withData("paused", dispatcher.isPaused())
                .build();
    }
}
