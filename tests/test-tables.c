/* test-tables.c: the table description against the SQL schema, and the
 * files written from it */
#include "config.h"

#include <string.h>

#include "concord-tables.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

#define BEGIN_TABLES "<!-- The tables below are written by concord-cli describe --markdown " \
                     "(build-aux/update-generated.sh): change src/core/concord-tables.c, not them. -->\n"
#define END_TABLES "<!-- End of the tables written by concord-cli describe --markdown. -->\n"

static char *
read_source_file (const char *first,
                  const char *second)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", first, second, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static void
assert_current (const char *what,
                const char *committed,
                const char *generated)
{
  if (g_strcmp0 (committed, generated) == 0)
    return;

  g_test_message ("%s is out of date with src/core/concord-tables.c: run build-aux/update-generated.sh", what);
  g_test_fail ();
}

static void
test_generated_current (void)
{
  g_autofree char *schema = read_source_file ("data", "concord-workbook.schema.json");
  g_autofree char *doc = read_source_file ("docs", "schema.md");
  g_autofree char *json_schema = concord_tables_json_schema ();
  g_autofree char *markdown = concord_tables_markdown ();
  g_autofree char *tables = NULL;
  const char *begin = strstr (doc, BEGIN_TABLES);
  const char *end = begin != NULL ? strstr (begin, END_TABLES) : NULL;

  assert_current ("data/concord-workbook.schema.json", schema, json_schema);

  g_assert_nonnull (begin);
  g_assert_nonnull (end);
  begin += strlen (BEGIN_TABLES);
  tables = g_strndup (begin, end - begin);
  assert_current ("docs/schema.md", tables, markdown);
}

/* What SQLite's declared type is for a kind. */
static const char *
expected_type (const ConcordColumn *column)
{
  switch (column->kind)
    {
    case CONCORD_COLUMN_INT:
    case CONCORD_COLUMN_MONEY:
    case CONCORD_COLUMN_BOOL:
    case CONCORD_COLUMN_REFERENCE:
      return "INTEGER";
    case CONCORD_COLUMN_NUMBER:
      return "REAL";
    default:
      return "TEXT";
    }
}

/* The values of "COLUMN IN (…)" in a table's SQL, or NULL. */
static GStrv
sql_in_list (const char *sql,
             const char *column)
{
  g_autofree char *pattern = g_strdup_printf ("\\b%s IN \\(([^)]*)\\)", column);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *list = NULL;
  GStrv values;

  if (!g_regex_match (regex, sql, 0, &match))
    return NULL;

  list = g_match_info_fetch (match, 1);
  values = g_strsplit (list, ",", -1);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_strstrip (values[i]);
      /* 'many' -> many; line breaks inside the list are spaces. */
      if (values[i][0] == '\'')
        memmove (values[i], values[i] + 1, strlen (values[i]));
      if (g_str_has_suffix (values[i], "'"))
        values[i][strlen (values[i]) - 1] = '\0';
    }

  return values;
}

