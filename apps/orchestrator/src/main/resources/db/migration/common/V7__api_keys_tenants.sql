-- API keys issued through the API (keys from configuration are not stored). Only a SHA-256 of
-- each key is kept; the key itself is shown once, when issued.
CREATE TABLE api_keys (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    tenant_id   VARCHAR(100) NOT NULL,
    role        VARCHAR(20)  NOT NULL,
    key_hash    VARCHAR(64)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);
CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (key_hash);

-- The tenant of a pull worker (from its key); NULL for AMQP workers, which serve every tenant.
ALTER TABLE workers ADD COLUMN tenant_id VARCHAR(100);

-- Lists and stats scoped to one tenant: by status newest first, and counts by status from the
-- index alone. (Unscoped ones, operators', keep using ix_tasks_status_created.)
CREATE INDEX ix_tasks_tenant_status_created ON tasks (tenant_id, status, created_at DESC, id DESC);
