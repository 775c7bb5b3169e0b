package io.orator.openai;

import io.orator.clients.RequestAuthentication;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;

/**
 * Answers a {@code /v1} request that the request authentication refused (401, or 429 after
 * too many failed logins), in OpenAI's error shape, before any resource runs or any body is read.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class OpenAiRefusals implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        RequestAuthentication.refusal(request).ifPresent(refusal -> context.abortWith(OpenAiErrorMappers.fromProblem(refusal)));
    }
}
