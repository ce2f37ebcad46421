-- Version 12: the gate's refusals are written at most once a minute for the
-- same person and app, which asks the log for recent rows of one event.
CREATE INDEX audit_by_event ON audit (event, at);
