-- Concord workbook schema, version 1.
-- Every record has an integer row id (local to this file), a stable uuid
-- (the key for exchange and merge) and created/updated timestamps in UTC
-- ISO 8601. Dates without time are YYYY-MM-DD. Money is stored as integer
-- minor units (cents) in the workbook's currency.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT
) WITHOUT ROWID;

CREATE TABLE teams (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  name       TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 200),
  kind       TEXT NOT NULL DEFAULT 'other'
             CHECK (kind IN ('sales', 'marketing', 'revops', 'leadership', 'success', 'other')),
  position   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE people (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  name       TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  team_id    INTEGER REFERENCES teams (id) ON DELETE SET NULL,
  title      TEXT,
  email      TEXT,
  notes      TEXT
);
CREATE INDEX people_team ON people (team_id);

CREATE TABLE accounts (
  id                 INTEGER PRIMARY KEY,
  uuid               TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at         TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at         TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  name               TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 300),
  domain             TEXT,
  industry           TEXT,
  region             TEXT,
  employees          INTEGER CHECK (employees IS NULL OR employees >= 0),
  annual_revenue     INTEGER CHECK (annual_revenue IS NULL OR annual_revenue >= 0),
  tier               TEXT NOT NULL DEFAULT 'many'
                     CHECK (tier IN ('strategic', 'few', 'many')),
  stage              TEXT NOT NULL DEFAULT 'target'
                     CHECK (stage IN ('target', 'engaged', 'opportunity', 'customer', 'paused', 'lost')),
  fit                INTEGER CHECK (fit IS NULL OR fit BETWEEN 0 AND 100),
  engagement         INTEGER CHECK (engagement IS NULL OR engagement BETWEEN 0 AND 100),
  pipeline_value     INTEGER CHECK (pipeline_value IS NULL OR pipeline_value >= 0),
  sales_owner_id     INTEGER REFERENCES people (id) ON DELETE SET NULL,
  marketing_owner_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
  goals              TEXT,
  value_proposition  TEXT,
  whitespace         TEXT,
  risks              TEXT,
  next_step          TEXT,
  notes              TEXT,
  last_touch_on      TEXT
);
CREATE INDEX accounts_name ON accounts (name COLLATE NOCASE);
CREATE INDEX accounts_domain ON accounts (domain COLLATE NOCASE);
CREATE INDEX accounts_tier ON accounts (tier);
CREATE INDEX accounts_stage ON accounts (stage);
CREATE INDEX accounts_sales_owner ON accounts (sales_owner_id);
CREATE INDEX accounts_marketing_owner ON accounts (marketing_owner_id);

CREATE TABLE account_stage_changes (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  from_stage TEXT,
  to_stage   TEXT NOT NULL,
  changed_on TEXT NOT NULL
);
CREATE INDEX account_stage_changes_account ON account_stage_changes (account_id);
CREATE INDEX account_stage_changes_date ON account_stage_changes (changed_on);

CREATE TABLE contacts (
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
                   'technical_evaluator', 'influencer', 'end_user', 'blocker', 'coach')),
  influence  TEXT CHECK (influence IS NULL OR influence IN ('high', 'medium', 'low')),
  sentiment  TEXT CHECK (sentiment IS NULL OR sentiment IN ('positive', 'neutral', 'negative')),
  is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  owner_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
  notes      TEXT
);
CREATE INDEX contacts_account ON contacts (account_id);

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
CREATE INDEX touches_account ON touches (account_id, touched_on);

