DROP TABLE rate_events;
DROP TABLE submission_scores;
DROP TABLE submissions;
DROP TABLE attempts;
