/* concord-account-search.c: the accounts search index during bulk edits,
 * and its tokenizer for words shorter than its prefixes
 */
#define G_LOG_DOMAIN "concord-workbook"

#include "config.h"

#include <string.h>

#include "concord-account-search-private.h"
#include "concord-file-check-private.h"
#include "concord-store-private.h"
#include "concord-tables.h"

/* Bulk edits ------------------------------------------------------------ */

/* FTS5 flushes its index at the end of every statement, so a trigger
 * that indexes one row per INSERT writes a segment per row. During a bulk
 * edit the index triggers are swapped for temporary ones that only note
 * which accounts changed; resuming indexes exactly those in one
 * statement. All of it is DDL inside the edit's transaction, so a
 * rollback or a crash puts the triggers back. */
/* The dirty trigger of accounts' inserts, apart: untracked inserts take
 * it off while they run (see concord_account_search_hold_inserts()). */
#define DIRTY_INSERT_TRIGGER \
  "CREATE TEMP TRIGGER concord_dirty_ai AFTER INSERT ON main.accounts BEGIN" \
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.id); END;"
/* And the one of contacts' inserts, which marks their account. */
#define DIRTY_CONTACT_INSERT_TRIGGER \
  "CREATE TEMP TRIGGER concord_dirty_ci AFTER INSERT ON main.contacts BEGIN" \
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.account_id); END;"

typedef struct
{
  char *dirty_sql;
  char *reindex_sql;
} SearchSql;

/* The columns of @table the index holds (marked searched in its
 * description), each after @prefix. */
static void
append_searched (GString    *sql,
                 const char *table,
                 const char *prefix,
                 const char *separator,
                 gboolean    ifnull)
{
  const ConcordTable *t = concord_table_lookup (table);
  gboolean first = TRUE;

  for (guint i = 0; i < t->n_columns; i++)
    {
      const ConcordColumn *column = &t->columns[i];

      if (!(column->flags & CONCORD_COLUMN_SEARCHED))
        continue;
      g_string_append (sql, first ? "" : separator);
      if (ifnull && !(column->flags & CONCORD_COLUMN_REQUIRED))
        g_string_append_printf (sql, "ifnull (%s%s, '')", prefix, column->name);
      else
        g_string_append_printf (sql, "%s%s", prefix, column->name);
      first = FALSE;
    }
}

/* The same text concord-search-triggers.sql indexes; tests/test-tables.c
 * checks that the triggers name the same columns. */
static const SearchSql *
search_sql (void)
{
  static gsize once = 0;
  static SearchSql sql;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GString) dirty = g_string_new (NULL);
      g_autoptr(GString) reindex = g_string_new (NULL);

      g_string_append (dirty,
        "CREATE TEMP TABLE IF NOT EXISTS concord_fts_dirty (id INTEGER PRIMARY KEY);"
        DIRTY_INSERT_TRIGGER
        "CREATE TEMP TRIGGER concord_dirty_au AFTER UPDATE OF ");
      append_searched (dirty, "accounts", "", ", ", FALSE);
      g_string_append (dirty,
        " ON main.accounts BEGIN"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.id); END;"
        "CREATE TEMP TRIGGER concord_dirty_ad AFTER DELETE ON main.accounts BEGIN"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (OLD.id); END;"
        DIRTY_CONTACT_INSERT_TRIGGER
        "CREATE TEMP TRIGGER concord_dirty_cu AFTER UPDATE OF ");
      append_searched (dirty, "contacts", "", ", ", FALSE);
      g_string_append (dirty,
        ", account_id ON main.contacts BEGIN"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (OLD.account_id);"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.account_id); END;"
        "CREATE TEMP TRIGGER concord_dirty_cd AFTER DELETE ON main.contacts BEGIN"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (OLD.account_id); END;");

      g_string_append (reindex,
        "DELETE FROM accounts_fts WHERE rowid IN (SELECT id FROM temp.concord_fts_dirty);"
        "INSERT INTO accounts_fts (rowid, ");
      append_searched (reindex, "accounts", "", ", ", FALSE);
      g_string_append (reindex, ", contacts) SELECT a.id, ");
      append_searched (reindex, "accounts", "a.", ", ", FALSE);
      g_string_append (reindex, ", (SELECT group_concat (");
      append_searched (reindex, "contacts", "c.", " || ' ' || ", TRUE);
      g_string_append (reindex,
        ", ' ') FROM contacts c WHERE c.account_id = a.id)"
        "    FROM accounts a WHERE a.id IN (SELECT id FROM temp.concord_fts_dirty);"
        "DROP TRIGGER temp.concord_dirty_ai; DROP TRIGGER temp.concord_dirty_au;"
        "DROP TRIGGER temp.concord_dirty_ad; DROP TRIGGER temp.concord_dirty_ci;"
        "DROP TRIGGER temp.concord_dirty_cu; DROP TRIGGER temp.concord_dirty_cd;"
        "DELETE FROM temp.concord_fts_dirty;");

      sql.dirty_sql = g_string_free (g_steal_pointer (&dirty), FALSE);
      sql.reindex_sql = g_string_free (g_steal_pointer (&reindex), FALSE);
      g_once_init_leave (&once, 1);
    }

  return &sql;
}

