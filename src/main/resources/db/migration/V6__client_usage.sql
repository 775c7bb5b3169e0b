-- What each client submitted per UTC day: jobs and characters, counted at submission and kept
-- when jobs are deleted or purged. The daily character limit is checked against it.
CREATE TABLE client_usage (
    client      VARCHAR(128) NOT NULL,
    usage_day   DATE         NOT NULL,
    jobs        BIGINT       NOT NULL,
    characters  BIGINT       NOT NULL,
    PRIMARY KEY (client, usage_day)
);

-- Reporting views over the job history (docs/history.md describes them as a stable interface).
-- Jobs per client, UTC day of submission and outcome, with what they produced.
CREATE VIEW job_outcomes_daily AS
SELECT client,
       CAST(created_at AT TIME ZONE 'UTC' AS DATE) AS submitted_on,
       status,
       COUNT(*)                  AS jobs,
       SUM(characters)           AS characters,
       SUM(audio_seconds)        AS audio_seconds,
       SUM(synthesis_millis)     AS synthesis_millis,
       AVG(real_time_factor)     AS mean_real_time_factor
FROM synthesis_job
GROUP BY client, CAST(created_at AT TIME ZONE 'UTC' AS DATE), status;

-- Failed jobs per client, UTC day and error code.
CREATE VIEW job_failures_daily AS
SELECT client,
       CAST(created_at AT TIME ZONE 'UTC' AS DATE) AS submitted_on,
       error_code,
       COUNT(*)                 AS jobs
FROM synthesis_job
WHERE status = 'FAILED'
GROUP BY client, CAST(created_at AT TIME ZONE 'UTC' AS DATE), error_code;
