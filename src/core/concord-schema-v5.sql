-- Concord workbook schema 5: indexes. Applied after schema 4, in the
-- same transaction, after the file was backed up; see docs/schema.md.
-- Every row and value is kept; only indexes are added.

-- The team sync's lookups by dot: the edits of a replica past the counter
-- the server has seen (the changes waiting, what a sync sends). The
-- primary key (tbl, uuid, field) rides along in every entry.
CREATE INDEX sync_versions_dots ON sync_versions (replica, counter);
