package io.orator.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Orator's REST API root; versioned resources live under {@code /api/v1}. */
@ApplicationPath("/api")
public class RestApplication extends Application {
}
