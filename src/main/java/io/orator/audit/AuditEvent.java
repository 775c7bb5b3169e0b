package io.orator.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One audited action: when, who (and as what), what on which target, from where, answered how. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    private UUID id;
    @Column(name = "occurred_at")
    private Instant at;
    private String actor;
    @Column(name = "actor_kind")
    private String actorKind;
    private String action;
    private String target;
    private String address;
    private int status;

    protected AuditEvent() {
    }

    AuditEvent(Instant at, String actor, String actorKind, String action, String target, String address, int status) {
        this.id = UUID.randomUUID();
        this.at = at;
        this.actor = actor;
        this.actorKind = actorKind;
        this.action = action;
        this.target = target;
        this.address = address;
        this.status = status;
    }

    public UUID getId() { return id; }
    public Instant getAt() { return at; }
    public String getActor() { return actor; }
    public String getActorKind() { return actorKind; }
    public String getAction() { return action; }
    public String getTarget() { return target; }
    public String getAddress() { return address; }
    public int getStatus() { return status; }
}