-- Full-text search over accounts and their buying committee. The row id is
-- the account's id; triggers keep it current, so undo and merges that
-- write the base tables keep it current too.
CREATE VIRTUAL TABLE accounts_fts USING fts5 (
  name, domain, industry, notes, contacts,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
-- Its triggers are in concord-search-triggers.sql: the store creates them
-- again from there after a bulk edit, never from the text in a file.

CREATE TABLE plans (
  id                INTEGER PRIMARY KEY,
  uuid              TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at        TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  title             TEXT NOT NULL CHECK (length (title) BETWEEN 1 AND 300),
  kind              TEXT NOT NULL DEFAULT 'campaign'
                    CHECK (kind IN ('campaign', 'event', 'abm', 'enablement', 'growth')),
  objective         TEXT,
  status            TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'planned', 'active', 'done', 'cancelled')),
  start_on          TEXT,
  end_on            TEXT,
  sales_lead_id     INTEGER REFERENCES people (id) ON DELETE SET NULL,
  marketing_lead_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
  notes             TEXT,
  CHECK (start_on IS NULL OR end_on IS NULL OR end_on >= start_on)
);
CREATE INDEX plans_status ON plans (status);

CREATE TABLE plan_kpis (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at    TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  plan_id       INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  name          TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  unit          TEXT NOT NULL DEFAULT 'count' CHECK (unit IN ('count', 'currency', 'percent')),
  baseline      REAL NOT NULL DEFAULT 0,
  target        REAL NOT NULL DEFAULT 0,
  actual        REAL NOT NULL DEFAULT 0,
  owner_team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,
  cadence       TEXT NOT NULL DEFAULT 'monthly' CHECK (cadence IN ('weekly', 'monthly', 'quarterly')),
  position      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX plan_kpis_plan ON plan_kpis (plan_id);

CREATE TABLE plan_budget_lines (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  item       TEXT NOT NULL CHECK (length (item) BETWEEN 1 AND 200),
  funded_by  TEXT NOT NULL DEFAULT 'shared' CHECK (funded_by IN ('sales', 'marketing', 'shared')),
  planned    INTEGER NOT NULL DEFAULT 0 CHECK (planned >= 0),
  actual     INTEGER NOT NULL DEFAULT 0 CHECK (actual >= 0),
  position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX plan_budget_lines_plan ON plan_budget_lines (plan_id);

CREATE TABLE plan_milestones (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  title      TEXT NOT NULL CHECK (length (title) BETWEEN 1 AND 300),
  due_on     TEXT,
  owner_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
  done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  done_on    TEXT
);
CREATE INDEX plan_milestones_plan ON plan_milestones (plan_id);
CREATE INDEX plan_milestones_due ON plan_milestones (due_on);

CREATE TABLE plan_accounts (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  UNIQUE (plan_id, account_id)
);
CREATE INDEX plan_accounts_account ON plan_accounts (account_id);

CREATE TABLE processes (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at  TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  name        TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  description TEXT,
  position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE process_stages (
  id                INTEGER PRIMARY KEY,
  uuid              TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at        TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  process_id        INTEGER NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
  position          INTEGER NOT NULL DEFAULT 0,
  name              TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  definition        TEXT,
  entry_criteria    TEXT,
  exit_criteria     TEXT,
  owner_team_id     INTEGER REFERENCES teams (id) ON DELETE SET NULL,
  handoff           INTEGER NOT NULL DEFAULT 0 CHECK (handoff IN (0, 1)),
  sla_hours         INTEGER CHECK (sla_hours IS NULL OR sla_hours >= 0),
  sla_attempts      INTEGER CHECK (sla_attempts IS NULL OR sla_attempts >= 0),
  conversion_target REAL CHECK (conversion_target IS NULL OR conversion_target BETWEEN 0 AND 100),
  recycle_reasons   TEXT,
  reject_reasons    TEXT
);
CREATE INDEX process_stages_process ON process_stages (process_id, position);

CREATE TABLE glossary_terms (
  id                  INTEGER PRIMARY KEY,
  uuid                TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at          TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at          TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  term                TEXT NOT NULL CHECK (length (term) BETWEEN 1 AND 200),
  definition          TEXT,
  proposed_by_team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,
  agreed              INTEGER NOT NULL DEFAULT 0 CHECK (agreed IN (0, 1)),
  agreed_on           TEXT
);

CREATE TABLE engagement_rules (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at    TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  rule          TEXT NOT NULL CHECK (length (rule) BETWEEN 1 AND 2000),
  covers        TEXT,
  owner_team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,
  position      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE role_maps (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at  TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  name        TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  variant     TEXT NOT NULL DEFAULT 'raci' CHECK (variant IN ('raci', 'rasci', 'daci')),
  process_id  INTEGER REFERENCES processes (id) ON DELETE SET NULL,
  description TEXT
);

CREATE TABLE role_map_roles (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  map_id     INTEGER NOT NULL REFERENCES role_maps (id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  kind       TEXT NOT NULL DEFAULT 'job' CHECK (kind IN ('team', 'job', 'person')),
  team_id    INTEGER REFERENCES teams (id) ON DELETE SET NULL,
  person_id  INTEGER REFERENCES people (id) ON DELETE SET NULL,
  position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX role_map_roles_map ON role_map_roles (map_id, position);

CREATE TABLE role_map_activities (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  map_id     INTEGER NOT NULL REFERENCES role_maps (id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 300),
  grouping   TEXT,
  stage_id   INTEGER REFERENCES process_stages (id) ON DELETE SET NULL,
  position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX role_map_activities_map ON role_map_activities (map_id, position);

CREATE TABLE role_map_assignments (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at  TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  activity_id INTEGER NOT NULL REFERENCES role_map_activities (id) ON DELETE CASCADE,
  role_id     INTEGER NOT NULL REFERENCES role_map_roles (id) ON DELETE CASCADE,
  letter      TEXT NOT NULL CHECK (letter IN ('R', 'A', 'S', 'C', 'I', 'D')),
  UNIQUE (activity_id, role_id)
);
CREATE INDEX role_map_assignments_role ON role_map_assignments (role_id);

CREATE TABLE maturity_dimensions (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at  TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  name        TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  description TEXT,
  position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE maturity_statements (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at   TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  dimension_id INTEGER NOT NULL REFERENCES maturity_dimensions (id) ON DELETE CASCADE,
  text         TEXT NOT NULL CHECK (length (text) BETWEEN 1 AND 1000),
  position     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX maturity_statements_dimension ON maturity_statements (dimension_id, position);

CREATE TABLE assessments (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  taken_on   TEXT NOT NULL,
  team       TEXT NOT NULL CHECK (team IN ('sales', 'marketing', 'leadership', 'joint')),
  respondent TEXT,
  notes      TEXT
);
CREATE INDEX assessments_date ON assessments (taken_on);

CREATE TABLE assessment_answers (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at    TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  statement_id  INTEGER NOT NULL REFERENCES maturity_statements (id) ON DELETE CASCADE,
  value         INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
  UNIQUE (assessment_id, statement_id)
);

CREATE TABLE maturity_targets (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at   TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  dimension_id INTEGER NOT NULL UNIQUE REFERENCES maturity_dimensions (id) ON DELETE CASCADE,
  target_stage INTEGER NOT NULL CHECK (target_stage BETWEEN 1 AND 4),
  target_on    TEXT
);

CREATE TABLE initiatives (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6)))),
  created_at   TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),
  title        TEXT NOT NULL CHECK (length (title) BETWEEN 1 AND 300),
  description  TEXT,
  dimension_id INTEGER REFERENCES maturity_dimensions (id) ON DELETE SET NULL,
  from_stage   INTEGER CHECK (from_stage IS NULL OR from_stage BETWEEN 1 AND 4),
  to_stage     INTEGER CHECK (to_stage IS NULL OR to_stage BETWEEN 1 AND 4),
  owner_id     INTEGER REFERENCES people (id) ON DELETE SET NULL,
  start_on     TEXT,
  due_on       TEXT,
  status       TEXT NOT NULL DEFAULT 'proposed'
               CHECK (status IN ('proposed', 'active', 'done', 'paused', 'cancelled')),
  progress     INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  plan_id      INTEGER REFERENCES plans (id) ON DELETE SET NULL,
  process_id   INTEGER REFERENCES processes (id) ON DELETE SET NULL,
  CHECK (start_on IS NULL OR due_on IS NULL OR due_on >= start_on)
);
CREATE INDEX initiatives_dimension ON initiatives (dimension_id);
