-- Responses of POST requests made with an Idempotency-Key, replayed when the same request is
-- retried. status 0 marks a request still being handled.
CREATE TABLE idempotency_records (
    scope TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    status INTEGER NOT NULL,
    location TEXT,
    content_type TEXT,
    body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
