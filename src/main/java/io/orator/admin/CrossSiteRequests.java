package io.orator.admin;

import io.orator.platform.ProblemException;
import io.orator.platform.Problems;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a state-changing admin request that another site made the operator's browser send.
 * The browser attaches the operator's login to any request to this server, so a page elsewhere
 * could otherwise pause dispatch or revoke keys with a form. Such a request is refused when
 * the browser says it came from another site ({@code Sec-Fetch-Site}), when its {@code Origin}
 * is not this server, or when it is a form rather than JSON or an empty body. Scripts and
 * JMX-less tools (curl, SDKs) send neither header and are unaffected.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
public class CrossSiteRequests implements ContainerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> SAME_SITE_FETCHES = Set.of("same-origin", "none");
    /** What an HTML form can send without asking the server first. */
    private static final List<MediaType> FORM_TYPES = List.of(MediaType.APPLICATION_FORM_URLENCODED_TYPE,
            MediaType.MULTIPART_FORM_DATA_TYPE, MediaType.TEXT_PLAIN_TYPE);

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (SAFE_METHODS.contains(request.getMethod()) || !path.replaceFirst("^/", "").startsWith("v1/admin")) {
            return;
        }
        String fetchSite = request.getHeaderString("Sec-Fetch-Site");
        if (fetchSite != null && !SAME_SITE_FETCHES.contains(fetchSite.toLowerCase(Locale.ROOT))) {
            refuse(request, "The browser sent this request for another site (Sec-Fetch-Site: " + fetchSite + ")");
        } else if (!isThisServer(request.getHeaderString("Origin"), request.getHeaderString("Host"))) {
            refuse(request, "The request comes from another origin (" + request.getHeaderString("Origin") + ")");
        } else if (FORM_TYPES.stream().anyMatch(type -> type.isCompatible(request.getMediaType()))) {
            refuse(request, "Admin requests take JSON or no body, never a form");
        }
    }

    /** True when there is no Origin (not a browser's cross-origin request) or it names this host. */
    static boolean isThisServer(String origin, String host) {
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin.trim());
            String authority = uri.getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static void refuse(ContainerRequestContext request, String detail) {
        request.abortWith(Problems.response(new ProblemException(403, "cross-site-request",
                "Cross-site request refused", detail, List.of(), Map.of())));
    }
}
