ALTER TABLE idempotency_records DROP COLUMN claim_id;