static void
check_column (sqlite3             *db,
              const ConcordTable  *table,
              const char          *sql,
              sqlite3_stmt        *info,
              const ConcordColumn *column)
{
  const char *name = (const char *) sqlite3_column_text (info, 1);
  const char *type = (const char *) sqlite3_column_text (info, 2);
  gboolean not_null = sqlite3_column_int (info, 3);
  const char *dflt = (const char *) sqlite3_column_text (info, 4);
  gboolean pk = sqlite3_column_int (info, 5) != 0;
  g_autoptr(sqlite3_stmt) fks = NULL;
  const char *parent = NULL;
  gboolean cascade = FALSE;

  g_test_message ("%s.%s", table->name, name);
  g_assert_cmpstr (column->name, ==, name);
  g_assert_cmpstr (expected_type (column), ==, type);
  /* The schema's names say which text holds a date or a time. */
  g_assert_cmpint (column->kind == CONCORD_COLUMN_DATE, ==, g_str_has_suffix (name, "_on"));
  g_assert_cmpint (column->kind == CONCORD_COLUMN_TIME, ==, g_str_has_suffix (name, "_at"));
  g_assert_cmpint (!!(column->flags & CONCORD_COLUMN_REQUIRED), ==, not_null || pk);
  g_assert_cmpint (!!(column->flags & CONCORD_COLUMN_PRIMARY_KEY), ==, pk);
  if (!(column->flags & CONCORD_COLUMN_DERIVED) || g_str_equal (name, "id"))
    {
      g_assert_cmpint (!!(column->flags & CONCORD_COLUMN_HAS_DEFAULT), ==,
                       dflt != NULL || (pk && g_str_equal (type, "INTEGER")));
      if (!(column->flags & CONCORD_COLUMN_DERIVED))
        g_assert_cmpstr (column->default_value, ==, dflt);
    }

  sqlite3_prepare_v2 (db, "SELECT \"table\", on_delete FROM pragma_foreign_key_list (?1) WHERE \"from\" = ?2",
                      -1, &fks, NULL);
  sqlite3_bind_text (fks, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (fks, 2, name, -1, SQLITE_STATIC);
  if (sqlite3_step (fks) == SQLITE_ROW)
    {
      parent = (const char *) sqlite3_column_text (fks, 0);
      cascade = g_str_equal ((const char *) sqlite3_column_text (fks, 1), "CASCADE");
    }
  g_assert_cmpint (column->kind == CONCORD_COLUMN_REFERENCE, ==, parent != NULL);
  g_assert_cmpstr (column->parent, ==, parent);
  if (parent != NULL)
    g_assert_cmpint (!!(column->flags & CONCORD_COLUMN_CASCADE), ==, cascade);

  if (column->kind == CONCORD_COLUMN_CHOICE || column->kind == CONCORD_COLUMN_BOOL ||
      column->kind == CONCORD_COLUMN_TEXT)
    {
      g_auto(GStrv) allowed = sql_in_list (sql, name);

      if (column->kind == CONCORD_COLUMN_BOOL)
        {
          g_assert_nonnull (allowed);
          g_assert_cmpstr (allowed[0], ==, "0");
          g_assert_cmpstr (allowed[1], ==, "1");
        }
      else if (column->kind == CONCORD_COLUMN_TEXT)
        g_assert_null (allowed);
      else if (allowed != NULL)
        {
          /* Every value the schema allows is a choice, and no more. */
          g_assert_cmpuint (g_strv_length (allowed), ==, column->n_choices);
          for (guint i = 0; i < column->n_choices; i++)
            g_assert_cmpstr (allowed[i], ==, column->choices[i].id);
        }
    }

  /* The description may be stricter than the schema, never looser. */
  if (column->kind == CONCORD_COLUMN_TEXT)
    {
      g_autofree char *pattern = g_strdup_printf ("length \\(%s\\) BETWEEN (\\d+) AND (\\d+)", name);
      g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (regex, sql, 0, &match))
        {
          g_autofree char *min = g_match_info_fetch (match, 1);
          g_autofree char *max = g_match_info_fetch (match, 2);

          g_assert_cmpint (column->min, >=, g_ascii_strtoll (min, NULL, 10));
          g_assert_cmpint (column->max, >, 0);
          g_assert_cmpint (column->max, <=, g_ascii_strtoll (max, NULL, 10));
        }
    }
}

static void
test_agrees_with_sql (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  sqlite3 *db = concord_workbook_get_db (fixture->workbook);
  g_autoptr(sqlite3_stmt) tables = NULL;
  guint n_tables, n_seen = 0;
  const ConcordTable *described = concord_tables (&n_tables);

  sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'accounts_fts%'",
                      -1, &tables, NULL);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      const char *sql = (const char *) sqlite3_column_text (tables, 1);
      const ConcordTable *table = concord_table_lookup (name);
      g_autoptr(sqlite3_stmt) info = NULL;
      guint c = 0;

      g_test_message ("table %s", name);
      g_assert_nonnull (table);
      n_seen++;

      sqlite3_prepare_v2 (db, "SELECT * FROM pragma_table_info (?1) ORDER BY cid", -1, &info, NULL);
      sqlite3_bind_text (info, 1, name, -1, SQLITE_STATIC);
      while (sqlite3_step (info) == SQLITE_ROW)
        {
          g_assert_cmpuint (c, <, table->n_columns);
          check_column (db, table, sql, info, &table->columns[c++]);
        }
      /* Every described column is in the schema, in its order. */
      g_assert_cmpuint (c, ==, table->n_columns);
    }

  g_assert_cmpuint (n_seen, ==, n_tables);
  for (guint i = 0; i < n_tables; i++)
    g_assert_cmpint (!!(described[i].flags & CONCORD_TABLE_EXCHANGED), ==,
                     !g_str_equal (described[i].name, "meta") && !g_str_has_prefix (described[i].name, "sync_"));
}