/* The names of the triggers SEARCH_TRIGGERS_RESOURCE creates, read from
 * that compiled-in text: each of its statements starts with
 * "CREATE TRIGGER name". */
static GStrv
search_trigger_names (const char *sql)
{
  static const char prefix[] = "CREATE TRIGGER ";
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) lines = g_strsplit (sql, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        const char *start = lines[i] + strlen (prefix);
        g_autofree char *name = g_strndup (start, strcspn (start, " "));

        g_strv_builder_add (names, name);
      }

  return g_strv_builder_end (names);
}

/* Needs an open transaction. Only SQL compiled into Concord runs here:
 * a trigger's text stored in the file is never read back. */
gboolean
concord_account_search_suspend (ConcordWorkbook  *self,
                                GError          **error)
{
  g_autofree char *triggers = NULL;
  g_auto(GStrv) names = NULL;

  if (self->bulk_depth++ > 0)
    return TRUE;

  if ((triggers = concord_migrations_resource_sql (SEARCH_TRIGGERS_RESOURCE, error)) == NULL ||
      !concord_workbook_exec (self, search_sql ()->dirty_sql, error))
    goto fail;

  names = search_trigger_names (triggers);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER main.\"%s\"", names[i]);

      if (!concord_workbook_exec (self, drop, error))
        goto fail;
    }

  return TRUE;

fail:
  self->bulk_depth = 0;
  return FALSE;
}

gboolean
concord_account_search_resume (ConcordWorkbook  *self,
                               GError          **error)
{
  if (self->bulk_depth == 0 || --self->bulk_depth > 0)
    return TRUE;

  return concord_account_search_mark_inserted (self, error) &&
         concord_workbook_exec (self, search_sql ()->reindex_sql, error) &&
         concord_migrations_exec_resource (self, SEARCH_TRIGGERS_RESOURCE, error);
}

/* Untracked inserts into accounts or contacts during a bulk edit: a
 * trigger per row only to note ids (the new accounts, or the accounts of
 * the new contacts) of rows known to be the range after the largest (and
 * whose INSERT it makes keep a statement journal). The trigger is off
 * until concord_account_search_mark_inserted() notes the range in one
 * statement. */
gboolean
concord_account_search_hold_inserts (ConcordWorkbook  *self,
                                     const char       *table,
                                     GError          **error)
{
  const char *drop;

  if (self->bulk_depth == 0)
    return TRUE;
  if (g_str_equal (table, "accounts"))
    drop = "DROP TRIGGER temp.concord_dirty_ai";
  else if (g_str_equal (table, "contacts"))
    drop = "DROP TRIGGER temp.concord_dirty_ci";
  else
    return TRUE;

  if (!concord_workbook_exec (self, drop, error))
    return FALSE;
  self->untracked_unindexed = TRUE;

  return TRUE;
}

/* Only while untracked inserts run (their table is set). */
gboolean
concord_account_search_mark_inserted (ConcordWorkbook  *self,
                                      GError          **error)
{
  static const char accounts_sql[] =
    "INSERT OR IGNORE INTO temp.concord_fts_dirty SELECT id FROM main.accounts WHERE id >= ?1";
  static const char contacts_sql[] =
    "INSERT OR IGNORE INTO temp.concord_fts_dirty SELECT account_id FROM main.contacts WHERE id >= ?1";
  gboolean contacts;
  sqlite3_stmt *stmt;

  if (!self->untracked_unindexed)
    return TRUE;
  self->untracked_unindexed = FALSE;

  g_assert (self->untracked_table != NULL);
  contacts = g_str_equal (self->untracked_table, "contacts");
  stmt = concord_workbook_prepare (self, contacts ? contacts_sql : accounts_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->untracked_first);

  return concord_workbook_step_done (self, stmt, error) &&
         concord_workbook_exec (self, contacts ? DIRTY_CONTACT_INSERT_TRIGGER : DIRTY_INSERT_TRIGGER, error);
}

/**
 * concord_workbook_begin_bulk:
 *
 * Inside an edit that writes many accounts or contacts: the search index
 * is brought up to date once, at concord_workbook_end_bulk() (or at the
 * commit), instead of row by row. Pairs nest; a rollback undoes it with
 * the rest.
 */
gboolean
concord_workbook_begin_bulk (ConcordWorkbook  *self,
                             GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (self->edit_depth > 0, FALSE);

  return concord_account_search_suspend (self, error);
}

