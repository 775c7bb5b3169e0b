package io.orator.clients;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * OIDC access tokens and other signed JWTs as bearer credentials, verified by MicroProfile JWT
 * (SmallRye JWT, from the server's {@code microprofile-jwt} layer) against its standard
 * settings: {@code mp.jwt.verify.publickey.location} (a PEM or JWK file, or the identity
 * provider's JWKS URL) or {@code mp.jwt.verify.publickey}, {@code mp.jwt.verify.issuer},
 * optionally {@code mp.jwt.verify.audiences}, {@code mp.jwt.verify.publickey.algorithm} and
 * {@code mp.jwt.verify.clock.skew}. The token's client is the claim that
 * {@code orator.clients.jwt.client-claim} names ({@code sub} by default).
 *
 * <p>The settings are read on every check, so a changed setting applies to the next request;
 * the parser, with its cache of the provider's keys, is rebuilt only when they change.
 */
@ApplicationScoped
public class BearerTokens {

    /** A signed JWT: three base64url parts. An API key never has this shape. */
    private static final Pattern JWS_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final int MAX_REASON_LENGTH = 200;
    private static final String DETAILS = "Additional details:";
    private static final String QUOTED_TOKEN = "JsonWebSignature{";

    /** What a check found: the token's client, or why the token is refused. */
    public sealed interface Check {
    }

    public record Accepted(String client) implements Check {
    }

    /**
     * @param detail what the caller is told
     * @param reason what the audit log records, with the verifier's own words
     */
    public record Refused(String detail, String reason) implements Check {
    }

    private record Settings(String keyLocation, String key, String issuer, String audiences, String algorithm,
                            int clockSkewSeconds, String clientClaim) {

        static Settings read(Config config) {
            return new Settings(
                    config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).orElse(null),
                    config.getOptionalValue("mp.jwt.verify.publickey", String.class).orElse(null),
                    config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse(null),
                    config.getOptionalValue("mp.jwt.verify.audiences", String.class).orElse(null),
                    config.getOptionalValue("mp.jwt.verify.publickey.algorithm", String.class).orElse("RS256"),
                    config.getOptionalValue("mp.jwt.verify.clock.skew", Integer.class).orElse(60),
                    config.getOptionalValue("orator.clients.jwt.client-claim", String.class).orElse("sub"));
        }

        boolean configured() {
            return (keyLocation != null || key != null) && issuer != null;
        }

        DefaultJWTParser parser() {
            JWTAuthContextInfo context = new JWTAuthContextInfo();
            if (key != null) {
                context.setPublicKeyContent(key);
            } else {
                context.setPublicKeyLocation(keyLocation);
            }
            context.setIssuedBy(issuer);
            context.setSignatureAlgorithm(SignatureAlgorithm.fromAlgorithm(algorithm));
            context.setClockSkew(clockSkewSeconds);
            if (audiences != null && !audiences.isBlank()) {
                context.setExpectedAudience(Arrays.stream(audiences.split(",")).map(String::trim)
                        .filter(a -> !a.isEmpty()).collect(Collectors.toSet()));
            }
            context.setRequiredClaims(Set.of("exp"));
            // The client comes from orator.clients.jwt.client-claim, which need not be sub.
            context.setRequireNamedPrincipal(false);
            return new DefaultJWTParser(context);
        }
    }

    private record Verifier(Settings settings, DefaultJWTParser parser) {
    }

    private volatile Verifier verifier;

    /** True for a token shaped like a signed JWT; anything else is taken for an API key. */
    public static boolean looksLikeJwt(String token) {
        return token.length() <= 16_384 && JWS_SHAPE.matcher(token).matches();
    }

    /** The issuer whose tokens are accepted; empty when no issuer and key are configured. */
    public Optional<String> issuer() {
        Settings settings = Settings.read(ConfigProvider.getConfig());
        return settings.configured() ? Optional.of(settings.issuer()) : Optional.empty();
    }

    public Check check(String token) {
        Settings settings = Settings.read(ConfigProvider.getConfig());
        if (!settings.configured()) {
            return new Refused("Bearer tokens are not accepted here: no token issuer is configured",
                    "JWT presented, but mp.jwt.verify.issuer and a key are not configured");
        }
        JsonWebToken jwt;
        try {
            jwt = parserFor(settings).parse(token);
        } catch (ParseException | RuntimeException invalid) {
            return new Refused("The bearer token is invalid, expired or not from the configured issuer",
                    "invalid JWT: " + reason(invalid));
        }
        Optional<String> client = jwt.claim(settings.clientClaim()).filter(String.class::isInstance).map(String.class::cast);
        if (client.isEmpty()) {
            return new Refused("The bearer token has no \"" + settings.clientClaim() + "\" claim naming its client",
                    "JWT without the client claim " + settings.clientClaim());
        }
        if (!ClientName.isValid(client.get())) {
            return new Refused("The bearer token's \"" + settings.clientClaim() + "\" claim is not a client name"
                    + " (1 to " + ClientName.MAX_LENGTH + " letters, digits or . _ @ : -)",
                    "JWT client claim is not a client name");
        }
        return new Accepted(client.get());
    }

    private DefaultJWTParser parserFor(Settings settings) {
        Verifier current = verifier;
        if (current == null || !current.settings().equals(settings)) {
            current = new Verifier(settings, settings.parser());
            verifier = current;
        }
        return current.parser();
    }

    /** Why the verifier refused a token, without the token's own content, short enough for the audit log. */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // jose4j quotes the token's claims or the token itself, which are the caller's data, not the reason.
        int details = message.indexOf(DETAILS);
        String reason = details < 0 ? message : message.substring(details + DETAILS.length()).trim();
        int quoted = reason.indexOf(QUOTED_TOKEN);
        return shortened(quoted < 0 ? reason : reason.substring(0, quoted).trim());
    }

    private static String shortened(String text) {
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
    }
}
