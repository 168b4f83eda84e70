-- Concord sample workbook.
-- Fills an empty workbook (schema plus concord-defaults.sql) with a
-- fictional company, Tessaline Sensor Systems, a mid-size maker of wireless
-- vibration and temperature sensors and condition-monitoring software for
-- plants and utilities. Every name, company and figure here is invented.
-- Dates are relative to the user's local day, the same "today" the
-- dashboard and reports judge by.
-- Runs inside one transaction owned by the caller: no BEGIN/COMMIT here.
-- Dates are relative to today so the sample always looks current; every
-- foreign key is looked up by name; ids, uuids and timestamps come from
-- the schema's defaults. Money is in cents.

-- ---------------------------------------------------------------------
-- Company profile
-- ---------------------------------------------------------------------
UPDATE meta SET value = 'mid' WHERE key = 'company_size';
UPDATE meta SET value = 'long' WHERE key = 'sales_cycle';
UPDATE meta SET value = 'complex' WHERE key = 'market';

-- ---------------------------------------------------------------------
-- People
-- ---------------------------------------------------------------------
INSERT INTO people (name, team_id, title, email, notes) VALUES
  ('Maren Okafor', (SELECT id FROM teams WHERE name = 'Sales'),
   'Vice President, Sales', 'maren.okafor@tessaline.example',
   'Runs the sales team of 24; co-owns the alignment roadmap.'),
  ('Tobias Lindqvist', (SELECT id FROM teams WHERE name = 'Marketing'),
   'Vice President, Marketing', 'tobias.lindqvist@tessaline.example',
   'Joined from a software company last year; sponsor of the ABM programme.'),
  ('Priya Ramaswamy', (SELECT id FROM teams WHERE name = 'Sales'),
   'Regional Sales Director, Europe', 'priya.ramaswamy@tessaline.example', NULL),
  ('Daniel Kuehn', (SELECT id FROM teams WHERE name = 'Sales'),
   'Senior Account Executive, North America', 'daniel.kuehn@tessaline.example', NULL),
  ('Sofia Marchetti', (SELECT id FROM teams WHERE name = 'Sales'),
   'Account Executive, Nordics and Southern Europe', 'sofia.marchetti@tessaline.example', NULL),
  ('Jonah Whitfield', (SELECT id FROM teams WHERE name = 'Sales'),
   'Sales Development Representative', 'jonah.whitfield@tessaline.example',
   'Works the inbound queue and the 1:many accounts.'),
  ('Aisha Bello', (SELECT id FROM teams WHERE name = 'Marketing'),
   'Account-Based Marketing Manager', 'aisha.bello@tessaline.example', NULL),
  ('Lukas Brenner', (SELECT id FROM teams WHERE name = 'Marketing'),
   'Field and Events Marketing Manager', 'lukas.brenner@tessaline.example', NULL),
  ('Hana Sato', (SELECT id FROM teams WHERE name = 'Marketing'),
   'Product Marketing Manager', 'hana.sato@tessaline.example',
   'Owns messaging, case studies and the seller kit.'),
  ('Ray Castellanos', (SELECT id FROM teams WHERE name = 'Revenue Operations'),
   'Head of Revenue Operations', 'ray.castellanos@tessaline.example',
   'Owns the CRM, lead scoring and the monthly funnel dashboard.'),
  ('Ingrid Falk', (SELECT id FROM teams WHERE name = 'Customer Success'),
   'Customer Success Manager', 'ingrid.falk@tessaline.example', NULL),
  ('Elena Varga', (SELECT id FROM teams WHERE name = 'Leadership'),
   'Chief Executive Officer', 'elena.varga@tessaline.example', NULL);

-- ---------------------------------------------------------------------
-- Accounts (last_touch_on is set from the touches further down)
-- ---------------------------------------------------------------------
INSERT INTO accounts (name, domain, industry, region, employees, annual_revenue,
                      tier, stage, fit, engagement, pipeline_value,
                      sales_owner_id, marketing_owner_id,
                      goals, value_proposition, whitespace, risks, next_step, notes) VALUES
  ('Brightwater Foods', 'brightwater-foods.example', 'Food and beverage manufacturing',
   'North America', 4200, 160000000000, 'strategic', 'opportunity', 88, 74, 42000000,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'),
   (SELECT id FROM people WHERE name = 'Aisha Bello'),
   'Cut unplanned stoppages on the pasteuriser and filling lines by a third within two years.',
   'Sensors fitted in a day without stopping the line, with alerts that name the failing part, so maintenance plans repairs instead of reacting to them.',
   'Six plants; only the Dayton plant is in the pilot scope. Refrigeration and wastewater assets not yet discussed.',
   'Procurement wants a three-year price hold; the IT security team has not approved cloud connectivity.',
   'Send the revised pilot terms and book the security workshop with their IT team.',
   'Largest open opportunity this year.'),
  ('Kestrel Paper Mills', 'kestrel-paper.example', 'Pulp and paper',
   'Nordics', 2900, 98000000000, 'strategic', 'engaged', 82, 51, 26000000,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'),
   (SELECT id FROM people WHERE name = 'Aisha Bello'),
   'Move paper-machine maintenance from fixed intervals to condition-based planning.',
   'Continuous monitoring of dryer and press-section bearings that fits their existing maintenance planning system.',
   'Three mills with about 1,400 rotating assets each; pulp line and power plant untouched.',
   'No champion or budget holder identified yet; our contacts are engineers without spending authority.',
   'Ask the maintenance planner to introduce us to the mill manager.',
   NULL),
  ('Orvane Water Utility', 'orvane-water.example', 'Water utility',
   'Western Europe', 1800, 54000000000, 'strategic', 'customer', 79, 83, 18000000,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'),
   (SELECT id FROM people WHERE name = 'Lukas Brenner'),
   'Avoid pump failures at remote stations and send fewer crews on routine inspection trips.',
   'Battery sensors with cellular gateways for sites without power or network, reporting into their control room.',
   'Framework signed for 12 pump stations; 60 more stations and the treatment works are open.',
   'A public tender may be required above the framework ceiling.',
   'Hand the account to Customer Success and plan the roll-out kick-off.',
   'Won this week after a six-month pilot.'),
  ('Halden Cement Group', 'halden-cement.example', 'Building materials',
   'Central Europe', 6100, 310000000000, 'strategic', 'opportunity', 91, 68, 51000000,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'),
   (SELECT id FROM people WHERE name = 'Aisha Bello'),
   'Group-wide standard for monitoring kiln fans, mills and conveyors across nine plants.',
   'One monitoring standard for every plant, with energy savings from catching misaligned fans early.',
   'Nine plants; opportunity covers two. Quarries and logistics fleet not yet in view.',
   'Group IT insists on data staying in the EU; an incumbent vendor covers two plants.',
   'Answer the two open data-residency points and schedule the group COO site visit.',
   NULL),
  ('Marlow Pharma Manufacturing', 'marlowpharma.example', 'Pharmaceuticals',
   'North America', 3400, 120000000000, 'few', 'engaged', 72, 45, 9500000,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'),
   (SELECT id FROM people WHERE name = 'Hana Sato'),
   NULL, NULL, NULL, 'Validation requirements lengthen every project.', 'Send the validation package outline.', NULL),
  ('Sable Ridge Mining', 'sableridge-mining.example', 'Mining',
   'Asia Pacific', 5200, 240000000000, 'few', 'target', 76, 18, 0,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'),
   (SELECT id FROM people WHERE name = 'Lukas Brenner'),
   NULL, NULL, NULL, NULL, 'Invite to the reliability roadshow.', NULL),
  ('Corvel Packaging', 'corvel-packaging.example', 'Packaging',
   'North America', 950, 21000000000, 'few', 'customer', 70, 66, 3600000,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'),
   (SELECT id FROM people WHERE name = 'Lukas Brenner'),
   NULL, NULL, NULL, NULL, 'Onboarding kick-off with Customer Success.', 'First order of 120 sensors.'),
  ('Tamsin Bottling Co.', 'tamsin-bottling.example', 'Beverages',
   'Western Europe', 600, 14000000000, 'few', 'opportunity', 67, 58, 7400000,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'),
   NULL,
   NULL, NULL, NULL, NULL, 'Quote for two filling lines.', 'Came in through a partner; no marketer assigned yet.'),
  ('Greyfield Steelworks', 'greyfield-steel.example', 'Metals',
   'North America', 7800, 450000000000, 'few', 'paused', 84, 22, 30000000,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'),
   (SELECT id FROM people WHERE name = 'Hana Sato'),
   NULL, NULL, NULL, 'Capital spending frozen until their next fiscal year.', 'Check in when the capex freeze lifts.', NULL),
  ('Lumen Ridge Dairy', 'lumenridge-dairy.example', 'Dairy processing',
   'Asia Pacific', 800, 19000000000, 'many', 'target', 64, 30, 0,
   (SELECT id FROM people WHERE name = 'Jonah Whitfield'),
   (SELECT id FROM people WHERE name = 'Hana Sato'),
   NULL, NULL, NULL, NULL, NULL, NULL),
  ('Osterbrook Chemicals', 'osterbrook-chem.example', 'Chemicals',
   'Central Europe', 2300, 87000000000, 'many', 'lost', 58, 12, 0,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'),
   (SELECT id FROM people WHERE name = 'Lukas Brenner'),
   NULL, NULL, NULL, NULL, NULL, 'Lost to the incumbent on price; revisit at contract renewal.'),
  ('Pellham Rail Services', 'pellham-rail.example', 'Rail maintenance',
   'United Kingdom', 1500, 33000000000, 'many', 'engaged', 61, 40, 0,
   (SELECT id FROM people WHERE name = 'Jonah Whitfield'),
   (SELECT id FROM people WHERE name = 'Aisha Bello'),
   NULL, NULL, NULL, NULL, 'Intro call with fleet engineering.', NULL),
  ('Quarrystone Aggregates', 'quarrystone.example', 'Building materials',
   'North America', 400, 9000000000, 'many', 'target', 55, 5, 0,
   (SELECT id FROM people WHERE name = 'Jonah Whitfield'),
   (SELECT id FROM people WHERE name = 'Lukas Brenner'),
   NULL, NULL, NULL, NULL, NULL, 'From a purchased list; not contacted yet.'),
  ('Ferrow Textiles', 'ferrow-textiles.example', 'Textiles',
   'Southern Europe', 1100, 26000000000, 'many', 'customer', 63, 61, 4200000,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'),
   (SELECT id FROM people WHERE name = 'Hana Sato'),
   NULL, NULL, NULL, NULL, 'Proposal for dye-house monitoring.', 'Customer for two years.');

