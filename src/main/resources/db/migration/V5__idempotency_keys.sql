-- Idempotency-Key of a submission, per client: a retry with the same key and body answers the
-- job the first request created. Rows are kept for orator.idempotency.retention-hours.
CREATE TABLE idempotency_key (
    client            VARCHAR(128)             NOT NULL,
    idempotency_key   VARCHAR(255)             NOT NULL,
    request_sha256    VARCHAR(64)              NOT NULL,
    job_id            UUID                     NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (client, idempotency_key)
);
CREATE INDEX idempotency_key_expiry ON idempotency_key (expires_at);
