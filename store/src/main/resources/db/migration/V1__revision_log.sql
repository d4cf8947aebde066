-- One global revision counter. Every writer (in every server process) locks this row for the whole
-- write transaction, so revisions are assigned and committed in order and without gaps.
CREATE TABLE revision_counter (
    id        int    PRIMARY KEY CHECK (id = 1),
    revision  bigint NOT NULL,
    compacted bigint NOT NULL
);
INSERT INTO revision_counter VALUES (1, 0, 0);

-- The revision log: one row per write. object is the state after the write (for a deletion: the last
-- state), previous the state before it (null for a creation). Keeping previous makes watch selector
-- transitions and consistent continue pages work without reading rows older than the compacted revision.
CREATE TABLE log (
    revision   bigint      PRIMARY KEY,
    resource   text        NOT NULL,
    namespace  text        COLLATE "C" NOT NULL,
    name       text        COLLATE "C" NOT NULL,
    deleted    boolean     NOT NULL,
    object     text        NOT NULL,
    previous   text,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- No per-key index: watches and continue pages read the log by revision range (the primary key), and
-- every extra index costs each write.

-- The current objects (the newest log row per key), written in the same transaction as the log.
CREATE TABLE current (
    resource   text   NOT NULL,
    namespace  text   COLLATE "C" NOT NULL,
    name       text   COLLATE "C" NOT NULL,
    revision   bigint NOT NULL,
    uid        uuid   NOT NULL,
    labels     jsonb  NOT NULL DEFAULT '{}',
    owner_uids uuid[] NOT NULL DEFAULT '{}',
    object     text   NOT NULL,
    PRIMARY KEY (resource, namespace, name)
);
CREATE INDEX current_labels ON current USING gin (labels jsonb_path_ops);
CREATE INDEX current_owners ON current USING gin (owner_uids);
CREATE UNIQUE INDEX current_uid ON current (uid);

-- Values every server replica must agree on (CA, token signing key).
CREATE TABLE settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);