INSERT INTO account_stage_changes (account_id, from_stage, to_stage, changed_on) VALUES
  ((SELECT id FROM accounts WHERE name = 'Brightwater Foods'), 'target', 'engaged', date ('now', 'localtime', '-150 days')),
  ((SELECT id FROM accounts WHERE name = 'Brightwater Foods'), 'engaged', 'opportunity', date ('now', 'localtime', '-44 days')),
  ((SELECT id FROM accounts WHERE name = 'Kestrel Paper Mills'), 'target', 'engaged', date ('now', 'localtime', '-38 days')),
  ((SELECT id FROM accounts WHERE name = 'Orvane Water Utility'), 'target', 'engaged', date ('now', 'localtime', '-200 days')),
  ((SELECT id FROM accounts WHERE name = 'Orvane Water Utility'), 'engaged', 'opportunity', date ('now', 'localtime', '-92 days')),
  ((SELECT id FROM accounts WHERE name = 'Orvane Water Utility'), 'opportunity', 'customer', date ('now', 'localtime', '-3 days')),
  ((SELECT id FROM accounts WHERE name = 'Halden Cement Group'), 'target', 'engaged', date ('now', 'localtime', '-110 days')),
  ((SELECT id FROM accounts WHERE name = 'Halden Cement Group'), 'engaged', 'opportunity', date ('now', 'localtime', '-31 days')),
  ((SELECT id FROM accounts WHERE name = 'Marlow Pharma Manufacturing'), 'target', 'engaged', date ('now', 'localtime', '-36 days')),
  ((SELECT id FROM accounts WHERE name = 'Corvel Packaging'), 'engaged', 'opportunity', date ('now', 'localtime', '-65 days')),
  ((SELECT id FROM accounts WHERE name = 'Corvel Packaging'), 'opportunity', 'customer', date ('now', 'localtime', '-5 days')),
  ((SELECT id FROM accounts WHERE name = 'Tamsin Bottling Co.'), 'engaged', 'opportunity', date ('now', 'localtime', '-22 days')),
  ((SELECT id FROM accounts WHERE name = 'Greyfield Steelworks'), 'opportunity', 'paused', date ('now', 'localtime', '-62 days')),
  ((SELECT id FROM accounts WHERE name = 'Osterbrook Chemicals'), 'opportunity', 'lost', date ('now', 'localtime', '-72 days')),
  ((SELECT id FROM accounts WHERE name = 'Pellham Rail Services'), 'target', 'engaged', date ('now', 'localtime', '-15 days'));

