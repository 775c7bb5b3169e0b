package io.orator.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells which client a presented API key belongs to. A key found live is trusted for
 * {@code orator.clients.key-recheck-seconds} (5) before the database is asked again, so a busy
 * client costs one indexed read per period rather than one per request; a revocation therefore
 * reaches every other node within that period, and this node at once.
 */
@ApplicationScoped
public class ApiKeyVerifier {

    /** Past this many distinct live keys the memory of them starts over: it can never grow without bound. */
    private static final int MAX_REMEMBERED = 10_000;

    @Inject
    ApiKeys keys;

    @Inject
    @ConfigProperty(name = "orator.clients.key-recheck-seconds", defaultValue = "5")
    Provider<Integer> recheckSeconds;

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicLong revocationsSeen = new AtomicLong();

    private record Verified(UUID keyId, String client, long checkedAtNanos) {
    }

    /** The client whose live key this is; empty for anything else. */
    public Optional<String> clientOf(String token) {
        if (!ApiKeySecret.looksLikeKey(token)) {
            return Optional.empty();
        }
        String digest = ApiKeySecret.sha256(token);
        long now = System.nanoTime();
        Verified known = verified.get(digest);
        if (known != null && now - known.checkedAtNanos() < TimeUnit.SECONDS.toNanos(recheckSeconds.get())) {
            return Optional.of(known.client());
        }
        long revocationsBefore = revocationsSeen.get();
        Optional<ApiKey> live = keys.useActive(digest);
        if (live.isEmpty()) {
            verified.remove(digest);
            return Optional.empty();
        }
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(digest, new Verified(live.get().getId(), live.get().getClient(), now));
        if (revocationsSeen.get() != revocationsBefore) {
            // A key was revoked while this one was read: it may be this one, so it is read again next time.
            verified.remove(digest);
        }
        return Optional.of(live.get().getClient());
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) ApiKeys.KeyRevoked revoked) {
        revocationsSeen.incrementAndGet();
        verified.values().removeIf(v -> v.keyId().equals(revoked.id()));
    }
}
