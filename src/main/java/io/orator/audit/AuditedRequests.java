package io.orator.audit;

import io.orator.clients.Caller;
import io.orator.platform.Audited;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes an audit event for every successful call of a REST method marked {@link Audited}:
 * who (client, operator or the anonymous local client), what and on which job or key, from
 * which address. A failure to write is logged and never fails the action, which has happened.
 */
@Provider
public class AuditedRequests implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(AuditedRequests.class.getName());

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest http;

    @Inject
    AuditLog log;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Method method = resource.getResourceMethod();
        Audited audited = method == null ? null : method.getAnnotation(Audited.class);
        if (audited == null || response.getStatus() >= 400) {
            return;
        }
        SecurityContext security = request.getSecurityContext();
        Principal principal = security.getUserPrincipal();
        String actor = principal == null ? Caller.LOCAL.client() : principal.getName();
        String kind = principal == null ? "ANONYMOUS" : security.isUserInRole(Caller.ADMIN_ROLE) ? "OPERATOR" : "CLIENT";
        String target = request.getUriInfo().getPathParameters().getFirst("id");
        if (target == null && response.getEntity() instanceof JsonObject body && body.containsKey("id")) {
            target = body.getString("id", null);
        }
        try {
            log.record(actor, kind, audited.value(), target, http.getRemoteAddr(), response.getStatus());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not write the audit event of " + audited.value() + " by " + actor, e);
        }
    }
}