-- ---------------------------------------------------------------------
-- Buying committees. Kestrel Paper Mills deliberately has neither a
-- champion nor an economic buyer.
-- ---------------------------------------------------------------------
INSERT INTO contacts (account_id, name, title, email, phone, role, influence, sentiment, is_primary, owner_id, notes) VALUES
  ((SELECT id FROM accounts WHERE name = 'Brightwater Foods'), 'Colm Reyes', 'Reliability Engineering Manager',
   'colm.reyes@brightwater-foods.example', '+1 555 0142', 'champion', 'high', 'positive', 1,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'), 'Brought us in after a filler gearbox failure.'),
  ((SELECT id FROM accounts WHERE name = 'Brightwater Foods'), 'Nadia Brennan', 'Vice President, Operations',
   'nadia.brennan@brightwater-foods.example', NULL, 'economic_buyer', 'high', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Brightwater Foods'), 'Ursula Dent', 'Head of OT Security',
   'ursula.dent@brightwater-foods.example', NULL, 'technical_evaluator', 'medium', 'neutral', 0,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Brightwater Foods'), 'Felix Amadi', 'Procurement Director',
   'felix.amadi@brightwater-foods.example', NULL, 'blocker', 'medium', 'negative', 0,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'), 'Pushing for a multi-year price hold.'),
  ((SELECT id FROM accounts WHERE name = 'Kestrel Paper Mills'), 'Henrik Solberg', 'Maintenance Planner',
   'henrik.solberg@kestrel-paper.example', NULL, 'end_user', 'low', 'neutral', 1,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Kestrel Paper Mills'), 'Liv Aasen', 'Automation Engineer',
   'liv.aasen@kestrel-paper.example', NULL, 'technical_evaluator', 'medium', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Orvane Water Utility'), 'Marta Kowalczyk', 'Director of Asset Management',
   'marta.kowalczyk@orvane-water.example', NULL, 'decision_maker', 'high', 'positive', 1,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Orvane Water Utility'), 'Pieter de Vries', 'Network Operations Lead',
   'pieter.devries@orvane-water.example', NULL, 'champion', 'medium', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'), 'Ran the pilot on his side.'),
  ((SELECT id FROM accounts WHERE name = 'Orvane Water Utility'), 'Anouk Maes', 'Finance Controller',
   'anouk.maes@orvane-water.example', NULL, 'economic_buyer', 'high', 'neutral', 0,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Halden Cement Group'), 'Stefan Albrecht', 'Group Reliability Lead',
   'stefan.albrecht@halden-cement.example', NULL, 'champion', 'high', 'positive', 1,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Halden Cement Group'), 'Giulia Ferraro', 'Group Chief Operating Officer',
   'giulia.ferraro@halden-cement.example', NULL, 'economic_buyer', 'high', 'neutral', 0,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Halden Cement Group'), 'Rui Tavares', 'Group IT Architect',
   'rui.tavares@halden-cement.example', NULL, 'technical_evaluator', 'medium', 'negative', 0,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'), 'Worried about where sensor data is stored.'),
  ((SELECT id FROM accounts WHERE name = 'Halden Cement Group'), 'Klara Novak', 'Energy Manager',
   'klara.novak@halden-cement.example', NULL, 'coach', 'medium', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'), 'Explains how group decisions are really made.'),
  ((SELECT id FROM accounts WHERE name = 'Marlow Pharma Manufacturing'), 'Dana Whitcombe', 'Director of Engineering',
   'dana.whitcombe@marlowpharma.example', NULL, 'decision_maker', 'high', 'neutral', 0,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Marlow Pharma Manufacturing'), 'Ethan Moss', 'Validation Engineer',
   'ethan.moss@marlowpharma.example', NULL, 'influencer', 'medium', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Sable Ridge Mining'), 'Callum Reid', 'Maintenance Superintendent',
   'callum.reid@sableridge-mining.example', NULL, 'influencer', 'medium', 'neutral', 0,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Corvel Packaging'), 'Jia Lin', 'Plant Manager',
   'jia.lin@corvel-packaging.example', NULL, 'decision_maker', 'high', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Corvel Packaging'), 'Omar Haddad', 'Maintenance Technician',
   'omar.haddad@corvel-packaging.example', NULL, 'end_user', 'low', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Ingrid Falk'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Tamsin Bottling Co.'), 'Beatrix Holm', 'Operations Director',
   'beatrix.holm@tamsin-bottling.example', NULL, 'economic_buyer', 'high', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Tamsin Bottling Co.'), 'Noel Ferreira', 'Production Engineer',
   'noel.ferreira@tamsin-bottling.example', NULL, 'champion', 'medium', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Greyfield Steelworks'), 'Walter Pruitt', 'Reliability Manager',
   'walter.pruitt@greyfield-steel.example', NULL, 'champion', 'medium', 'neutral', 0,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Lumen Ridge Dairy'), 'Aroha Tane', 'Engineering Manager',
   'aroha.tane@lumenridge-dairy.example', NULL, 'influencer', 'low', 'neutral', 0,
   (SELECT id FROM people WHERE name = 'Jonah Whitfield'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Osterbrook Chemicals'), 'Kai Wendt', 'Procurement Manager',
   'kai.wendt@osterbrook-chem.example', NULL, 'blocker', 'high', 'negative', 0,
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Pellham Rail Services'), 'Imogen Clarke', 'Fleet Maintenance Lead',
   'imogen.clarke@pellham-rail.example', NULL, 'coach', 'medium', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Jonah Whitfield'), NULL),
  ((SELECT id FROM accounts WHERE name = 'Ferrow Textiles'), 'Luca Bianchi', 'Technical Director',
   'luca.bianchi@ferrow-textiles.example', NULL, 'decision_maker', 'high', 'positive', 0,
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'), NULL);

-- ---------------------------------------------------------------------
-- Touches: (account, contact or NULL, days ago, channel, team, note, outcome)
-- ---------------------------------------------------------------------
WITH t (account, contact, days, channel, team, note, outcome) AS (VALUES
  ('Brightwater Foods', 'Colm Reyes', 140, 'content', 'marketing',
   'Downloaded the guide to setting vibration baselines on pasteurisers.', 'Scored as MQL'),
  ('Brightwater Foods', 'Colm Reyes', 121, 'call', 'sales',
   'Discovery call about repeated gearbox failures on filler 3.', 'Agreed to a site visit'),
  ('Brightwater Foods', 'Nadia Brennan', 60, 'event', 'joint',
   'Met at our stand at the packaging machinery expo; Daniel and Aisha ran the demo together.', 'Plant walk-through booked'),
  ('Brightwater Foods', 'Nadia Brennan', 44, 'meeting', 'sales',
   'Walked two lines at the Dayton plant and agreed the pilot scope.', 'Pilot of 40 sensors proposed'),
  ('Brightwater Foods', 'Nadia Brennan', 21, 'direct_mail', 'marketing',
   'Sent a printed downtime-cost estimate built from their own line speeds.', 'Forwarded to their CFO'),
  ('Brightwater Foods', 'Felix Amadi', 6, 'meeting', 'joint',
   'Reviewed the pilot terms with procurement.', 'Asked for a three-year price hold'),
  ('Kestrel Paper Mills', NULL, 50, 'ads', 'marketing',
   'Account-targeted ads on dryer-section bearing failures.', '14 site visits from their domain'),
  ('Kestrel Paper Mills', 'Henrik Solberg', 38, 'email', 'sales',
   'Introduction with a reference from another paper mill.', 'Replied and asked for a demo'),
  ('Kestrel Paper Mills', 'Liv Aasen', 12, 'meeting', 'sales',
   'Remote demo of the gateway and the analytics app.', 'Needs an IT security review first'),
  ('Orvane Water Utility', 'Marta Kowalczyk', 95, 'event', 'marketing',
   'Attended our water utilities roundtable on remote pump stations.', 'Asked for a pilot proposal'),
  ('Orvane Water Utility', 'Pieter de Vries', 70, 'meeting', 'joint',
   'Reviewed three months of pilot data with their operations team.', 'Two bearing faults caught early'),
  ('Orvane Water Utility', 'Anouk Maes', 30, 'call', 'sales',
   'Confirmed budget for the first twelve stations.', 'Budget approved'),
  ('Orvane Water Utility', 'Marta Kowalczyk', 3, 'meeting', 'sales',
   'Signed the framework agreement for twelve pump stations.', 'Closed won'),
  ('Halden Cement Group', 'Stefan Albrecht', 112, 'content', 'marketing',
   'Joined the webinar on monitoring kiln fans.', 'Scored as MQL'),
  ('Halden Cement Group', 'Stefan Albrecht', 75, 'meeting', 'sales',
   'Workshop at the Linz plant on their worst-performing assets.', 'Shortlist of 80 assets'),
  ('Halden Cement Group', 'Giulia Ferraro', 31, 'meeting', 'joint',
   'Executive briefing at group headquarters with both our vice presidents.', 'Opportunity opened for two plants'),
  ('Halden Cement Group', 'Rui Tavares', 9, 'email', 'sales',
   'Returned the completed IT security questionnaire.', 'Two open points on data residency'),
  ('Halden Cement Group', 'Stefan Albrecht', 2, 'call', 'sales',
   'Weekly check-in with our champion.', 'COO visit likely next month'),
  ('Marlow Pharma Manufacturing', 'Ethan Moss', 36, 'event', 'marketing',
   'Visited our stand at the pharma engineering fair.', 'Requested validation documents'),
  ('Marlow Pharma Manufacturing', 'Dana Whitcombe', 16, 'call', 'sales',
   'First call with the engineering director.', 'Interested for the new sterile suite'),
  ('Sable Ridge Mining', NULL, 25, 'ads', 'marketing',
   'Display campaign aimed at mining maintenance roles.', 'Low engagement'),
  ('Sable Ridge Mining', 'Callum Reid', 10, 'email', 'sales',
   'Invited to the reliability roadshow.', 'No reply yet'),
  ('Corvel Packaging', 'Jia Lin', 65, 'meeting', 'sales',
   'Scoped monitoring for the corrugator line.', 'Quote requested'),
  ('Corvel Packaging', 'Jia Lin', 18, 'call', 'sales',
   'Negotiated final terms and delivery dates.', 'Verbal yes'),
  ('Corvel Packaging', 'Jia Lin', 5, 'email', 'sales',
   'Received the countersigned order for 120 sensors.', 'Closed won'),
  ('Corvel Packaging', 'Omar Haddad', 4, 'email', 'marketing',
   'Sent the welcome pack and the onboarding webinar invitation, agreed with Daniel first.', 'Registered'),
  ('Tamsin Bottling Co.', 'Beatrix Holm', 22, 'meeting', 'sales',
   'Partner-led meeting on the two filling lines.', 'Quote requested'),
  ('Tamsin Bottling Co.', 'Noel Ferreira', 8, 'call', 'sales',
   'Went through sensor placement on the fillers.', 'Technical fit confirmed'),
  ('Greyfield Steelworks', 'Walter Pruitt', 62, 'call', 'sales',
   'Project put on hold after a capital spending freeze.', 'Revisit next quarter'),
  ('Lumen Ridge Dairy', 'Aroha Tane', 19, 'content', 'marketing',
   'Read the cold-chain monitoring case study.', 'Added to nurture'),
  ('Osterbrook Chemicals', 'Kai Wendt', 72, 'meeting', 'sales',
   'Final negotiation meeting.', 'Lost to the incumbent on price'),
  ('Pellham Rail Services', 'Imogen Clarke', 15, 'event', 'joint',
   'Talked at the rail maintenance meetup we co-hosted.', 'Offered an intro to fleet engineering'),
  ('Pellham Rail Services', 'Imogen Clarke', 7, 'email', 'marketing',
   'Sent the rolling-stock bearing monitoring brief.', 'Opened twice'),
  ('Ferrow Textiles', 'Luca Bianchi', 28, 'meeting', 'joint',
   'Quarterly business review with Customer Success present.', 'Interest in dye-house monitoring')
)
INSERT INTO touches (account_id, contact_id, touched_on, channel, team, note, outcome)
SELECT (SELECT id FROM accounts WHERE name = t.account),
       (SELECT id FROM contacts WHERE name = t.contact),
       date ('now', 'localtime', '-' || t.days || ' days'),
       t.channel, t.team, t.note, t.outcome
  FROM t;

-- Each touch was made by the account's owner on that side (sales for joint ones).
UPDATE touches
   SET owner_id = (SELECT CASE touches.team WHEN 'marketing' THEN a.marketing_owner_id ELSE a.sales_owner_id END
                     FROM accounts a WHERE a.id = touches.account_id);

UPDATE accounts
   SET last_touch_on = (SELECT max (touched_on) FROM touches WHERE touches.account_id = accounts.id);

-- ---------------------------------------------------------------------
-- Joint plans
-- ---------------------------------------------------------------------
INSERT INTO plans (title, kind, objective, status, start_on, end_on, sales_lead_id, marketing_lead_id, notes) VALUES
  ('Predictive maintenance for food plants', 'campaign',
   'Create qualified pipeline in food and beverage plants with a webinar series, paid media and same-week seller follow-up.',
   'active', date ('now', 'localtime', 'start of month', '-1 months'), date ('now', 'localtime', 'start of month', '+2 months', '-1 day'),
   (SELECT id FROM people WHERE name = 'Daniel Kuehn'),
   (SELECT id FROM people WHERE name = 'Hana Sato'),
   'Sellers agreed to call every webinar attendee within two working days.'),
  ('Reliability roadshow', 'event',
   'Half-day sessions in three cities for maintenance and reliability leaders, with live demos and customer speakers.',
   'planned', date ('now', 'localtime', 'start of month', '+1 months'), date ('now', 'localtime', 'start of month', '+2 months', '+14 days'),
   (SELECT id FROM people WHERE name = 'Priya Ramaswamy'),
   (SELECT id FROM people WHERE name = 'Lukas Brenner'),
   NULL),
  ('Strategic accounts, wave one', 'abm',
   'Win or expand four strategic accounts through account plans written by seller and marketer together.',
   'active', date ('now', 'localtime', 'start of month', '-2 months'), date ('now', 'localtime', 'start of month', '+4 months', '-1 day'),
   (SELECT id FROM people WHERE name = 'Maren Okafor'),
   (SELECT id FROM people WHERE name = 'Aisha Bello'),
   'Reviewed every second Monday by both vice presidents.'),
  ('Seller kit for the vibration analytics release', 'enablement',
   'Give every seller a pitch, demo script, objection guide and two case studies for the new analytics release.',
   'done', date ('now', 'localtime', '-100 days'), date ('now', 'localtime', '-20 days'),
   (SELECT id FROM people WHERE name = 'Sofia Marchetti'),
   (SELECT id FROM people WHERE name = 'Hana Sato'),
   NULL),
  ('Install-base expansion with Customer Success', 'growth',
   'Find and pursue expansion into further plants and asset types at existing customers.',
   'draft', date ('now', 'localtime', 'start of month', '+3 months'), date ('now', 'localtime', 'start of month', '+9 months', '-1 day'),
   (SELECT id FROM people WHERE name = 'Maren Okafor'),
   (SELECT id FROM people WHERE name = 'Tobias Lindqvist'),
   'Waiting for Customer Success to confirm capacity.');

WITH k (plan, name, unit, baseline, target, actual, team, cadence, position) AS (VALUES
  ('Predictive maintenance for food plants', 'Webinar attendees', 'count', 0, 300, 184, 'Marketing', 'weekly', 0),
  ('Predictive maintenance for food plants', 'Attendees called within two days', 'percent', 35, 90, 78, 'Sales', 'weekly', 1),
  ('Predictive maintenance for food plants', 'Qualified pipeline created', 'currency', 0, 600000, 245000, 'Sales', 'monthly', 2),
  ('Reliability roadshow', 'Registered target-account attendees', 'count', 0, 120, 0, 'Marketing', 'weekly', 0),
  ('Reliability roadshow', 'Meetings booked on the day', 'count', 0, 25, 0, 'Sales', 'monthly', 1),
  ('Strategic accounts, wave one', 'Accounts with a complete buying committee', 'count', 0, 4, 2, 'Marketing', 'monthly', 0),
  ('Strategic accounts, wave one', 'Pipeline in target accounts', 'currency', 450000, 1500000, 1370000, 'Sales', 'monthly', 1),
  ('Strategic accounts, wave one', 'Win rate on target-account opportunities', 'percent', 20, 40, 33, 'Sales', 'quarterly', 2),
  ('Seller kit for the vibration analytics release', 'Sellers certified on the new demo', 'percent', 0, 100, 92, 'Sales', 'monthly', 0),
  ('Seller kit for the vibration analytics release', 'Kit downloads from the sales portal', 'count', 0, 150, 212, 'Marketing', 'monthly', 1),
  ('Install-base expansion with Customer Success', 'Expansion pipeline', 'currency', 0, 800000, 0, 'Customer Success', 'quarterly', 0)
)
INSERT INTO plan_kpis (plan_id, name, unit, baseline, target, actual, owner_team_id, cadence, position)
SELECT (SELECT id FROM plans WHERE title = k.plan), k.name, k.unit,
       k.baseline, k.target, k.actual,
       (SELECT id FROM teams WHERE name = k.team), k.cadence, k.position
  FROM k;

-- Paid media on the food campaign is over budget.
WITH b (plan, item, funded_by, planned, actual, position) AS (VALUES
  ('Predictive maintenance for food plants', 'Paid search and social', 'marketing', 1800000, 2150000, 0),
  ('Predictive maintenance for food plants', 'Webinar production', 'marketing', 900000, 720000, 1),
  ('Predictive maintenance for food plants', 'Follow-up call blitz prizes', 'sales', 300000, 150000, 2),
  ('Reliability roadshow', 'Venues and catering', 'shared', 4500000, 0, 0),
  ('Reliability roadshow', 'Demo rigs and shipping', 'sales', 1200000, 0, 1),
  ('Reliability roadshow', 'Invitations and promotion', 'marketing', 800000, 0, 2),
  ('Strategic accounts, wave one', 'Personalised direct mail', 'marketing', 1000000, 640000, 0),
  ('Strategic accounts, wave one', 'Executive dinners', 'shared', 2400000, 1100000, 1),
  ('Strategic accounts, wave one', 'Intent data subscription', 'marketing', 1800000, 1800000, 2),
  ('Seller kit for the vibration analytics release', 'Video demo recording', 'marketing', 600000, 580000, 0),
  ('Seller kit for the vibration analytics release', 'Training day', 'sales', 1500000, 1320000, 1),
  ('Install-base expansion with Customer Success', 'Customer advisory day', 'shared', 2000000, 0, 0)
)
INSERT INTO plan_budget_lines (plan_id, item, funded_by, planned, actual, position)
SELECT (SELECT id FROM plans WHERE title = b.plan), b.item, b.funded_by, b.planned, b.actual, b.position
  FROM b;

-- Some done, several due in the next 30 days, one overdue (roadshow venues).
WITH m (plan, title, due, owner, done, done_days) AS (VALUES
  ('Predictive maintenance for food plants', 'First webinar live', date ('now', 'localtime', '-24 days'), 'Hana Sato', 1, -24),
  ('Predictive maintenance for food plants', 'Second webinar live', date ('now', 'localtime', '+9 days'), 'Hana Sato', 0, NULL),
  ('Predictive maintenance for food plants', 'Follow-up review with sellers', date ('now', 'localtime', '+16 days'), 'Daniel Kuehn', 0, NULL),
  ('Reliability roadshow', 'Venues booked in all three cities', date ('now', 'localtime', '-6 days'), 'Lukas Brenner', 0, NULL),
  ('Reliability roadshow', 'Invitation list agreed with account owners', date ('now', 'localtime', '+12 days'), 'Priya Ramaswamy', 0, NULL),
  ('Reliability roadshow', 'Customer speakers confirmed', date ('now', 'localtime', '+25 days'), 'Lukas Brenner', 0, NULL),
  ('Strategic accounts, wave one', 'Account plans written for all four accounts', date ('now', 'localtime', '-40 days'), 'Aisha Bello', 1, -43),
  ('Strategic accounts, wave one', 'Buying committees mapped', date ('now', 'localtime', '-10 days'), 'Aisha Bello', 1, -12),
  ('Strategic accounts, wave one', 'Mid-programme review with both vice presidents', date ('now', 'localtime', '+20 days'), 'Maren Okafor', 0, NULL),
  ('Seller kit for the vibration analytics release', 'Kit published on the sales portal', date ('now', 'localtime', '-45 days'), 'Hana Sato', 1, -47),
  ('Seller kit for the vibration analytics release', 'All sellers certified', date ('now', 'localtime', '-20 days'), 'Sofia Marchetti', 1, -21),
  ('Install-base expansion with Customer Success', 'List of expansion candidates', date ('now', 'localtime', 'start of month', '+3 months', '+14 days'), 'Ingrid Falk', 0, NULL)
)
INSERT INTO plan_milestones (plan_id, title, due_on, owner_id, done, done_on)
SELECT (SELECT id FROM plans WHERE title = m.plan), m.title, m.due,
       (SELECT id FROM people WHERE name = m.owner), m.done,
       CASE WHEN m.done_days IS NULL THEN NULL ELSE date ('now', 'localtime', m.done_days || ' days') END
  FROM m;

WITH pa (plan, account) AS (VALUES
  ('Strategic accounts, wave one', 'Brightwater Foods'),
  ('Strategic accounts, wave one', 'Kestrel Paper Mills'),
  ('Strategic accounts, wave one', 'Orvane Water Utility'),
  ('Strategic accounts, wave one', 'Halden Cement Group'),
  ('Reliability roadshow', 'Halden Cement Group'),
  ('Reliability roadshow', 'Kestrel Paper Mills'),
  ('Reliability roadshow', 'Marlow Pharma Manufacturing'),
  ('Reliability roadshow', 'Sable Ridge Mining'),
  ('Reliability roadshow', 'Pellham Rail Services'),
  ('Predictive maintenance for food plants', 'Brightwater Foods'),
  ('Predictive maintenance for food plants', 'Lumen Ridge Dairy'),
  ('Install-base expansion with Customer Success', 'Ferrow Textiles'),
  ('Install-base expansion with Customer Success', 'Corvel Packaging')
)
INSERT INTO plan_accounts (plan_id, account_id)
SELECT (SELECT id FROM plans WHERE title = pa.plan), (SELECT id FROM accounts WHERE name = pa.account)
  FROM pa;

-- ---------------------------------------------------------------------
-- Shared processes
-- ---------------------------------------------------------------------
INSERT INTO processes (name, description, position) VALUES
  ('Lead management',
   'How an inquiry becomes a customer: who owns each stage, what moves a lead on and how fast each side responds.',
   0),
  ('Account hand-off to customer success',
   'How a newly won account passes from its seller to Customer Success without losing what was promised.',
   1);

INSERT INTO process_stages (process_id, position, name, definition, entry_criteria, exit_criteria,
                            owner_team_id, handoff, sla_hours, sla_attempts, conversion_target,
                            recycle_reasons, reject_reasons) VALUES
  ((SELECT id FROM processes WHERE name = 'Lead management'), 0, 'Inquiry',
   'Anyone who has raised a hand: a form, a download, a booth scan or a webinar registration.',
   'A contact record with a business email exists in the CRM.',
   'Lead score reaches 60 and the company fits the ideal customer profile.',
   (SELECT id FROM teams WHERE name = 'Marketing'), 0, 24, NULL, 20,
   NULL, 'Student, competitor or job seeker; personal email with no company.'),
  ((SELECT id FROM processes WHERE name = 'Lead management'), 1, 'MQL',
   'A lead marketing judges worth a seller''s time, based on fit and recent activity.',
   'Score of 60 or more and a plant, utility or industrial site in a served region.',
   'Routed to the sales development queue with the activity that triggered it.',
   (SELECT id FROM teams WHERE name = 'Marketing'), 0, 4, NULL, 70,
   NULL, 'Duplicate of an open lead; outside served regions.'),
  ((SELECT id FROM processes WHERE name = 'Lead management'), 2, 'SAL',
   'A lead sales has accepted and committed to work.',
   'A sales development rep has reviewed the MQL and accepted it in the CRM.',
   'A conversation has taken place, or the lead is recycled or rejected with a reason.',
   (SELECT id FROM teams WHERE name = 'Sales'), 1, 48, 5, 50,
   'No reply after five attempts; interested but no project within twelve months.',
   'Wrong contact with no referral; no monitoring need at the site.'),
  ((SELECT id FROM processes WHERE name = 'Lead management'), 3, 'SQL',
   'A lead with a confirmed need, a project and a person who can move it forward.',
   'Discovery call held; pain, assets in scope and timing recorded.',
   'Account executive agrees to open an opportunity.',
   (SELECT id FROM teams WHERE name = 'Sales'), 0, 72, 3, 60,
   'Project pushed beyond two quarters; budget not yet requested.',
   'Need can be met by a product we do not offer.'),
  ((SELECT id FROM processes WHERE name = 'Lead management'), 4, 'Opportunity',
   'An active deal with a value, a close date and a named buying committee.',
   'Opportunity created in the CRM with amount, stage and close date.',
   'Contract signed, or closed as lost with a reason.',
   (SELECT id FROM teams WHERE name = 'Sales'), 0, 168, NULL, 25,
   'Closed lost on timing; customer asked to be contacted later.',
   NULL),
  ((SELECT id FROM processes WHERE name = 'Lead management'), 5, 'Customer',
   'An account with at least one signed order.',
   'Signed order booked in the CRM.',
   'Introduction to Customer Success completed.',
   (SELECT id FROM teams WHERE name = 'Sales'), 0, 48, 1, NULL,
   NULL, NULL),
  ((SELECT id FROM processes WHERE name = 'Account hand-off to customer success'), 0, 'Closed won',
   'The contract is signed and the seller still owns the account.',
   'Signed order booked in the CRM.',
   'Hand-off notes written: goals, promises made, contacts, risks.',
   (SELECT id FROM teams WHERE name = 'Sales'), 0, 24, NULL, 100,
   NULL, NULL),
  -- No SLA yet: both teams still argue about how soon the meeting must happen.
  ((SELECT id FROM processes WHERE name = 'Account hand-off to customer success'), 1, 'Hand-off meeting',
   'Seller, marketer and customer success manager meet the customer together.',
   'Hand-off notes complete and the customer success manager assigned.',
   'Customer agrees the roll-out plan and success measures.',
   (SELECT id FROM teams WHERE name = 'Customer Success'), 1, NULL, NULL, 95,
   NULL, NULL),
  ((SELECT id FROM processes WHERE name = 'Account hand-off to customer success'), 2, 'Onboarding',
   'Sensors installed and first alerts reaching the customer''s maintenance team.',
   'Roll-out plan agreed.',
   'All sensors in the first phase are reporting.',
   (SELECT id FROM teams WHERE name = 'Customer Success'), 0, 720, NULL, 90,
   NULL, NULL),
  ((SELECT id FROM processes WHERE name = 'Account hand-off to customer success'), 3, 'First value review',
   'A review of the first results against the goals set at hand-off.',
   'Ninety days of data collected.',
   'Review held; expansion ideas passed back to the seller.',
   (SELECT id FROM teams WHERE name = 'Customer Success'), 0, 2160, NULL, 80,
   NULL, NULL);

-- ---------------------------------------------------------------------
-- Glossary and rules of engagement
-- ---------------------------------------------------------------------
INSERT INTO glossary_terms (term, definition, proposed_by_team_id, agreed, agreed_on) VALUES
  ('MQL', 'Marketing-qualified lead: a lead that fits our customer profile and scored 60 or more from recent activity.',
   (SELECT id FROM teams WHERE name = 'Marketing'), 1, date ('now', 'localtime', '-80 days')),
  ('SAL', 'Sales-accepted lead: an MQL a sales development rep has reviewed and committed to work within the agreed time.',
   (SELECT id FROM teams WHERE name = 'Sales'), 1, date ('now', 'localtime', '-80 days')),
  ('SQL', 'Sales-qualified lead: a lead with a confirmed need, a project timeframe and someone able to drive it.',
   (SELECT id FROM teams WHERE name = 'Sales'), 1, date ('now', 'localtime', '-80 days')),
  ('ICP', 'Ideal customer profile: an industrial site with more than 200 rotating assets, a maintenance team and a reliability budget.',
   (SELECT id FROM teams WHERE name = 'Revenue Operations'), 1, date ('now', 'localtime', '-65 days')),
  ('Pipeline', 'The total value of open opportunities with a close date in the next four quarters, as recorded in the CRM.',
   (SELECT id FROM teams WHERE name = 'Revenue Operations'), 1, date ('now', 'localtime', '-65 days')),
  ('Champion', 'A person inside the account who wants us to win and actively sells our case when we are not in the room.',
   (SELECT id FROM teams WHERE name = 'Sales'), 1, date ('now', 'localtime', '-40 days')),
  ('Recycled lead', 'A lead sent back to marketing nurture with a reason, because it is not ready to buy yet.',
   (SELECT id FROM teams WHERE name = 'Marketing'), 1, date ('now', 'localtime', '-40 days')),
  ('Marketing-sourced pipeline', 'Pipeline whose first recorded touch was a marketing activity.',
   (SELECT id FROM teams WHERE name = 'Marketing'), 0, NULL),
  ('Target account', 'An account both teams have agreed to pursue together, with a named seller and a named marketer.',
   (SELECT id FROM teams WHERE name = 'Leadership'), 0, NULL);

INSERT INTO engagement_rules (rule, covers, owner_team_id, position) VALUES
  ('Marketing may contact an existing customer only after the account''s seller has seen the message and the list, at least three working days before it goes out.',
   'Customer contact', (SELECT id FROM teams WHERE name = 'Marketing'), 0),
  ('Marketing writes and maintains all customer-facing material; sellers may tailor a copy for one account but send changes back for review.',
   'Content ownership', (SELECT id FROM teams WHERE name = 'Marketing'), 1),
  ('A lead belongs to sales once accepted; if it is not touched within 48 hours it returns to the shared queue.',
   'Lead ownership', (SELECT id FROM teams WHERE name = 'Sales'), 2),
  ('Strategic accounts are chosen jointly each quarter, and neither team adds or drops one alone.',
   'Target accounts', (SELECT id FROM teams WHERE name = 'Leadership'), 3),
  ('Every event invitation list for an account with an open opportunity is agreed with the account owner before it is sent.',
   'Events', (SELECT id FROM teams WHERE name = 'Sales'), 4),
  ('Pipeline and conversion figures quoted in any meeting come from the shared CRM dashboard, not from team spreadsheets.',
   'Reporting', (SELECT id FROM teams WHERE name = 'Revenue Operations'), 5);

-- ---------------------------------------------------------------------
-- Role maps
-- ---------------------------------------------------------------------
INSERT INTO role_maps (name, variant, process_id, description) VALUES
  ('Lead management RACI', 'raci', (SELECT id FROM processes WHERE name = 'Lead management'),
   'Who does what as a lead moves from inquiry to opportunity.'),
  ('Campaign approval', 'daci', NULL,
   'How a joint campaign brief gets decided.');

WITH r (map, name, kind, team, person, position) AS (VALUES
  ('Lead management RACI', 'Marketing team', 'team', 'Marketing', NULL, 0),
  ('Lead management RACI', 'Head of Marketing', 'person', 'Marketing', 'Tobias Lindqvist', 1),
  ('Lead management RACI', 'Sales development rep', 'job', 'Sales', NULL, 2),
  ('Lead management RACI', 'Account executive', 'job', 'Sales', NULL, 3),
  ('Lead management RACI', 'Head of Sales', 'person', 'Sales', 'Maren Okafor', 4),
  ('Lead management RACI', 'Revenue Operations', 'team', 'Revenue Operations', NULL, 5),
  ('Campaign approval', 'Campaign manager', 'job', 'Marketing', NULL, 0),
  ('Campaign approval', 'Head of Marketing', 'person', 'Marketing', 'Tobias Lindqvist', 1),
  ('Campaign approval', 'Head of Sales', 'person', 'Sales', 'Maren Okafor', 2),
  ('Campaign approval', 'Sales team', 'team', 'Sales', NULL, 3)
)
INSERT INTO role_map_roles (map_id, name, kind, team_id, person_id, position)
SELECT (SELECT id FROM role_maps WHERE name = r.map), r.name, r.kind,
       (SELECT id FROM teams WHERE name = r.team),
       (SELECT id FROM people WHERE name = r.person), r.position
  FROM r;

WITH a (map, name, grouping, stage, position) AS (VALUES
  ('Lead management RACI', 'Score and enrich new inquiries', 'Qualification', 'Inquiry', 0),
  ('Lead management RACI', 'Route MQLs to the sales queue', 'Hand-off', 'MQL', 1),
  ('Lead management RACI', 'Accept or reject a lead within the SLA', 'Hand-off', 'SAL', 2),
  ('Lead management RACI', 'Hold the discovery call', 'Qualification', 'SQL', 3),
  ('Lead management RACI', 'Open the opportunity in the CRM', 'Selling', 'Opportunity', 4),
  ('Lead management RACI', 'Send unready leads back to nurture', 'Nurture', NULL, 5),
  ('Lead management RACI', 'Maintain the lead scoring model', 'Operations', NULL, 6),
  ('Lead management RACI', 'Publish the monthly funnel report', 'Operations', NULL, 7),
  ('Campaign approval', 'Agree the campaign brief', 'Brief', NULL, 0),
  ('Campaign approval', 'Approve the budget', 'Budget', NULL, 1),
  ('Campaign approval', 'Sign off the message and offer', 'Content', NULL, 2)
)
INSERT INTO role_map_activities (map_id, name, grouping, stage_id, position)
SELECT (SELECT id FROM role_maps WHERE name = a.map), a.name, a.grouping,
       (SELECT s.id FROM process_stages s JOIN processes p ON p.id = s.process_id
         WHERE p.name = 'Lead management' AND s.name = a.stage),
       a.position
  FROM a;

-- Deliberate findings: "Send unready leads back to nurture" has two A's,
-- "Maintain the lead scoring model" has no R. All other activities are valid.
WITH x (map, activity, role, letter) AS (VALUES
  ('Lead management RACI', 'Score and enrich new inquiries', 'Marketing team', 'R'),
  ('Lead management RACI', 'Score and enrich new inquiries', 'Head of Marketing', 'A'),
  ('Lead management RACI', 'Score and enrich new inquiries', 'Revenue Operations', 'C'),
  ('Lead management RACI', 'Score and enrich new inquiries', 'Sales development rep', 'I'),
  ('Lead management RACI', 'Route MQLs to the sales queue', 'Marketing team', 'R'),
  ('Lead management RACI', 'Route MQLs to the sales queue', 'Head of Marketing', 'A'),
  ('Lead management RACI', 'Route MQLs to the sales queue', 'Sales development rep', 'I'),
  ('Lead management RACI', 'Accept or reject a lead within the SLA', 'Sales development rep', 'R'),
  ('Lead management RACI', 'Accept or reject a lead within the SLA', 'Head of Sales', 'A'),
  ('Lead management RACI', 'Accept or reject a lead within the SLA', 'Marketing team', 'I'),
  ('Lead management RACI', 'Hold the discovery call', 'Sales development rep', 'R'),
  ('Lead management RACI', 'Hold the discovery call', 'Account executive', 'C'),
  ('Lead management RACI', 'Hold the discovery call', 'Head of Sales', 'A'),
  ('Lead management RACI', 'Open the opportunity in the CRM', 'Account executive', 'R'),
  ('Lead management RACI', 'Open the opportunity in the CRM', 'Head of Sales', 'A'),
  ('Lead management RACI', 'Open the opportunity in the CRM', 'Revenue Operations', 'I'),
  ('Lead management RACI', 'Open the opportunity in the CRM', 'Marketing team', 'I'),
  ('Lead management RACI', 'Send unready leads back to nurture', 'Marketing team', 'R'),
  ('Lead management RACI', 'Send unready leads back to nurture', 'Head of Marketing', 'A'),
  ('Lead management RACI', 'Send unready leads back to nurture', 'Head of Sales', 'A'),
  ('Lead management RACI', 'Send unready leads back to nurture', 'Sales development rep', 'C'),
  ('Lead management RACI', 'Maintain the lead scoring model', 'Revenue Operations', 'A'),
  ('Lead management RACI', 'Maintain the lead scoring model', 'Marketing team', 'C'),
  ('Lead management RACI', 'Maintain the lead scoring model', 'Sales development rep', 'C'),
  ('Lead management RACI', 'Maintain the lead scoring model', 'Head of Sales', 'I'),
  ('Lead management RACI', 'Publish the monthly funnel report', 'Revenue Operations', 'R'),
  ('Lead management RACI', 'Publish the monthly funnel report', 'Head of Marketing', 'A'),
  ('Lead management RACI', 'Publish the monthly funnel report', 'Head of Sales', 'C'),
  ('Lead management RACI', 'Publish the monthly funnel report', 'Account executive', 'I'),
  ('Campaign approval', 'Agree the campaign brief', 'Campaign manager', 'D'),
  ('Campaign approval', 'Agree the campaign brief', 'Head of Marketing', 'A'),
  ('Campaign approval', 'Agree the campaign brief', 'Head of Sales', 'C'),
  ('Campaign approval', 'Agree the campaign brief', 'Sales team', 'I'),
  ('Campaign approval', 'Approve the budget', 'Campaign manager', 'D'),
  ('Campaign approval', 'Approve the budget', 'Head of Marketing', 'A'),
  ('Campaign approval', 'Approve the budget', 'Head of Sales', 'C'),
  ('Campaign approval', 'Sign off the message and offer', 'Campaign manager', 'D'),
  ('Campaign approval', 'Sign off the message and offer', 'Head of Marketing', 'A'),
  ('Campaign approval', 'Sign off the message and offer', 'Head of Sales', 'C'),
  ('Campaign approval', 'Sign off the message and offer', 'Sales team', 'I')
)
INSERT INTO role_map_assignments (activity_id, role_id, letter)
SELECT (SELECT ac.id FROM role_map_activities ac JOIN role_maps rm ON rm.id = ac.map_id
         WHERE rm.name = x.map AND ac.name = x.activity),
       (SELECT ro.id FROM role_map_roles ro JOIN role_maps rm ON rm.id = ro.map_id
         WHERE rm.name = x.map AND ro.name = x.role),
       x.letter
  FROM x;

-- ---------------------------------------------------------------------
-- Maturity: two rounds of the diagnostic, sales and marketing rating
-- separately. Values are listed in questionnaire order (statement 1..20).
-- Marketing rates itself higher, with the widest gaps on the qualified-lead
-- definition (4), the hand-off (5) and seller follow-up on campaigns (9).
-- ---------------------------------------------------------------------
INSERT INTO assessments (taken_on, team, respondent, notes) VALUES
  (date ('now', 'localtime', '-91 days'), 'sales', 'Maren Okafor',
   'First round, taken at the sales kick-off.'),
  (date ('now', 'localtime', '-90 days'), 'marketing', 'Tobias Lindqvist',
   'First round, taken at the marketing planning day.'),
  (date ('now', 'localtime', '-7 days'), 'sales', 'Maren Okafor',
   'Second round, after the lead definitions were agreed.'),
  (date ('now', 'localtime', '-6 days'), 'marketing', 'Tobias Lindqvist',
   'Second round; the hand-off still looks better from our side than from sales.');

WITH v (n, sales_early, marketing_early, sales_late, marketing_late) AS (VALUES
  ( 1, 3, 3, 3, 3),
  ( 2, 3, 2, 3, 3),
  ( 3, 2, 3, 3, 3),
  ( 4, 2, 4, 3, 5),
  ( 5, 1, 4, 2, 5),
  ( 6, 3, 3, 4, 4),
  ( 7, 2, 3, 3, 3),
  ( 8, 3, 3, 4, 4),
  ( 9, 1, 4, 2, 4),
  (10, 1, 2, 2, 2),
  (11, 2, 2, 3, 3),
  (12, 2, 2, 2, 2),
  (13, 2, 2, 3, 3),
  (14, 4, 4, 4, 4),
  (15, 2, 2, 3, 3),
  (16, 2, 2, 3, 3),
  (17, 1, 1, 2, 2),
  (18, 3, 3, 3, 3),
  (19, 3, 3, 3, 3),
  (20, 1, 2, 2, 2)
),
s (n, id) AS (
  SELECT row_number () OVER (ORDER BY d.position, st.position, st.id), st.id
    FROM maturity_statements st JOIN maturity_dimensions d ON d.id = st.dimension_id
),
a (kind, id) AS (
  SELECT 'sales_early', (SELECT id FROM assessments WHERE team = 'sales' ORDER BY taken_on ASC LIMIT 1)
  UNION ALL
  SELECT 'marketing_early', (SELECT id FROM assessments WHERE team = 'marketing' ORDER BY taken_on ASC LIMIT 1)
  UNION ALL
  SELECT 'sales_late', (SELECT id FROM assessments WHERE team = 'sales' ORDER BY taken_on DESC LIMIT 1)
  UNION ALL
  SELECT 'marketing_late', (SELECT id FROM assessments WHERE team = 'marketing' ORDER BY taken_on DESC LIMIT 1)
)
INSERT INTO assessment_answers (assessment_id, statement_id, value)
SELECT a.id, s.id,
       CASE a.kind
         WHEN 'sales_early' THEN v.sales_early
         WHEN 'marketing_early' THEN v.marketing_early
         WHEN 'sales_late' THEN v.sales_late
         ELSE v.marketing_late
       END
  FROM a CROSS JOIN s JOIN v ON v.n = s.n;

INSERT INTO maturity_targets (dimension_id, target_stage, target_on) VALUES
  ((SELECT id FROM maturity_dimensions WHERE name = 'Shared definitions and process'), 3, date ('now', 'localtime', 'start of month', '+4 months')),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Planning and targets'), 3, date ('now', 'localtime', 'start of month', '+6 months')),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Metrics and reporting'), 3, date ('now', 'localtime', 'start of month', '+6 months')),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Systems and data'), 4, date ('now', 'localtime', 'start of month', '+11 months')),
  ((SELECT id FROM maturity_dimensions WHERE name = 'Incentives and rewards'), 3, date ('now', 'localtime', 'start of month', '+9 months'));

INSERT INTO initiatives (title, description, dimension_id, from_stage, to_stage, owner_id,
                         start_on, due_on, status, progress, plan_id, process_id) VALUES
  ('Agree one definition for each funnel stage',
   'Write and sign off entry and exit criteria for every stage from inquiry to customer.',
   (SELECT id FROM maturity_dimensions WHERE name = 'Shared definitions and process'), 2, 3,
   (SELECT id FROM people WHERE name = 'Ray Castellanos'),
   date ('now', 'localtime', '-100 days'), date ('now', 'localtime', '-10 days'), 'done', 100,
   NULL, (SELECT id FROM processes WHERE name = 'Lead management')),
  ('Lead follow-up SLA with weekly reporting',
   'Sales commits to a first attempt within 48 hours; Revenue Operations reports breaches every Monday.',
   (SELECT id FROM maturity_dimensions WHERE name = 'Shared definitions and process'), 2, 3,
   (SELECT id FROM people WHERE name = 'Maren Okafor'),
   date ('now', 'localtime', '-45 days'), date ('now', 'localtime', '+60 days'), 'active', 55,
   NULL, (SELECT id FROM processes WHERE name = 'Lead management')),
  ('Joint quarterly planning day',
   'Replace the two separate planning off-sites with one joint day that sets shared targets and target accounts.',
   (SELECT id FROM maturity_dimensions WHERE name = 'Planning and targets'), 2, 3,
   (SELECT id FROM people WHERE name = 'Tobias Lindqvist'),
   date ('now', 'localtime', '-30 days'), date ('now', 'localtime', 'start of month', '+4 months'), 'active', 30,
   (SELECT id FROM plans WHERE title = 'Strategic accounts, wave one'), NULL),
  ('Shared monthly funnel dashboard',
   'One dashboard for both teams showing volume and conversion at every stage, reviewed in the monthly leadership meeting.',
   (SELECT id FROM maturity_dimensions WHERE name = 'Metrics and reporting'), 2, 3,
   (SELECT id FROM people WHERE name = 'Ray Castellanos'),
   date ('now', 'localtime', '-20 days'), date ('now', 'localtime', 'start of month', '+5 months'), 'active', 40,
   NULL, NULL),
  ('Close the loop from lead to revenue',
   'Connect the marketing automation tool to CRM opportunities so every lead can be traced to won or lost revenue.',
   (SELECT id FROM maturity_dimensions WHERE name = 'Systems and data'), 2, 3,
   (SELECT id FROM people WHERE name = 'Ray Castellanos'),
   date ('now', 'localtime', 'start of month', '+1 months'), date ('now', 'localtime', 'start of month', '+7 months'), 'proposed', 0,
   NULL, (SELECT id FROM processes WHERE name = 'Lead management')),
  ('Shared pipeline bonus component',
   'Tie ten per cent of variable pay in both teams to the same quarterly pipeline target.',
   (SELECT id FROM maturity_dimensions WHERE name = 'Incentives and rewards'), 1, 2,
   (SELECT id FROM people WHERE name = 'Elena Varga'),
   date ('now', 'localtime', 'start of month', '+3 months'), date ('now', 'localtime', 'start of month', '+9 months'), 'proposed', 0,
   NULL, NULL);
