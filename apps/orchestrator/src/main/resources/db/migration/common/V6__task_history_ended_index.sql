-- The dashboard's throughput (GET /api/v1/stats/throughput): attempts that ended per minute, read
-- as a range of this index. Partial, so it holds one entry per ended attempt, not one per history
-- row, and costs nothing on the other inserts of the hot path. outcome is a column too, though the
-- WHERE fixes it, so that the count reads the index alone (SQLite checks the term on the row
-- otherwise). Portable (SQLite and PostgreSQL).
CREATE INDEX ix_task_history_ended ON task_history (at, to_status, outcome)
    WHERE outcome = 'APPLIED' AND to_status IN ('COMPLETED', 'FAILED');
