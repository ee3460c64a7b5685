-- Facts about security that must outlive the rows that showed them. 'keys-existed': an API key has
-- existed (configured or issued), so Baton never runs open again (docs/security.md, "Open mode"),
-- even after every issued key is revoked or a configured key is dropped from the configuration.
CREATE TABLE security_marks (
    name        VARCHAR(64) NOT NULL PRIMARY KEY,
    recorded_at BIGINT      NOT NULL
);

-- A database where a key was issued before this table existed: keyed already.
INSERT INTO security_marks (name, recorded_at)
SELECT 'keys-existed', created_at FROM api_keys ORDER BY created_at LIMIT 1;