gboolean
concord_workbook_end_bulk (ConcordWorkbook  *self,
                           GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return concord_account_search_resume (self, error);
}

guint
concord_account_search_count_rows (GBytes *changeset)
{
  sqlite3_changeset_iter *iter = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (changeset, &size);
  guint n = 0;

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    return 0;

  while (n < CONCORD_BULK_REPLAY_ROWS && sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_columns, op, indirect;

      if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) == SQLITE_OK &&
          (g_str_equal (table, "accounts") || g_str_equal (table, "contacts")))
        n++;
    }
  sqlite3changeset_finalize (iter);

  return n;
}

/* Words shorter than the index's prefixes --------------------------------- */

#define INDEX_TOKENIZER_KEY "concord-account-search-tokenizer"

/* The search index's tokenizer, with the options of its definition. The
 * connection owns it (the SQL function's data). */
typedef struct
{
  fts5_tokenizer  methods;
  Fts5Tokenizer  *tokenizer;
} IndexTokenizer;

/* What the workbook holds when there is none to be had. */
static IndexTokenizer no_tokenizer;

static void
index_tokenizer_free (gpointer data)
{
  IndexTokenizer *t = data;

  if (t->tokenizer != NULL)
    t->methods.xDelete (t->tokenizer);
  g_free (t);
}

/* The words of "tokenize = '…'" in the definition of accounts_fts in the
 * schema our migrations create for @version: the tokenizer's name, then
 * its options. NULL unless they are plain words. */
static GStrv
index_tokenizer_words (int version)
{
  const ConcordSchema *schema;
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  g_autofree char *value = NULL;
  const char *sql = NULL, *p, *end;
  guint n = 0;

  if (version < 1 || version > CONCORD_SCHEMA_VERSION)
    return NULL;
  schema = concord_migrations_compiled_reference (version);
  for (guint i = 0; i < schema->n_rows && sql == NULL; i++)
    if (g_str_equal (schema->rows[i].name, "accounts_fts") && g_str_equal (schema->rows[i].type, "table"))
      sql = schema->rows[i].sql;
  if (sql == NULL || (p = strstr (sql, "tokenize")) == NULL)
    return NULL;

  p += strlen ("tokenize");
  p += strspn (p, " \t\n");
  if (*p++ != '=')
    return NULL;
  p += strspn (p, " \t\n");
  if (*p++ != '\'' || (end = strchr (p, '\'')) == NULL)
    return NULL;
  value = g_strndup (p, end - p);

  parts = g_strsplit_set (value, " \t\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (strpbrk (parts[i], "\"`[]") != NULL)
        return NULL;
      g_strv_builder_add (words, parts[i]);
      n++;
    }

  return n > 0 ? g_strv_builder_end (words) : NULL;
}

typedef struct
{
  const char *prefix;
  int         n_prefix;
  gboolean    found;
} PrefixScan;

static int
on_document_token (void       *data,
                   int         flags,
                   const char *token,
                   int         n_token,
                   int         start,
                   int         end)
{
  PrefixScan *scan = data;

  if (n_token >= scan->n_prefix && memcmp (token, scan->prefix, scan->n_prefix) == 0)
    {
      scan->found = TRUE;
      return SQLITE_DONE;
    }

  return SQLITE_OK;
}

/* concord_word_prefix (TOKEN, TEXT, ...): whether a word of a TEXT, as
 * the index tokenizes a document, starts with TOKEN, byte for byte, as
 * FTS5 matches a prefix query's token against the words it indexed. */
static void
word_prefix_function (sqlite3_context  *context,
                      int               argc,
                      sqlite3_value   **argv)
{
  IndexTokenizer *t = sqlite3_user_data (context);
  PrefixScan scan = { 0 };

  if (argc < 1 || (scan.prefix = (const char *) sqlite3_value_text (argv[0])) == NULL)
    {
      sqlite3_result_error (context, "concord_word_prefix needs a token", -1);
      return;
    }
  scan.n_prefix = sqlite3_value_bytes (argv[0]);

  for (int i = 1; i < argc && !scan.found; i++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[i]);
      int rc;

      if (text == NULL)
        continue;
      rc = t->methods.xTokenize (t->tokenizer, &scan, FTS5_TOKENIZE_DOCUMENT,
                                 text, sqlite3_value_bytes (argv[i]), on_document_token);
      if (rc != SQLITE_OK && rc != SQLITE_DONE)
        {
          sqlite3_result_error_code (context, rc);
          return;
        }
    }

  sqlite3_result_int (context, scan.found);
}

static int
on_counted_token (void       *data,
                  int         flags,
                  const char *token,
                  int         n_token,
                  int         start,
                  int         end)
{
  (*(guint *) data)++;

  return SQLITE_OK;
}