/* "name, domain, …": the columns of @table in the search index. */
static char *
searched_columns (const char *table)
{
  const ConcordTable *t = concord_table_lookup (table);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < t->n_columns; i++)
    if (t->columns[i].flags & CONCORD_COLUMN_SEARCHED)
      g_string_append_printf (list, "%s%s", list->len ? ", " : "", t->columns[i].name);

  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* The store builds its bulk-edit copy of the search triggers from the
 * description: the schema's triggers and index must name the same columns. */
static void
test_search_columns (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  g_autofree char *triggers = read_source_file ("src", "core/concord-search-triggers.sql");
  g_autofree char *accounts = searched_columns ("accounts");
  g_autofree char *contacts = searched_columns ("contacts");
  g_autofree char *on_accounts = g_strdup_printf ("AFTER UPDATE OF %s ON accounts", accounts);
  g_autofree char *on_contacts = g_strdup_printf ("AFTER UPDATE OF %s, account_id ON contacts", contacts);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO accounts_fts (rowid, %s, contacts)", accounts);
  g_autofree char *index = NULL;
  g_autofree char *expected = g_strdup_printf ("%s, contacts", accounts);

  g_assert_nonnull (strstr (triggers, on_accounts));
  g_assert_nonnull (strstr (triggers, on_contacts));
  g_assert_nonnull (strstr (triggers, insert));
  g_assert_nonnull (strstr (triggers, "group_concat (name || ' ' || ifnull (title, ''), ' ')"));
  g_assert_cmpstr (contacts, ==, "name, title");

  index = test_query_string (fixture->workbook,
                             "SELECT group_concat (name, ', ') FROM pragma_table_info ('accounts_fts')");
  g_assert_cmpstr (index, ==, expected);
}

typedef struct
{
  const char *table;
  const char *column;
  GVariant   *(*make) (void);
  const char *message;  /* NULL: valid */
} ValueCase;

static GVariant *null_value (void) { return g_variant_new_maybe (G_VARIANT_TYPE_STRING, NULL); }
static GVariant *empty_text (void) { return g_variant_new_string (""); }
static GVariant *blank_text (void) { return g_variant_new_string ("  "); }
static GVariant *gold (void) { return g_variant_new_string ("gold"); }
static GVariant *few (void) { return g_variant_new_string ("few"); }
static GVariant *score (void) { return g_variant_new_int64 (101); }
static GVariant *bad_date (void) { return g_variant_new_string ("2026-02-30"); }
static GVariant *two (void) { return g_variant_new_int64 (2); }
static GVariant *no_at (void) { return g_variant_new_string ("ann.example.com"); }
static GVariant *share (void) { return g_variant_new_double (120.5); }
static GVariant *text_number (void) { return g_variant_new_string ("ten"); }
static GVariant *minus_cents (void) { return g_variant_new_int64 (-1); }

static const ValueCase value_cases[] = {
  { "accounts", "domain", null_value, NULL },
  { "accounts", "name", null_value, "Name: a value is required." },
  { "accounts", "name", blank_text, "Name: a value is required." },
  { "accounts", "notes", empty_text, NULL },
  { "accounts", "tier", gold, "Tier: “gold” is not one of 1:1 strategic, 1:few, 1:many." },
  { "accounts", "tier", few, NULL },
  { "accounts", "fit", score, "ICP fit: must be between 0 and 100." },
  { "accounts", "fit", text_number, "ICP fit: expected a whole number." },
  { "accounts", "pipeline_value", minus_cents, "Pipeline value: must be 0 or more." },
  { "touches", "touched_on", bad_date, "Date: “2026-02-30” is not a date (YYYY-MM-DD)." },
  { "contacts", "is_primary", two, "Primary contact: expected yes or no." },
  { "contacts", "email", no_at, "Email: “ann.example.com” is not an email address." },
  { "process_stages", "conversion_target", share, "Conversion to the next stage: must be between 0 and 100." },
};

