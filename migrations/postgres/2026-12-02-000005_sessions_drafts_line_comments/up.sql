-- One row per log-in. A bearer token or a browser cookie names its session; log-out and a
-- password change set revoked_at, and the token stops working at once, before it expires.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id, created_at);

-- The unsubmitted work of an attempt, saved as the candidate types: one row per attempt,
-- overwritten on each save.
CREATE TABLE attempt_drafts (
    attempt_id TEXT PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    content TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- A coach's remarks on single lines of the reviewed document, part of one review.
CREATE TABLE review_line_comments (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    comment TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX review_line_comments_review ON review_line_comments (review_id, line);
