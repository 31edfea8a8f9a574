-- An attempt is finished when its candidate ends it or its deadline passes; only then is the
-- model answer shown, and the first time it is shown to the candidate is kept. A submission made
-- after that is marked: it is not the candidate's own result.
ALTER TABLE attempts ADD COLUMN ended_at TIMESTAMP;
ALTER TABLE attempts ADD COLUMN model_answer_shown_at TIMESTAMP;
ALTER TABLE submissions ADD COLUMN after_model_answer BOOLEAN NOT NULL DEFAULT FALSE;
