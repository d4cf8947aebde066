-- The writer's one-round-trip batch (Writer, KnownRows): it decides a batch against what it already knows
-- and sends the writes with this check in front. The check takes the counter lock and lets the batch go on
-- only if no process wrote since the revision the writer last saw, and none of the keys its creates expect
-- to be free exists. Otherwise it raises CN001: the transaction aborts, nothing is written, and the writer
-- runs the batch again the two-round-trip way (lock and read, then write). Each statement of a function in
-- a READ COMMITTED transaction reads the newest committed rows, so the key check sees everything committed
-- before the lock was granted.
CREATE FUNCTION canopy_lock_at(expected bigint, free_resources text[], free_namespaces text[], free_names text[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    locked bigint;
BEGIN
    SELECT revision INTO locked FROM revision_counter WHERE id = 1 FOR UPDATE;
    IF locked <> expected THEN
        RAISE EXCEPTION 'the store is at revision %, not %', locked, expected USING ERRCODE = 'CN001';
    END IF;
    IF EXISTS (SELECT 1 FROM current c JOIN unnest(free_resources, free_namespaces, free_names) AS k(r, ns, n)
               ON c.resource = k.r AND c.namespace = k.ns AND c.name = k.n) THEN
        RAISE EXCEPTION 'a key expected to be free exists' USING ERRCODE = 'CN001';
    END IF;
END
$$;
