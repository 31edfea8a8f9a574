ALTER TABLE review_line_comments DROP COLUMN document;
ALTER TABLE attempt_drafts DROP COLUMN events_content;
ALTER TABLE submissions DROP COLUMN events_content;
