-- Every drill review a candidate made: the rating given (again 1, hard 2, good 3, easy 4), or
-- the options answered and whether they were right, which the rating was taken from. A
-- question's schedule is recomputed from these rows alone; nothing else about it is stored.
CREATE TABLE drill_reviews (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    rating INTEGER NOT NULL,
    answer TEXT,
    correct BOOLEAN,
    reviewed_at TIMESTAMP NOT NULL
);
CREATE INDEX drill_reviews_user_time ON drill_reviews (user_id, reviewed_at);

-- Why a question came due before its schedule said: a graded submission lost points on what it
-- trains ("dimension:pagination", "rule:pagination/prefer-cursor"), or a submitted case study's
-- interviewer follows up on a probe ("follow-up:url-shortener/redirect-status"). A review after
-- the nudge answers it.
CREATE TABLE drill_nudges (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    submission_id TEXT REFERENCES submissions (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX drill_nudges_user_time ON drill_nudges (user_id, created_at);
CREATE INDEX drill_nudges_submission ON drill_nudges (submission_id);

-- A flashcard's model answer shown to a candidate: an answer is only ever sent for a question
-- the candidate has answered or revealed.
CREATE TABLE drill_reveals (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    revealed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, question_id)
);

-- A candidate's drill settings; no row means the defaults.
CREATE TABLE drill_settings (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    new_per_day INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
