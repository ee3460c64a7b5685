-- HTTP pull workers claim the best tasks of a status and type: highest priority first, then oldest.
-- One lookup per (status, type) reads the rows already in that order, so a claim reads at most
-- `limit` rows per pair however large the backlog (no sort of all claimable tasks).
CREATE INDEX ix_tasks_claim ON tasks (status, type, priority DESC, created_at);
