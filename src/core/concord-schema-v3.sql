-- Concord workbook schema 3: where a record came from, and the buying
-- roles CRMs record. Applied after schema 2, in the same transaction,
-- after the file was backed up; see docs/schema.md. The search triggers
-- are dropped here and made again from concord-search-triggers.sql.

-- The CRM a record was imported from ("hubspot", "salesforce",
-- "pipedrive") and its id there: a re-import matches on them first, and
-- two companies that share a name stay apart.
ALTER TABLE accounts ADD COLUMN source_system TEXT
  CHECK (source_system IS NULL OR length (source_system) BETWEEN 1 AND 40);
ALTER TABLE accounts ADD COLUMN source_id TEXT
  CHECK (source_id IS NULL OR length (source_id) BETWEEN 1 AND 200);
CREATE INDEX accounts_source ON accounts (source_system, source_id) WHERE source_id IS NOT NULL;

-- A CHECK constraint cannot be changed in place: contacts is copied into
-- a table with the wider list of roles. Touches refer to contacts, so
-- they are set aside first (dropping contacts would clear their links)
-- and written back after; both tables then come last in the file, still
-- after every table they refer to.
DROP TRIGGER IF EXISTS accounts_fts_insert;
DROP TRIGGER IF EXISTS accounts_fts_update;
DROP TRIGGER IF EXISTS accounts_fts_delete;
CREATE TEMP TABLE v3_touches AS SELECT * FROM touches;
DROP TABLE touches;

CREATE TABLE contacts_v3 (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  title      TEXT,
  email      TEXT,
  phone      TEXT,
  role       TEXT CHECK (role IS NULL OR role IN ('champion', 'economic_buyer', 'decision_maker',
                   'technical_evaluator', 'influencer', 'end_user', 'blocker', 'coach',
                   'executive_sponsor', 'legal_compliance', 'procurement', 'other')),
  influence  TEXT CHECK (influence IS NULL OR influence IN ('high', 'medium', 'low')),
  sentiment  TEXT CHECK (sentiment IS NULL OR sentiment IN ('positive', 'neutral', 'negative')),
  is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  owner_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
  notes      TEXT,
  source_system TEXT CHECK (source_system IS NULL OR length (source_system) BETWEEN 1 AND 40),
  source_id  TEXT CHECK (source_id IS NULL OR length (source_id) BETWEEN 1 AND 200)
);
INSERT INTO contacts_v3 (id, uuid, created_at, updated_at, account_id, name, title, email, phone,
                         role, influence, sentiment, is_primary, owner_id, notes)
  SELECT id, uuid, created_at, updated_at, account_id, name, title, email, phone,
         role, influence, sentiment, is_primary, owner_id, notes
    FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_v3 RENAME TO contacts;
CREATE INDEX contacts_account ON contacts (account_id);
CREATE INDEX contacts_source ON contacts (source_system, source_id) WHERE source_id IS NOT NULL;

CREATE TABLE touches (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
  touched_on TEXT NOT NULL,
  channel    TEXT NOT NULL CHECK (channel IN ('email', 'event', 'call', 'ads', 'direct_mail', 'content', 'meeting')),
  team       TEXT NOT NULL CHECK (team IN ('sales', 'marketing', 'joint')),
  note       TEXT,
  outcome    TEXT
);
INSERT INTO touches (id, uuid, created_at, updated_at, account_id, contact_id, touched_on, channel, team, note, outcome)
  SELECT id, uuid, created_at, updated_at, account_id, contact_id, touched_on, channel, team, note, outcome
    FROM v3_touches;
DROP TABLE v3_touches;
CREATE INDEX touches_account ON touches (account_id, touched_on);
