-- concord-search-triggers.sql: the triggers that keep accounts_fts
-- current. Schema 1 creates them after concord-schema-v1.sql, and a bulk
-- edit drops and re-creates them from this text (compiled into Concord),
-- never from the SQL stored in a workbook. One statement per trigger,
-- each starting with "CREATE TRIGGER name".
CREATE TRIGGER accounts_fts_insert AFTER INSERT ON accounts BEGIN
  INSERT INTO accounts_fts (rowid, name, domain, industry, notes, contacts)
  VALUES (NEW.id, NEW.name, NEW.domain, NEW.industry, NEW.notes,
          (SELECT group_concat (name || ' ' || ifnull (title, ''), ' ')
             FROM contacts WHERE account_id = NEW.id));
END;
CREATE TRIGGER accounts_fts_update AFTER UPDATE OF name, domain, industry, notes ON accounts BEGIN
  UPDATE accounts_fts SET name = NEW.name, domain = NEW.domain,
         industry = NEW.industry, notes = NEW.notes
   WHERE rowid = NEW.id;
END;
CREATE TRIGGER accounts_fts_delete AFTER DELETE ON accounts BEGIN
  DELETE FROM accounts_fts WHERE rowid = OLD.id;
END;
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
  UPDATE accounts_fts SET contacts =
         (SELECT group_concat (name || ' ' || ifnull (title, ''), ' ')
            FROM contacts WHERE account_id = NEW.account_id)
   WHERE rowid = NEW.account_id;
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, title, account_id ON contacts BEGIN
  UPDATE accounts_fts SET contacts =
         (SELECT group_concat (name || ' ' || ifnull (title, ''), ' ')
            FROM contacts WHERE account_id = accounts_fts.rowid)
   WHERE rowid IN (OLD.account_id, NEW.account_id);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
  UPDATE accounts_fts SET contacts =
         (SELECT group_concat (name || ' ' || ifnull (title, ''), ' ')
            FROM contacts WHERE account_id = OLD.account_id)
   WHERE rowid = OLD.account_id;
END;
