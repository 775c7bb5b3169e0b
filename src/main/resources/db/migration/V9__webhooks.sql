-- Completion webhooks: the URL a job's final state is sent to, and the outbox that sends it.
ALTER TABLE synthesis_job ADD COLUMN webhook_url VARCHAR(2048);

-- One row per notification, written in the transaction that ended the job and kept as the
-- delivery log. A sender claims a row (claimed_by, claimed_until) before it sends it.
CREATE TABLE webhook_delivery (
    id              UUID                     NOT NULL PRIMARY KEY,
    job_id          UUID                     NOT NULL,
    client          VARCHAR(64)              NOT NULL,
    url             VARCHAR(2048)            NOT NULL,
    event_type      VARCHAR(32)              NOT NULL,
    payload         ${text_type}             NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by      VARCHAR(128),
    claimed_until   TIMESTAMP WITH TIME ZONE,
    last_attempt_at TIMESTAMP WITH TIME ZONE,
    last_status     INTEGER,
    last_error      VARCHAR(512),
    delivered_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX webhook_delivery_job ON webhook_delivery (job_id);
CREATE INDEX webhook_delivery_time ON webhook_delivery (created_at);
