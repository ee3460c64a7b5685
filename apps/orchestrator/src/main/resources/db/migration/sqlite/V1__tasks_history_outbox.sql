-- Baton schema v1. Portable SQL (SQLite and PostgreSQL): instants are epoch milliseconds (BIGINT),
-- ids of tasks are UUID text, JSON is stored as text.

CREATE TABLE tasks (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(100) NOT NULL DEFAULT 'default',
    type             VARCHAR(100) NOT NULL,
    version          VARCHAR(100),
    status           VARCHAR(20)  NOT NULL,
    priority         INTEGER      NOT NULL,
    input            TEXT         NOT NULL,
    result           TEXT,
    error_message    TEXT,
    error_type       VARCHAR(200),
    error_retryable  BOOLEAN,
    attempt          INTEGER      NOT NULL,
    max_retries      INTEGER      NOT NULL,
    timeout_seconds  INTEGER      NOT NULL,
    tags             TEXT,
    idempotency_key  VARCHAR(200),
    worker_id        VARCHAR(200),
    progress         INTEGER,
    run_at           BIGINT,
    deadline_at      BIGINT,
    created_at       BIGINT       NOT NULL,
    queued_at        BIGINT,
    started_at       BIGINT,
    completed_at     BIGINT,
    updated_at       BIGINT       NOT NULL,
    row_version      BIGINT       NOT NULL DEFAULT 0
);

-- Lists are newest first, optionally by status; the sweeper looks for running attempts past deadline.
CREATE INDEX ix_tasks_created ON tasks (created_at DESC, id DESC);
CREATE INDEX ix_tasks_status_created ON tasks (status, created_at DESC, id DESC);
CREATE INDEX ix_tasks_deadline ON tasks (deadline_at) WHERE deadline_at IS NOT NULL;
CREATE UNIQUE INDEX ux_tasks_idempotency ON tasks (tenant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- One row per trigger that concerned a task, applied or ignored: the task's timeline.
CREATE TABLE task_history (
    id            INTEGER      NOT NULL PRIMARY KEY AUTOINCREMENT,
    task_id       VARCHAR(36)  NOT NULL,
    attempt       INTEGER      NOT NULL,
    trigger_name  VARCHAR(40),
    from_status   VARCHAR(20),
    to_status     VARCHAR(20),
    outcome       VARCHAR(10)  NOT NULL,
    reason        TEXT,
    worker_id     VARCHAR(200),
    detail        TEXT,
    at            BIGINT       NOT NULL
);
CREATE INDEX ix_task_history_task ON task_history (task_id, id);

-- The transactional outbox: messages that must reach the broker, deleted once confirmed.
CREATE TABLE outbox (
    id                INTEGER      NOT NULL PRIMARY KEY AUTOINCREMENT,
    task_id           VARCHAR(36)  NOT NULL,
    attempt           INTEGER      NOT NULL,
    kind              VARCHAR(20)  NOT NULL,
    target            VARCHAR(200) NOT NULL,
    message_id        VARCHAR(100) NOT NULL,
    priority          INTEGER      NOT NULL,
    payload           TEXT         NOT NULL,
    created_at        BIGINT       NOT NULL,
    not_before        BIGINT       NOT NULL,
    publish_attempts  INTEGER      NOT NULL DEFAULT 0,
    last_error        TEXT
);
CREATE INDEX ix_outbox_due ON outbox (not_before, id);
