-- Lists and stats with filters (GET /api/v1/tasks, /stats) stay index-served at a million tasks.
-- PostgreSQL: the SQLite V3 with jsonb_each_text for the back-fill and no WITHOUT ROWID.

-- One row per tag of a task: what tag filters search. tasks.tags (JSON) stays the copy the API
-- reads; the Task entity keeps both in step on create, PATCH and DELETE.
-- created_at is the task's (it never changes): with it the index below hands out a tag's tasks
-- newest first, so a page of a tag filter reads `limit` index entries instead of sorting them all.
CREATE TABLE task_tags (
    task_id     VARCHAR(36)  NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    tag_key     VARCHAR(100) NOT NULL,
    tag_value   VARCHAR(500) NOT NULL,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (task_id, tag_key)
);

INSERT INTO task_tags (task_id, tag_key, tag_value, created_at)
SELECT t.id, j.key, j.value, t.created_at
FROM tasks t, jsonb_each_text(t.tags::jsonb) j
WHERE t.tags IS NOT NULL AND j.value IS NOT NULL;

-- tag=key:value, newest first; further tags are checked on the primary key.
CREATE INDEX ix_task_tags_tag_created ON task_tags (tag_key, tag_value, created_at DESC, task_id DESC);

-- type=…, newest first. The trailing status answers a status filter and the per-status counts of
-- /stats from the index alone.
CREATE INDEX ix_tasks_type_created ON tasks (type, created_at DESC, id DESC, status);
-- workerId=…, newest first. No trailing status here: it would make this index covering for the
-- offline-worker sweep (worker_id = ? AND status IN …), which must keep ix_tasks_worker_status
-- (only the held tasks, not every task the worker ever ran); /stats by worker uses that one too.
CREATE INDEX ix_tasks_worker_created ON tasks (worker_id, created_at DESC, id DESC)
    WHERE worker_id IS NOT NULL;

-- A task's pending messages (PATCH rewrites an unpublished dispatch; cancel and DELETE drop it)
-- without scanning an outbox that grows while the broker is down.
CREATE INDEX ix_outbox_task ON outbox (task_id);
