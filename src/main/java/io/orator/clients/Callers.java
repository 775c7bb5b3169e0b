package io.orator.clients;

import io.orator.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/** The caller of the current request, as {@link RequestAuthentication} established it. */
@ApplicationScoped
public class Callers {

    @Inject
    HttpServletRequest request;

    /**
     * The caller; a request that was neither authenticated nor let through anonymously is
     * refused here too, so an endpoint the authentication does not know about fails closed.
     */
    public Caller current() {
        Principal principal = request.getUserPrincipal();
        if (principal != null) {
            return request.isUserInRole(Caller.ADMIN_ROLE)
                    ? Caller.operator(principal.getName())
                    : Caller.client(principal.getName());
        }
        if (Boolean.TRUE.equals(request.getAttribute(RequestAuthentication.ANONYMOUS_LOCAL))) {
            return Caller.LOCAL;
        }
        throw RequestAuthentication.credentialsRequired("Credentials are required");
    }
}