static void
test_validate_value (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_cases); i++)
    {
      const ValueCase *v = &value_cases[i];
      const ConcordColumn *column = concord_table_find_column (concord_table_lookup (v->table), v->column);
      g_autoptr(GVariant) value = g_variant_ref_sink (v->make ());
      g_autoptr(GError) error = NULL;

      g_test_message ("%s.%s", v->table, v->column);
      g_assert_nonnull (column);
      if (v->message == NULL)
        {
          g_assert_true (concord_table_validate_value (column, value, &error));
          g_assert_no_error (error);
        }
      else
        {
          g_assert_false (concord_table_validate_value (column, value, &error));
          g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
          g_assert_cmpstr (error->message, ==, v->message);
        }
    }
}

/* An insert needs what has no default; the row id and times come by themselves. */
static void
test_validate_insert (void)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_string (fields, "channel", "email");
  concord_fields_set_string (fields, "team", "joint");
  concord_fields_set_id (fields, "account_id", 3);
  g_assert_false (concord_table_validate_fields ("touches", fields, TRUE, &error));
  g_assert_cmpstr (error->message, ==, "Date: a value is required.");
  g_clear_error (&error);
  g_assert_true (concord_table_validate_fields ("touches", fields, FALSE, &error));
  g_assert_no_error (error);

  concord_fields_set_string (fields, "touched_on", "2026-03-04");
  g_assert_true (concord_table_validate_fields ("touches", fields, TRUE, &error));
  g_assert_no_error (error);
}

/* A name as typed: kept without its spaces, refused blank or too long. */
static void
test_check_text (void)
{
  g_autofree char *kept = concord_table_check_text ("role_map_activities", "name", "  Qualify leads ", NULL);
  g_autofree char *long_name = g_strnfill (301, 'x');
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (kept, ==, "Qualify leads");

  g_assert_null (concord_table_check_text ("role_map_activities", "name", "   ", &error));
  g_assert_cmpstr (error->message, ==, "Name: a value is required.");
  g_clear_error (&error);

  g_assert_null (concord_table_check_text ("role_map_activities", "name", long_name, &error));
  g_assert_cmpstr (error->message, ==, "Name: at most 300 characters, not 301.");
  g_clear_error (&error);

  g_assert_null (concord_table_check_text ("glossary_terms", "term", NULL, &error));
  g_assert_cmpstr (error->message, ==, "Term: a value is required.");
}

static void
test_describe_cli (void)
{
  const char *schema_argv[] = { "describe", "--json-schema", NULL };
  const char *markdown_argv[] = { "describe", "--markdown", NULL };
  const char *neither_argv[] = { "describe", NULL };
  g_autofree char *json_schema = concord_tables_json_schema ();
  g_autofree char *markdown = concord_tables_markdown ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_true (test_run_cli (schema_argv, &status, &out, NULL));
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, json_schema);
  g_clear_pointer (&out, g_free);

  g_assert_true (test_run_cli (markdown_argv, &status, &out, NULL));
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, markdown);

  g_assert_true (test_run_cli (neither_argv, &status, NULL, &err));
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--json-schema"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tables/generated-current", test_generated_current);
  g_test_add ("/tables/agrees-with-sql", WorkbookFixture, NULL,
              workbook_fixture_setup, test_agrees_with_sql, workbook_fixture_teardown);
  g_test_add ("/tables/search-columns", WorkbookFixture, NULL,
              workbook_fixture_setup, test_search_columns, workbook_fixture_teardown);
  g_test_add_func ("/tables/validate-value", test_validate_value);
  g_test_add_func ("/tables/validate-insert", test_validate_insert);
  g_test_add_func ("/tables/check-text", test_check_text);
  g_test_add_func ("/tables/describe-cli", test_describe_cli);

  return g_test_run ();
}
