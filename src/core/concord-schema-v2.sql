-- Concord workbook schema, version 2: versions for merging.
-- A workbook replica names itself in meta ("sync.replica", with the
-- identity of the file that minted it in "sync.replica_file"). Each edit
-- it makes is one dot: (replica, counter). These tables are the merge's
-- book-keeping, never exchanged as records.

-- The dot that last set each field of each record. field '' is the
-- record itself: its insert, or its deletion when deleted = 1 (a
-- tombstone; the other fields' rows go with the record). A field with no
-- row of its own has the record's dot. Workbook settings are versioned as
-- table 'meta', uuid = the key, field 'value'.
CREATE TABLE sync_versions (
  tbl     TEXT NOT NULL,
  uuid    TEXT NOT NULL,
  field   TEXT NOT NULL,
  replica TEXT NOT NULL,
  counter INTEGER NOT NULL CHECK (counter > 0),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  PRIMARY KEY (tbl, uuid, field)
) WITHOUT ROWID;

-- The version vector: for each replica, the highest counter of its edits
-- this workbook has seen, and the name of whoever works in it.
CREATE TABLE sync_replicas (
  id      TEXT PRIMARY KEY NOT NULL,
  counter INTEGER NOT NULL DEFAULT 0 CHECK (counter >= 0),
  name    TEXT
) WITHOUT ROWID;

-- Version 1 kept tombstones as "deleted.UUID" = "TABLE TIME" in meta and
-- a "sync.last_met" time. The tombstones become dots of one replica that
-- stands for everything before versions; the time is no longer used.
INSERT INTO sync_replicas (id, counter)
  SELECT lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6))), 1
  WHERE EXISTS (SELECT 1 FROM meta WHERE key LIKE 'deleted.%');
INSERT INTO sync_versions (tbl, uuid, field, replica, counter, deleted)
  SELECT substr (value, 1, instr (value, ' ') - 1), substr (key, 9), '', (SELECT id FROM sync_replicas), 1, 1
  FROM meta WHERE key LIKE 'deleted.%' AND instr (value, ' ') > 1;
DELETE FROM meta WHERE key LIKE 'deleted.%' OR key = 'sync.last_met';
