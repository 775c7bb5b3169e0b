package io.orator.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The zero-setup mode: with {@code orator.clients.anonymous=loopback} (the default) a request
 * without credentials is accepted when it comes from the server's own machine and no proxy
 * relayed it, and its jobs belong to the client {@code local}. Everyone else needs an API key
 * or a token. {@code off} (the container image's setting) accepts no anonymous request at all.
 */
@ApplicationScoped
public class AnonymousAccess {

    private static final Logger LOG = Logger.getLogger(AnonymousAccess.class.getName());
    /** A proxy on this machine that sets one of these relays somebody else's request. */
    private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP");

    public enum Mode { LOOPBACK, OFF }

    @Inject
    @ConfigProperty(name = "orator.clients.anonymous", defaultValue = "loopback")
    Provider<String> configuredMode;

    public Mode mode() {
        String mode = configuredMode.get().trim().toLowerCase(Locale.ROOT);
        return "loopback".equals(mode) ? Mode.LOOPBACK : Mode.OFF;
    }

    /** True when this request may go on without credentials. */
    public boolean allows(HttpServletRequest request) {
        return mode() == Mode.LOOPBACK
                && FORWARDING_HEADERS.stream().allMatch(h -> request.getHeader(h) == null)
                && isLoopback(request.getRemoteAddr());
    }

    /** True for 127.0.0.0/8 and ::1 given as address literals; a host name is never resolved here. */
    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0
                || c == '.' || c == ':' || c == '[' || c == ']' || c == '%')) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
        String setting = configuredMode.get().trim();
        if (mode() == Mode.LOOPBACK) {
            LOG.warning("Zero-setup mode: requests without credentials from this machine are accepted as client "
                    + "\"local\"; set orator.clients.anonymous=off (ORATOR_CLIENTS_ANONYMOUS=off) to require an "
                    + "API key or token from everyone");
        } else if (!"off".equalsIgnoreCase(setting)) {
            LOG.warning("orator.clients.anonymous=" + setting + " is neither loopback nor off: anonymous access is off");
        }
    }
}
