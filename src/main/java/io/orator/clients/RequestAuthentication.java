package io.orator.clients;

import io.orator.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request. Two kinds of caller:
 * <ul>
 *   <li>the operator, over HTTP BASIC against the account from configuration; required on the
 *       admin paths ({@code web.xml}'s constraint), accepted on the API too, where it sees every
 *       client's jobs;</li>
 *   <li>a client, with {@code Authorization: Bearer <API key>} or {@code Bearer <JWT>} (an OIDC
 *       access token, see {@link BearerTokens}) on the API ({@code /api/…} outside
 *       {@code /api/v1/admin}).</li>
 * </ul>
 * A request to the API without credentials goes on only where {@link AnonymousAccess} allows
 * it. Every bad or missing credential is answered 401 with a challenge (the standard BASIC
 * mechanism answers a header without a colon with a 500); other paths are left alone whatever
 * they carry.
 */
@ApplicationScoped
public class RequestAuthentication implements HttpAuthenticationMechanism {

    public static final String ADMIN_REALM = "Orator admin";
    /** Set on a request that goes on anonymously, as the client {@code local}. */
    static final String ANONYMOUS_LOCAL = RequestAuthentication.class.getName() + ".anonymous";
    /** Set on an API request that must be refused, to the problem to answer. */
    static final String REFUSED = RequestAuthentication.class.getName() + ".refused";
    private static final String API_PATHS = "/api/";
    /** The OpenAI-compatible API: clients as on {@code /api}. */
    private static final String OPENAI_PATHS = "/v1/";
    private static final String ADMIN_PATHS = "/api/v1/admin/";
    private static final String BASIC = "Basic ";
    private static final String BEARER = "Bearer ";
    private static final String BASIC_CHALLENGE = "Basic realm=\"" + ADMIN_REALM + "\", charset=\"UTF-8\"";
    private static final String BEARER_CHALLENGE = "Bearer realm=\"Orator\"";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    ApiKeyVerifier keys;

    @Inject
    BearerTokens tokens;

    @Inject
    AnonymousAccess anonymous;

    @Inject
    FailedLogins failedLogins;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean openAi = path.startsWith(OPENAI_PATHS);
        boolean api = openAi || path.startsWith(API_PATHS) && !path.startsWith(ADMIN_PATHS);
        if (!context.isProtected() && !api) {
            return context.doNothing();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) {
            if (api && anonymous.allows(request)) {
                request.setAttribute(ANONYMOUS_LOCAL, Boolean.TRUE);
                return context.doNothing();
            }
            return refuse(request, response, context, api, "Credentials are required");
        }
        String address = request.getRemoteAddr();
        Instant now = Instant.now();
        if (startsWithIgnoringCase(authorization, BASIC)) {
            Optional<UsernamePasswordCredential> credential = basicCredential(authorization);
            String user = credential.map(UsernamePasswordCredential::getCaller).orElse(null);
            Optional<Duration> wait = failedLogins.waitFor(address, user, now);
            if (wait.isPresent()) {
                return tooSoon(request, response, context, api, wait.get());
            }
            if (credential.isPresent()) {
                CredentialValidationResult result = identityStores.validate(credential.get());
                if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                    failedLogins.succeeded(address, user);
                    return context.notifyContainerAboutLogin(result);
                }
            }
            failedLogins.failed(address, user, "wrong user name or password", now);
            return refuse(request, response, context, api, "The user name or password is wrong");
        }
        if (api && startsWithIgnoringCase(authorization, BEARER)) {
            Optional<Duration> wait = failedLogins.waitFor(address, null, now);
            if (wait.isPresent()) {
                return tooSoon(request, response, context, true, wait.get());
            }
            String token = authorization.substring(BEARER.length()).trim();
            if (openAi && !ApiKeySecret.looksLikeKey(token) && !BearerTokens.looksLikeJwt(token)
                    && anonymous.allows(request)) {
                // OpenAI's SDKs insist on some key; in the zero-setup mode a placeholder such as
                // "sk-local" from this machine counts as no key at all. An Orator key or a token
                // is still checked.
                request.setAttribute(ANONYMOUS_LOCAL, Boolean.TRUE);
                return context.doNothing();
            }
            if (BearerTokens.looksLikeJwt(token)) {
                return token(request, response, context, token, address, now);
            }
            Optional<String> client = keys.clientOf(token);
            if (client.isPresent()) {
                failedLogins.succeeded(address, null);
                return context.notifyContainerAboutLogin(client.get(), Set.of(Caller.CLIENT_ROLE));
            }
            failedLogins.failed(address, null, ApiKeySecret.looksLikeKey(token)
                    ? "unknown or revoked API key " + new ApiKeySecret(token) : "malformed bearer token", now);
            return refuse(request, response, context, true, "The API key is unknown or revoked");
        }
        return refuse(request, response, context, api, "Unsupported Authorization scheme");
    }

    private AuthenticationStatus token(HttpServletRequest request, HttpServletResponse response,
                                       HttpMessageContext context, String token, String address, Instant now) {
        BearerTokens.Check check = tokens.check(token);
        if (check instanceof BearerTokens.Accepted accepted) {
            failedLogins.succeeded(address, null);
            return context.notifyContainerAboutLogin(accepted.client(), Set.of(Caller.CLIENT_ROLE));
        }
        BearerTokens.Refused refused = (BearerTokens.Refused) check;
        failedLogins.failed(address, null, refused.reason(), now);
        return refuse(request, response, context, true, refused.detail());
    }

    /** Why this API request was refused, when it was; answered before anything else looks at the request. */
    public static Optional<ProblemException> refusal(HttpServletRequest request) {
        return request.getAttribute(REFUSED) instanceof ProblemException refusal ? Optional.of(refusal) : Optional.empty();
    }

    /**
     * The 401 problem for an API request without an acceptable caller. Its challenge names both
     * schemes, so a browser that holds the operator's login (the console) sends it again.
     */
    static ProblemException credentialsRequired(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, List.of(),
                Map.of("WWW-Authenticate", BEARER_CHALLENGE + ", " + BASIC_CHALLENGE));
    }

    private static Optional<UsernamePasswordCredential> basicCredential(String header) {
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /**
     * Refuses the request. On the API the refusal is left to {@link CredentialsRequired}, so the
     * 401 is a problem like every other error (a refusal here becomes the container's HTML page);
     * on the admin paths the container answers it, with the BASIC challenge browsers need.
     */
    private static AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response,
                                               HttpMessageContext context, boolean api, String detail) {
        if (api) {
            request.setAttribute(REFUSED, credentialsRequired(detail));
            return context.doNothing();
        }
        response.setHeader("WWW-Authenticate", BASIC_CHALLENGE);
        return context.responseUnauthorized();
    }

    /**
     * Refuses an attempt that came before its wait after failed logins was over, without
     * looking at its credentials: 429 on the API; on the admin paths a 401 (browsers handle no
     * other answer to a login), both with {@code Retry-After}.
     */
    private static AuthenticationStatus tooSoon(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context, boolean api, Duration wait) {
        String seconds = String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
        if (api) {
            request.setAttribute(REFUSED, new ProblemException(429, "too-many-failed-logins", "Too many failed logins",
                    "Too many failed logins from here; try again in " + seconds + " s", List.of(),
                    Map.of("Retry-After", seconds)));
            return context.doNothing();
        }
        response.setHeader("Retry-After", seconds);
        response.setHeader("WWW-Authenticate", BASIC_CHALLENGE);
        return context.responseUnauthorized();
    }

    private static boolean startsWithIgnoringCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
