DROP TABLE audit_entries;
DROP TABLE score_overrides;
DROP TABLE reviews;
DROP TABLE cohort_members;
DROP TABLE cohort_invites;
DROP TABLE cohorts;
