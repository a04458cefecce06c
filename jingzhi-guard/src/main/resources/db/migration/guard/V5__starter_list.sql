-- The shipped starter list the starter bank last took (gzip'd JSON, the form of a version snapshot). At start a
-- shipped list that differs is merged into the starter bank as a new version, keeping what operators changed since.
alter table guard_lexicons add column shipped_list bytea;
