-- Where an interrupted job continues: its kept audio segments and the state after the last
-- (synthesis.ResumePoint as JSON); NULL when it has none or has ended.
ALTER TABLE synthesis_job ADD COLUMN checkpoint ${text_type};
