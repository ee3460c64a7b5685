-- The tenant of a dispatch, so the relay can route it to the tenant's own queues when
-- baton.security.tenant-queues names it (NULL: rows from before; they go to the shared queues).
ALTER TABLE outbox ADD COLUMN tenant_id VARCHAR(100);
