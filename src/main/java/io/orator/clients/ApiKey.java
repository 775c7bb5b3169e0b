package io.orator.clients;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An API key of a client: its name, its visible prefix and the SHA-256 of its secret. */
@Entity
@Table(name = "api_key")
public class ApiKey {

    @Id
    private UUID id;
    private String client;
    private String name;
    private String prefix;
    @Column(name = "secret_sha256")
    private String secretSha256;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKey() {
    }

    ApiKey(UUID id, String client, String name, ApiKeySecret secret, Instant createdAt) {
        this.id = id;
        this.client = client;
        this.name = name;
        this.prefix = secret.prefix();
        this.secretSha256 = secret.sha256();
        this.createdAt = createdAt;
    }

    public UUID getId() { return id; }
    public String getClient() { return client; }
    public String getName() { return name; }
    public String getPrefix() { return prefix; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getLastUsedAt() { return lastUsedAt; }
    public Instant getRevokedAt() { return revokedAt; }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
