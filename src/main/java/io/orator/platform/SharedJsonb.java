package io.orator.platform;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * One JSON-B instance for every request body. Without a resolver the REST runtime builds a new
 * Jsonb for each request, and each new instance inspects the request classes by reflection
 * again: that was a fifth of a job submission's CPU time under load.
 */
@Provider
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class SharedJsonb implements ContextResolver<Jsonb> {

    private final Jsonb jsonb = JsonbBuilder.create();

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }

    @PreDestroy
    void close() throws Exception {
        jsonb.close();
    }
}
