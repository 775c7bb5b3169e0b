package io.orator.openai;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Keeps the OpenAI-compatible resources at {@code /v1} alone. Orator's own {@code /api}
 * application finds its resources by scanning, which finds these too and would answer
 * {@code /api/audio/speech}; this filter, found by the same scan, answers such paths as unknown.
 * {@link OpenAiApplication} lists its classes, so the filter never runs under {@code /v1}.
 */
@Provider
public class OnlyUnderV1 implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> matched = resource.getResourceClass();
        if (matched != null && matched.getPackage() == OnlyUnderV1.class.getPackage()) {
            throw new NotFoundException();
        }
    }
}
