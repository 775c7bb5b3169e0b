package io.orator.clients;

import io.orator.platform.Problems;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers an API request that {@link RequestAuthentication} refused (401, or 429 after too many
 * failed logins) before anything else looks at it: no resource runs and no body is read.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class CredentialsRequired implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        RequestAuthentication.refusal(request).ifPresent(refusal -> context.abortWith(Problems.response(refusal)));
    }
}
