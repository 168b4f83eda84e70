-- Concord workbook schema 5: indexes. Applied after schema 4, in the
-- same transaction, after the file was backed up; see docs/schema.md.
-- Every row and value is kept; only indexes are added.

-- The team sync's lookups by dot: the edits of a replica past the counter
-- the server has seen (the changes waiting, what a sync sends). The
-- primary key (tbl, uuid, field) rides along in every entry.
CREATE INDEX sync_versions_dots ON sync_versions (replica, counter);

-- The accounts list: each sort's first page is a walk of an index, never
-- a sort of every account (docs/schema.md). The tier and stage orders
-- are the expressions concord-accounts.c sorts by, word for word; the
-- owner sorts walk people by name and each owner's accounts.
CREATE INDEX accounts_tier_order ON accounts ((CASE tier WHEN 'strategic' THEN 0 WHEN 'few' THEN 1 ELSE 2 END));
CREATE INDEX accounts_stage_order ON accounts ((CASE stage WHEN 'target' THEN 0 WHEN 'engaged' THEN 1 WHEN 'opportunity' THEN 2 WHEN 'customer' THEN 3 WHEN 'paused' THEN 4 ELSE 5 END));
CREATE INDEX accounts_fit ON accounts (fit);
CREATE INDEX accounts_engagement ON accounts (engagement);
CREATE INDEX accounts_pipeline ON accounts (pipeline_value);
CREATE INDEX accounts_last_touch ON accounts (last_touch_on);
CREATE INDEX people_name ON people (name COLLATE NOCASE);
