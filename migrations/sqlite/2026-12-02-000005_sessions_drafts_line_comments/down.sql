DROP TABLE review_line_comments;
DROP TABLE attempt_drafts;
DROP TABLE sessions;
