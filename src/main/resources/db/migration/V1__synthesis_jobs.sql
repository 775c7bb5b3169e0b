-- Job history: one row per synthesis job, from submission to expiry.
-- ${text_type} is CLOB on H2 and TEXT on PostgreSQL (see platform.SchemaMigration).
CREATE TABLE synthesis_job (
    id                  UUID             NOT NULL PRIMARY KEY,
    status              VARCHAR(16)      NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE,
    finished_at         TIMESTAMP WITH TIME ZONE,
    expires_at          TIMESTAMP WITH TIME ZONE,
    deadline_at         TIMESTAMP WITH TIME ZONE,
    heartbeat_at        TIMESTAMP WITH TIME ZONE,
    node                VARCHAR(128),
    attempts            INTEGER          NOT NULL,
    cancel_requested    BOOLEAN          NOT NULL,
    retention_hours     INTEGER          NOT NULL,
    speed               DOUBLE PRECISION NOT NULL,
    speakers            INTEGER          NOT NULL,
    characters          INTEGER          NOT NULL,
    turn_count          INTEGER          NOT NULL,
    voices              VARCHAR(2000)    NOT NULL,
    turns               ${text_type}     NOT NULL,
    progress            DOUBLE PRECISION NOT NULL,
    chunks_done         INTEGER          NOT NULL,
    chunks_total        INTEGER          NOT NULL,
    error_code          VARCHAR(64),
    error_message       VARCHAR(2000),
    audio_file          VARCHAR(1024),
    audio_bytes         BIGINT,
    audio_seconds       DOUBLE PRECISION,
    audio_sample_rate   INTEGER,
    synthesis_millis    BIGINT,
    real_time_factor    DOUBLE PRECISION,
    rss_bytes_before    BIGINT,
    rss_bytes_after     BIGINT,
    gpu_bytes_before    BIGINT,
    gpu_bytes_after     BIGINT
);

CREATE INDEX synthesis_job_queue ON synthesis_job (status, created_at);
CREATE INDEX synthesis_job_history ON synthesis_job (created_at, id);
CREATE INDEX synthesis_job_expiry ON synthesis_job (expires_at);
