-- The operators' dashboard counts jobs by the hour they finished in.
CREATE INDEX synthesis_job_finished ON synthesis_job (finished_at);
