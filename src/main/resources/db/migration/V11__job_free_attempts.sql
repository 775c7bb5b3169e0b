-- Attempts that do not count against orator.recovery.max-attempts: those a draining node handed
-- back, and those before an operator's retry. Only crashes use up a job's attempts.
ALTER TABLE synthesis_job ADD COLUMN free_attempts INTEGER DEFAULT 0 NOT NULL;
