-- Exercises live in files (exercises/); rows record which id and version an attempt used.
CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exercise_id TEXT NOT NULL,
    exercise_version INTEGER NOT NULL,
    started_at TIMESTAMP NOT NULL,
    deadline_at TIMESTAMP NOT NULL
);
CREATE INDEX attempts_user_started ON attempts (user_id, started_at);

CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exercise_id TEXT NOT NULL,
    exercise_version INTEGER NOT NULL,
    rubric_id TEXT,
    rubric_version INTEGER,
    content_type TEXT NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    report TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    level TEXT,
    idempotency_key TEXT,
    submitted_at TIMESTAMP NOT NULL
);
-- NULL keys are distinct on both backends, so only keyed submissions are constrained.
CREATE UNIQUE INDEX submissions_user_idempotency_key ON submissions (user_id, idempotency_key);
CREATE INDEX submissions_attempt_time ON submissions (attempt_id, submitted_at);
CREATE INDEX submissions_user_time ON submissions (user_id, submitted_at);

-- One row per dimension of a graded document; score NULL = not applicable.
CREATE TABLE submission_scores (
    submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    score DOUBLE PRECISION,
    weight DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (submission_id, dimension)
);

-- Generic per-key rate limiting (e.g. stateless grading per user), shared by all instances.
CREATE TABLE rate_events (
    id TEXT PRIMARY KEY,
    rate_key TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX rate_events_key_time ON rate_events (rate_key, at);
