-- Phonemes a neural voice had no id for, skipped while speaking the job.
ALTER TABLE synthesis_job ADD COLUMN skipped_phonemes INTEGER;
