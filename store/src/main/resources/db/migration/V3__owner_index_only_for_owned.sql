-- Most objects have no owner, yet the GIN index on owner_uids held each of them under its "empty array"
-- entry: an index insert on every write that no query ever reads (the garbage collector only looks up
-- objects that have owners, and its queries say so with the same predicate, so the planner can use this
-- index). Index only the objects that have owners.
DROP INDEX current_owners;
CREATE INDEX current_owners ON current USING gin (owner_uids) WITH (fastupdate = off) WHERE cardinality(owner_uids) > 0;
