-- Concord workbook schema 4: who made a touch. Applied after schema 3,
-- in the same transaction, after the file was backed up; see
-- docs/schema.md. Existing touches keep every value and have no owner.

-- The person (of either team) who emailed, called or met the account;
-- deleting the person keeps the touch without an owner.
ALTER TABLE touches ADD COLUMN owner_id INTEGER REFERENCES people (id) ON DELETE SET NULL;
CREATE INDEX touches_owner ON touches (owner_id) WHERE owner_id IS NOT NULL;
