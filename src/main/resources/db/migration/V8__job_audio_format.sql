-- The format a job's audio is served in by default (the file on disk stays WAV).
ALTER TABLE synthesis_job ADD COLUMN audio_format VARCHAR(8) DEFAULT 'wav' NOT NULL;
