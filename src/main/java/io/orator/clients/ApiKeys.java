package io.orator.clients;

import io.orator.platform.ProblemException;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates, lists and revokes API keys, and finds the live key behind a presented secret. */
@Stateless
public class ApiKeys {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Inject
    Event<KeyRevoked> revocations;

    /** A key just made: the only moment its secret exists outside the client's hands. */
    public record IssuedKey(ApiKey key, ApiKeySecret secret) {
    }

    /** Fired, after commit, when a key stops being accepted. */
    public record KeyRevoked(UUID id) {
    }

    /** A new key of {@code client}; a blank or over-long name is a 422 naming the field. */
    public IssuedKey create(ClientName client, String name) {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = new ApiKey(UUID.randomUUID(), client.value(), KeyNames.of(name), secret, now());
        em.persist(key);
        return new IssuedKey(key, secret);
    }

    /** Newest first; all clients' keys when {@code client} is empty. */
    public List<ApiKey> list(Optional<ClientName> client) {
        String where = client.isPresent() ? " WHERE k.client = :client" : "";
        var query = em.createQuery("SELECT k FROM ApiKey k" + where + " ORDER BY k.createdAt DESC, k.id DESC", ApiKey.class);
        client.ifPresent(c -> query.setParameter("client", c.value()));
        return query.getResultList();
    }

    public ApiKey get(UUID id) {
        return Optional.ofNullable(em.find(ApiKey.class, id))
                .orElseThrow(() -> ProblemException.notFound("No API key " + id));
    }

    /**
     * Stops accepting a key; revoking a revoked key changes nothing. This node forgets it at once
     * (see {@link ApiKeyVerifier}); other nodes within their re-check period.
     */
    public ApiKey revoke(UUID id) {
        ApiKey key = get(id);
        int changed = em.createQuery("UPDATE ApiKey k SET k.revokedAt = :now WHERE k.id = :id AND k.revokedAt IS NULL")
                .setParameter("now", now()).setParameter("id", id).executeUpdate();
        em.refresh(key);
        if (changed == 1) {
            revocations.fire(new KeyRevoked(id));
        }
        return key;
    }

    /** The unrevoked key with this secret digest, marked as used now. */
    public Optional<ApiKey> useActive(String secretSha256) {
        List<ApiKey> found = em.createQuery(
                        "SELECT k FROM ApiKey k WHERE k.secretSha256 = :digest AND k.revokedAt IS NULL", ApiKey.class)
                .setParameter("digest", secretSha256).getResultList();
        found.forEach(key -> em.createQuery("UPDATE ApiKey k SET k.lastUsedAt = :now WHERE k.id = :id")
                .setParameter("now", now()).setParameter("id", key.getId()).executeUpdate());
        return found.stream().findFirst();
    }

    /** Live keys, for the readiness report. */
    public long activeCount() {
        return em.createQuery("SELECT COUNT(k) FROM ApiKey k WHERE k.revokedAt IS NULL", Long.class).getSingleResult();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
