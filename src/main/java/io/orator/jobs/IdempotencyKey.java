package io.orator.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A client's Idempotency-Key, the digest of the request it came with, and the job it made. */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyKey {

    /** A key is a client's own: two clients may use the same one. */
    @Embeddable
    public static class Id implements Serializable {
        private static final long serialVersionUID = 1L;

        private String client;
        @Column(name = "idempotency_key")
        private String key;

        protected Id() {
        }

        public Id(String client, String key) {
            this.client = client;
            this.key = key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && client.equals(id.client) && key.equals(id.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(client, key);
        }
    }

    @EmbeddedId
    private Id id;
    @Column(name = "request_sha256")
    private String requestSha256;
    @Column(name = "job_id")
    private UUID jobId;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;

    protected IdempotencyKey() {
    }

    IdempotencyKey(Id id, String requestSha256, UUID jobId, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.requestSha256 = requestSha256;
        this.jobId = jobId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public Id getId() { return id; }
    public String getRequestSha256() { return requestSha256; }
    public UUID getJobId() { return jobId; }
    public Instant getExpiresAt() { return expiresAt; }
}
