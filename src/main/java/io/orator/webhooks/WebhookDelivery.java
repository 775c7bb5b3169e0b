package io.orator.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One notification in the outbox and its delivery log: written in the transaction that ended
 * the job, so it exists exactly when the job's final state does, and sent afterwards, with
 * retries, by whichever node claims it. Its id is the {@code webhook-id} of every try, so a
 * receiver that saw a try whose answer was lost can recognise the retry.
 */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {

    public enum Status { PENDING, DELIVERED, FAILED }

    @Id
    private UUID id;
    @Column(name = "job_id")
    private UUID jobId;
    private String client;
    private String url;
    @Column(name = "event_type")
    private String eventType;
    private String payload;
    @Enumerated(EnumType.STRING)
    private Status status;
    private int attempts;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;
    @Column(name = "claimed_by")
    private String claimedBy;
    @Column(name = "claimed_until")
    private Instant claimedUntil;
    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;
    @Column(name = "last_status")
    private Integer lastStatus;
    @Column(name = "last_error")
    private String lastError;
    @Column(name = "delivered_at")
    private Instant deliveredAt;

    protected WebhookDelivery() {
    }

    WebhookDelivery(UUID jobId, String client, String url, String eventType, String payload, Instant now) {
        this.id = UUID.randomUUID();
        this.jobId = jobId;
        this.client = client;
        this.url = url;
        this.eventType = eventType;
        this.payload = payload;
        this.status = Status.PENDING;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    public UUID getId() { return id; }
    public UUID getJobId() { return jobId; }
    public String getClient() { return client; }
    public String getUrl() { return url; }
    public String getEventType() { return eventType; }
    public String getPayload() { return payload; }
    public Status getStatus() { return status; }
    public int getAttempts() { return attempts; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public Instant getLastAttemptAt() { return lastAttemptAt; }
    public Integer getLastStatus() { return lastStatus; }
    public String getLastError() { return lastError; }
    public Instant getDeliveredAt() { return deliveredAt; }
}
