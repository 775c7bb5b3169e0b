package io.orator.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import jakarta.inject.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How long a job may run: a base plus a share per thousand characters, read at each claim. */
@ApplicationScoped
public class Deadlines {

    /** Read at each claim (as every {@code Provider} setting), so operators can change it without a restart. */
    @Inject
    @ConfigProperty(name = "orator.deadline.base-seconds", defaultValue = "120")
    Provider<Long> baseSeconds;

    @Inject
    @ConfigProperty(name = "orator.deadline.seconds-per-1000-characters", defaultValue = "60")
    Provider<Long> secondsPerThousandCharacters;

    public Duration forCharacters(int characters) {
        return Duration.ofSeconds(baseSeconds.get()).plusMillis(secondsPerThousandCharacters.get() * characters);
    }
}
