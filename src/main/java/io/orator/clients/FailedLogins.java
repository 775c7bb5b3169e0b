package io.orator.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Failed logins, counted per source address and per user name: each is logged, and after
 * {@code orator.logins.free-failures} (5) in a row the next attempt from that address, or for
 * that user, must wait: 1 s, then twice as long after every further failure, up to 5 minutes
 * for an address and 30 seconds for a user name (so nobody can lock the operator out for
 * long by guessing in their name). Credentials are not even checked while an attempt must
 * wait. A success, or 15 quiet minutes, starts the count again.
 */
@ApplicationScoped
public class FailedLogins {

    private static final Logger LOG = Logger.getLogger(FailedLogins.class.getName());
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    private static final Duration MAX_WAIT_ADDRESS = Duration.ofMinutes(5);
    private static final Duration MAX_WAIT_USER = Duration.ofSeconds(30);
    /** Past this many tracked addresses and users the oldest memory is dropped: it never grows without bound. */
    private static final int MAX_TRACKED = 10_000;

    @Inject
    @ConfigProperty(name = "orator.logins.free-failures", defaultValue = "5")
    Provider<Integer> freeFailures;

    @Inject
    Event<LoginFailed> failures;

    private final Map<String, Streak> streaks = new ConcurrentHashMap<>();

    private record Streak(int failures, Instant last) {
    }

    /** How long an attempt from {@code address} for {@code user} (may be null) must still wait. */
    public Optional<Duration> waitFor(String address, String user, Instant now) {
        Duration byAddress = remaining(streaks.get(addressKey(address)), MAX_WAIT_ADDRESS, now);
        Duration byUser = user == null ? Duration.ZERO : remaining(streaks.get(userKey(user)), MAX_WAIT_USER, now);
        Duration wait = byAddress.compareTo(byUser) >= 0 ? byAddress : byUser;
        return wait.isZero() || wait.isNegative() ? Optional.empty() : Optional.of(wait);
    }

    /** Records and logs a failed attempt ({@code what}: which credential) from {@code address} for {@code user}. */
    public void failed(String address, String user, String what, Instant now) {
        if (streaks.size() >= MAX_TRACKED) {
            streaks.clear();
        }
        int count = streaks.merge(addressKey(address), new Streak(1, now), (old, one) -> next(old, now)).failures();
        if (user != null) {
            streaks.merge(userKey(user), new Streak(1, now), (old, one) -> next(old, now));
        }
        if (failures != null) {
            failures.fire(new LoginFailed(address, user == null ? null : printable(user), what));
        }
        LOG.warning(() -> "Failed login: " + what + (user == null ? "" : " for user \"" + printable(user) + "\"")
                + " from " + address + " (" + count + " in a row from there)");
    }

    public void succeeded(String address, String user) {
        streaks.remove(addressKey(address));
        if (user != null) {
            streaks.remove(userKey(user));
        }
    }

    private static Streak next(Streak old, Instant now) {
        return old.last().plus(FORGET_AFTER).isBefore(now) ? new Streak(1, now) : new Streak(old.failures() + 1, now);
    }

    private Duration remaining(Streak streak, Duration max, Instant now) {
        if (streak == null || streak.failures() < freeFailures.get() || streak.last().plus(FORGET_AFTER).isBefore(now)) {
            return Duration.ZERO;
        }
        int doublings = Math.min(streak.failures() - freeFailures.get(), 30);
        Duration wait = Duration.ofSeconds(1L << doublings);
        wait = wait.compareTo(max) > 0 ? max : wait;
        return Duration.between(now, streak.last().plus(wait));
    }

    private static String addressKey(String address) {
        return "address " + address;
    }

    private static String userKey(String user) {
        return "user " + user;
    }

    /** A user name as the log may show it: no line breaks or other control characters to forge entries with. */
    private static String printable(String user) {
        String shown = user.length() > 64 ? user.substring(0, 64) + "…" : user;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
