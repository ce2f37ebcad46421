-- Version 8: when a refused link (used, expired, replaced) was first
-- written to the security log, so that one asked for again and again is
-- recorded once, not once per request.
ALTER TABLE links ADD COLUMN refusal_recorded_at BIGINT;
