-- Task definitions registered through the API (definitions from configured sources are not
-- stored: they are read again from their source on every start and reload). The document is the
-- definition as JSON, parsed by the same code as a definition.yaml.
CREATE TABLE task_definitions (
    type           VARCHAR(100) NOT NULL,
    version        VARCHAR(100) NOT NULL,
    document       TEXT         NOT NULL,
    registered_at  BIGINT       NOT NULL,
    PRIMARY KEY (type, version)
);

-- A dispatch held back by its type's concurrency limit: the task is QUEUED, the message waits
-- here until a slot frees. Due, unheld messages are found by ix_outbox_due, which now leads with
-- held so that a long held backlog is never scanned by the relay.
ALTER TABLE outbox ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
DROP INDEX ix_outbox_due;
CREATE INDEX ix_outbox_due ON outbox (held, not_before, id);
CREATE INDEX ix_outbox_held ON outbox (held, target, priority DESC, id);
-- "Is this task's dispatch held?" (claims, slot counts) must look up by task, not by held.
DROP INDEX ix_outbox_task;
CREATE INDEX ix_outbox_task ON outbox (task_id, held);
