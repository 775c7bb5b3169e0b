package io.orator.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * The last word on error responses: whatever produced a 4xx or 5xx without a problem body (the
 * REST runtime's own answers to unreadable JSON, 405, 406 and the like, which carry their own
 * entity and so bypass exception mappers) leaves as {@code application/problem+json}.
 */
@Provider
public class ProblemResponseFilter implements ContainerResponseFilter {

    private static final MediaType PROBLEM = MediaType.valueOf(Problems.MEDIA_TYPE);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || PROBLEM.isCompatible(response.getMediaType())) {
            return;
        }
        Response problem = status == 400 ? ProblemMappers.malformedJson() : Problems.forStatus(status);
        response.setEntity(problem.getEntity(), null, PROBLEM);
    }
}