static guint
count_tokens (IndexTokenizer *t,
              const char     *text)
{
  guint n = 0;

  if (t->methods.xTokenize (t->tokenizer, &n, FTS5_TOKENIZE_DOCUMENT, text, (int) strlen (text),
                            on_counted_token) != SQLITE_OK)
    return 0;

  return n;
}

static fts5_api *
connection_fts5 (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  fts5_api *api = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);

  return api;
}

/* The index's tokenizer on @self's connection, with concord_word_prefix()
 * registered there; &no_tokenizer when there is none to be had. */
static IndexTokenizer *
index_tokenizer (ConcordWorkbook *self)
{
  IndexTokenizer *t = g_object_get_data (G_OBJECT (self), INDEX_TOKENIZER_KEY);
  sqlite3 *db = concord_workbook_get_db (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GStrv) words = NULL;
  fts5_api *api;
  void *tokenizer_data = NULL;
  int version = 0;

  if (t != NULL)
    return t;

  g_object_set_data (G_OBJECT (self), INDEX_TOKENIZER_KEY, &no_tokenizer);
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  if ((words = index_tokenizer_words (version)) == NULL ||
      (api = connection_fts5 (db)) == NULL || api->iVersion < 2)
    return &no_tokenizer;

  t = g_new0 (IndexTokenizer, 1);
  if (api->xFindTokenizer (api, words[0], &tokenizer_data, &t->methods) != SQLITE_OK ||
      t->methods.xCreate (tokenizer_data, (const char **) words + 1, g_strv_length (words) - 1,
                          &t->tokenizer) != SQLITE_OK)
    {
      t->tokenizer = NULL;
      index_tokenizer_free (t);
      return &no_tokenizer;
    }

  /* The index joins the texts of an account's contacts with spaces:
   * their words are the words of each only when a space separates. */
  if (count_tokens (t, "a b") != 2)
    {
      index_tokenizer_free (t);
      return &no_tokenizer;
    }

  /* Directly only: no trigger or view of a file can call it. On failure
   * SQLite frees the tokenizer. */
  if (sqlite3_create_function_v2 (db, CONCORD_WORD_PREFIX_FUNCTION, -1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                  t, word_prefix_function, NULL, NULL, index_tokenizer_free) != SQLITE_OK)
    return &no_tokenizer;

  g_object_set_data (G_OBJECT (self), INDEX_TOKENIZER_KEY, t);

  return t;
}

typedef struct
{
  guint  n_tokens;
  char  *token;
} QueryTokens;

static int
on_query_token (void       *data,
                int         flags,
                const char *token,
                int         n_token,
                int         start,
                int         end)
{
  QueryTokens *tokens = data;

  if (tokens->n_tokens++ == 0)
    tokens->token = g_strndup (token, n_token);

  return SQLITE_OK;
}

/**
 * concord_account_search_prefix_token:
 * @word: a word of a search, as concord_accounts_fts_query() quotes it
 *
 * The token FTS5 would look for as the prefix @word stands for, read by
 * the search index's own tokenizer (case and accents folded as the index
 * folds them), with concord_word_prefix() ready on the connection.
 *
 * Returns: (transfer full) (nullable): the token, or NULL when @word
 *   gives none or several, or the tokenizer is not to be had
 */
char *
concord_account_search_prefix_token (ConcordWorkbook *self,
                                     const char      *word)
{
  IndexTokenizer *t;
  QueryTokens tokens = { 0 };
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  if ((t = index_tokenizer (self)) == &no_tokenizer)
    return NULL;

  rc = t->methods.xTokenize (t->tokenizer, &tokens, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
                             word, (int) strlen (word), on_query_token);
  if (rc != SQLITE_OK || tokens.n_tokens != 1)
    g_clear_pointer (&tokens.token, g_free);

  return tokens.token;
}

/**
 * concord_account_search_word_check:
 * @token: the parameter holding the token ("?3")
 *
 * An SQL condition on the account a: whether a word of the text the
 * search index holds for it starts with @token. The index holds the
 * account's searched columns and, in one text, each contact's
 * (concord-search-triggers.sql); a separator joins them, so their words
 * are the words of each, read from the tables the index is kept from.
 */
char *
concord_account_search_word_check (const char *token)
{
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "(" CONCORD_WORD_PREFIX_FUNCTION " (%s, ", token);
  append_searched (sql, "accounts", "a.", ", ", FALSE);
  g_string_append_printf (sql, ") OR EXISTS (SELECT 1 FROM contacts c WHERE c.account_id = a.id AND "
                          CONCORD_WORD_PREFIX_FUNCTION " (%s, ", token);
  append_searched (sql, "contacts", "c.", " || ' ' || ", TRUE);
  g_string_append (sql, ")))");

  return g_string_free (sql, FALSE);
}
