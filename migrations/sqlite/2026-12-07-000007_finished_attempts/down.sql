ALTER TABLE submissions DROP COLUMN after_model_answer;
ALTER TABLE attempts DROP COLUMN model_answer_shown_at;
ALTER TABLE attempts DROP COLUMN ended_at;
