package io.orator.dispatch;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Drains the node when the application stops (SIGTERM, {@code :shutdown}, a container stop, an
 * undeploy): the web module is the first part to stop, while the beans, the database and the
 * audio store still work, so the running job can keep a segment and go back to the queue for
 * another node to continue.
 */
@WebListener
public class DrainOnShutdown implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(DrainOnShutdown.class.getName());

    @Inject
    Dispatcher dispatcher;

    /** How long a stopping node waits for its running job to reach a sentence's end and go back. */
    @Inject
    @ConfigProperty(name = "orator.drain.timeout-seconds", defaultValue = "30")
    long timeoutSeconds;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        boolean idle = dispatcher.drainAndWait(Duration.ofSeconds(timeoutSeconds));
        if (!idle) {
            LOG.warning(() -> "The running job did not go back to the queue within " + timeoutSeconds
                    + " s; it is recovered from its last kept segment once this node is gone");
        }
    }
}
