-- The event document (AsyncAPI) a real-time case study takes beside its API: submitted, drafted,
-- and commented on by line like the API document.
ALTER TABLE submissions ADD COLUMN events_content TEXT;
ALTER TABLE attempt_drafts ADD COLUMN events_content TEXT;
ALTER TABLE review_line_comments ADD COLUMN document TEXT NOT NULL DEFAULT 'api';
