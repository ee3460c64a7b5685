-- Worker registry (heartbeats, liveness) and per-task retry backoff.

CREATE TABLE workers (
    id              VARCHAR(200) NOT NULL PRIMARY KEY,
    status          VARCHAR(20)  NOT NULL,
    types           TEXT,
    capacity        INTEGER      NOT NULL,
    running         TEXT,
    first_seen_at   BIGINT       NOT NULL,
    last_seen_at    BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    row_version     BIGINT       NOT NULL DEFAULT 0
);
-- The liveness sweep looks for workers silent since a given instant.
CREATE INDEX ix_workers_last_seen ON workers (last_seen_at);

-- NULL: the global default (baton.tasks.backoff.*).
ALTER TABLE tasks ADD COLUMN backoff_initial_ms BIGINT;
ALTER TABLE tasks ADD COLUMN backoff_factor DOUBLE PRECISION;
ALTER TABLE tasks ADD COLUMN backoff_max_ms BIGINT;

-- Tasks held by a worker, for failing them when it goes offline.
CREATE INDEX ix_tasks_worker_status ON tasks (worker_id, status) WHERE worker_id IS NOT NULL;
