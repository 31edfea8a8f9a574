CREATE TABLE cohorts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    coach_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX cohorts_coach ON cohorts (coach_id, created_at);

-- Only a hash of each code is kept: a leaked database does not leak working invites.
CREATE TABLE cohort_invites (
    id TEXT PRIMARY KEY,
    cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    code_sha256 TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX cohort_invites_code ON cohort_invites (code_sha256);
CREATE INDEX cohort_invites_cohort ON cohort_invites (cohort_id);

-- left_at set = no longer a member: the coach stops seeing the candidate's work from then on.
CREATE TABLE cohort_members (
    cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at TIMESTAMP NOT NULL,
    left_at TIMESTAMP,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_members_user ON cohort_members (user_id);

CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    reviewer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    comment TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reviews_submission ON reviews (submission_id, created_at);
CREATE INDEX reviews_reviewer ON reviews (reviewer_id);

-- Append-only. The newest override of a (submission, dimension) is the effective score; the
-- grader's own score stays in submission_scores untouched.
CREATE TABLE score_overrides (
    id TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX score_overrides_submission ON score_overrides (submission_id, created_at);

-- Append-only record of every change a coach or admin makes to someone's results.
CREATE TABLE audit_entries (
    id TEXT PRIMARY KEY,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_entries_subject ON audit_entries (subject_type, subject_id, created_at);
