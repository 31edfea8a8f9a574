-- Each claim of a key gets its own id, so a claim abandoned by a crashed server can be taken over
-- after a short lease, and a late reply of the abandoned request cannot overwrite the new one.
ALTER TABLE idempotency_records ADD COLUMN claim_id TEXT NOT NULL DEFAULT '';
