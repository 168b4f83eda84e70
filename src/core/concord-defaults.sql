-- Concord workbook defaults.
-- Runs once, after the schema, inside the transaction that creates every
-- new workbook. No BEGIN/COMMIT here: the caller owns the transaction.
-- Ids, uuids and timestamps come from the schema's defaults.

-- Workbook settings. stage_labels is 'classic' (Undefined, Defined,
-- Aligned, Integrated) or 'alternate' (Unclear, Clear, Aligned, United).
-- The company profile starts empty; the user fills it in.
INSERT INTO meta (key, value) VALUES
  ('currency', 'USD'),
  ('stage_labels', 'classic'),
  ('company_size', ''),
  ('sales_cycle', ''),
  ('market', '');

INSERT INTO teams (name, kind, position) VALUES
  ('Sales', 'sales', 0),
  ('Marketing', 'marketing', 1),
  ('Revenue Operations', 'revops', 2),
  ('Leadership', 'leadership', 3),
  ('Customer Success', 'success', 4);

-- The eight areas the diagnostic looks at.
INSERT INTO maturity_dimensions (name, description, position) VALUES
  ('Communication',
   'How often the two teams talk, what they share and how they settle disagreements.',
   0),
  ('Shared definitions and process',
   'Common meanings for leads, opportunities and customers, and a written path from first interest to closed deal.',
   1),
  ('Planning and targets',
   'Whether plans, calendars and target accounts are built together or apart.',
   2),
  ('Metrics and reporting',
   'Which numbers each team is judged on and whether both see the same figures.',
   3),
  ('Budget and resources',
   'How money, people and tools are decided and shared between the teams.',
   4),
  ('Systems and data',
   'The tools both teams work in and the quality and ownership of the data in them.',
   5),
  ('Incentives and rewards',
   'How pay, recognition and credit reward joint results rather than separate ones.',
   6),
  ('Leadership and culture',
   'How the leaders model cooperation and how people see the other team.',
   7);

-- The twenty statements, rated 1 (strongly disagree) to 5 (strongly agree).
-- Agreement always means a more integrated relationship. Positions run
-- 0..19 across the whole questionnaire, grouped by dimension (3/3/3/2/2/3/2/2).
INSERT INTO maturity_statements (dimension_id, text, position) VALUES
  ((SELECT id FROM maturity_dimensions WHERE name = 'Communication'),
   'The heads of sales and marketing review pipeline and campaigns together at least every two weeks.',
   0),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Communication'),
   'Sellers pass on what they hear from customers about our messages, content and competitors within a few days.',
   1),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Communication'),
   'When the two teams disagree, they settle it in a regular joint meeting instead of escalating or working around each other.',
   2),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Shared definitions and process'),
   'Both teams use one written definition of a qualified lead and accept or reject leads against it.',
   3),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Shared definitions and process'),
   'The hand-off of a lead from marketing to sales has a named owner, a follow-up deadline and a way to send it back.',
   4),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Shared definitions and process'),
   'Words such as opportunity, pipeline and customer mean the same thing in both teams'' reports.',
   5),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Planning and targets'),
   'Sales and marketing build their yearly and quarterly plans in the same sessions, on one shared calendar.',
   6),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Planning and targets'),
   'Target accounts and segments are chosen by both teams together and reviewed every quarter.',
   7),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Planning and targets'),
   'Before a campaign or event launches, named sellers have committed to following up on the contacts it produces.',
   8),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Metrics and reporting'),
   'Both teams are judged on the same pipeline and revenue numbers, not only on counts of their own activity.',
   9),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Metrics and reporting'),
   'One monthly dashboard, seen by everyone in both teams, shows how each funnel stage converts to the next.',
   10),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Budget and resources'),
   'Sales leaders take part in marketing budget decisions, and marketing has a say in what sales spends on events and material.',
   11),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Budget and resources'),
   'Requests for headcount and tools on either side are argued from shared revenue goals, not as a contest between teams.',
   12),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Systems and data'),
   'One CRM is the single source of truth for accounts, contacts, leads and opportunities.',
   13),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Systems and data'),
   'Marketing can follow every lead it passed to sales through to won or lost revenue.',
   14),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Systems and data'),
   'Customer and prospect data has a named owner who keeps it clean under rules both teams agreed.',
   15),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Incentives and rewards'),
   'Part of the variable pay in both teams depends on the same revenue or pipeline result.',
   16),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Incentives and rewards'),
   'A won deal is celebrated as a joint result, with credit to the people in both teams who helped win it.',
   17),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Leadership and culture'),
   'The heads of sales and marketing present one shared view of the growth strategy to the rest of the company.',
   18),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Leadership and culture'),
   'People move between sales and marketing roles, or spend time shadowing the other team, as a normal part of their careers.',
   19);

-- The defaults are the same records in every workbook: fixed uuids and
-- timestamps let two workbooks exchange and merge without seeing each
-- other's starting teams and statements as new or changed.
UPDATE teams SET
  uuid = 'c0c0000a-0000-4000-8000-' || printf ('%012x', position + 1),
  created_at = '2026-01-01T00:00:00.000Z',
  updated_at = '2026-01-01T00:00:00.000Z';
UPDATE maturity_dimensions SET
  uuid = 'c0c0000d-0000-4000-8000-' || printf ('%012x', position + 1),
  created_at = '2026-01-01T00:00:00.000Z',
  updated_at = '2026-01-01T00:00:00.000Z';
UPDATE maturity_statements SET
  uuid = 'c0c0000e-0000-4000-8000-' || printf ('%012x', position + 1),
  created_at = '2026-01-01T00:00:00.000Z',
  updated_at = '2026-01-01T00:00:00.000Z';
