-- Who did what, when and from where: job submissions, cancellations, deletions and retries,
-- admin actions, API key creation and revocation, failed logins.
CREATE TABLE audit_event (
    id          UUID                     NOT NULL PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(128),
    actor_kind  VARCHAR(16)              NOT NULL,
    action      VARCHAR(64)              NOT NULL,
    target      VARCHAR(128),
    address     VARCHAR(64),
    status      INTEGER                  NOT NULL
);
CREATE INDEX audit_event_time ON audit_event (occurred_at, id);
CREATE INDEX audit_event_actor ON audit_event (actor, occurred_at);
