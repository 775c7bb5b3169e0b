-- Every job belongs to a client. Jobs from before clients existed belong to "local", the client
-- of anonymous requests from the server's own machine (the zero-setup mode).
ALTER TABLE synthesis_job ADD COLUMN client VARCHAR(128) DEFAULT 'local' NOT NULL;
CREATE INDEX synthesis_job_client_history ON synthesis_job (client, created_at, id);

-- API keys: only a SHA-256 of each key is stored; the key itself is shown once, at creation.
CREATE TABLE api_key (
    id              UUID                     NOT NULL PRIMARY KEY,
    client          VARCHAR(128)             NOT NULL,
    name            VARCHAR(200)             NOT NULL,
    prefix          VARCHAR(16)              NOT NULL,
    secret_sha256   VARCHAR(64)              NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at    TIMESTAMP WITH TIME ZONE,
    revoked_at      TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX api_key_secret ON api_key (secret_sha256);
CREATE INDEX api_key_client ON api_key (client, created_at);
