/* test-exchange.c: JSON export, import and merge */
#include "config.h"

#include <glib/gstdio.h>

#include "concord-exchange.h"
#include "concord-exchange-private.h"
#include "concord-info.h"
#include "concord-json-guard.h"
#include "concord-tables.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

static char *
export_text (ConcordWorkbook *workbook)
{
  g_autoptr(GError) error = NULL;
  char *text = concord_exchange_export_data (workbook, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);

  return text;
}

/* The document without who sent it: what two workbooks holding the same
 * data and versions must agree on byte for byte. */
static char *
data_part (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_remove_member (root, "replica");
  json_object_remove_member (root, "replicas");
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, json_parser_get_root (parser));

  return json_generator_to_data (generator, NULL);
}

/* What a document says its writer has seen of @replica. */
static gint64
vector_entry (const char *text,
              const char *replica)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *replicas;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  replicas = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "replicas");
  if (!json_object_has_member (replicas, replica))
    return 0;

  return json_object_get_int_member (json_object_get_object_member (replicas, replica), "counter");
}

static ConcordWorkbook *
new_workbook (const char *dir,
              const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);

  g_assert_no_error (error);

  return workbook;
}

static void
import_all (ConcordWorkbook   *workbook,
            const char        *text,
            ConcordResolution  resolution)
{
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  plan = concord_merge_plan_new_from_data (workbook, text, -1, "doc.json", &error);
  g_assert_no_error (error);
  concord_merge_plan_resolve_all (plan, resolution);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);
}

static void
set_text (ConcordWorkbook *workbook,
          const char      *table,
          gint64           id,
          const char      *column,
          const char      *value)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_string (fields, column, value);
  g_assert_true (concord_workbook_update (workbook, table, id, fields, &error));
  g_assert_no_error (error);
}

static char *
get_text (ConcordWorkbook *workbook,
          const char      *table,
          const char      *uuid,
          const char      *column)
{
  g_autoptr(ConcordRecord) record = NULL;
  gint64 id = concord_workbook_lookup_uuid (workbook, table, uuid);

  if (id == 0)
    return NULL;
  record = concord_workbook_get_record (workbook, table, id, NULL);

  return g_strdup (concord_record_get_string (record, column));
}

static void
assert_text (ConcordWorkbook *workbook,
             const char      *table,
             const char      *uuid,
             const char      *column,
             const char      *expected)
{
  g_autofree char *value = get_text (workbook, table, uuid, column);

  g_assert_cmpstr (value, ==, expected);
}

/* Runs concord-cli, which must exit with @expected; *out and *err are
 * replaced by what it printed. */
static void
cli_expect (const char *const *argv,
            int                expected,
            char             **out,
            char             **err)
{
  int status = -1;

  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  test_run_cli (argv, &status, out, err);
  g_assert_cmpint (status, ==, expected);
}

static void
test_round_trip (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) empty = new_workbook (fixture->dir, "empty.concord");
  g_autofree char *first = export_text (fixture->workbook);
  g_autofree char *again = export_text (fixture->workbook);
  g_autofree char *second = NULL;
  g_autofree char *first_data = NULL, *second_data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, first, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "concord-workbook");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 2);
  /* Exporting changes nothing, so it says the same twice. */
  assert_same_text (first, again);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (
                      json_object_get_object_member (root, "tables"), "accounts")), ==,
                    concord_workbook_count (fixture->workbook, "accounts"));

  import_all (empty, first, CONCORD_RESOLVE_THEIRS);
  second = export_text (empty);
  first_data = data_part (first);
  second_data = data_part (second);
  assert_same_text (first_data, second_data);

  /* Every table came across. */
  for (const char * const *t = concord_workbook_get_tables (fixture->workbook); *t != NULL; t++)
    if (!g_str_equal (*t, "meta"))
      g_assert_cmpint (concord_workbook_count (empty, *t), ==, concord_workbook_count (fixture->workbook, *t));

  /* A touch's owner (schema 4) travels as the person, by uuid. */
  {
    static const char owners[] =
      "SELECT group_concat (t.uuid || '=' || p.uuid, ',') FROM"
      " (SELECT * FROM touches ORDER BY uuid) t JOIN people p ON p.id = t.owner_id";
    g_autofree char *here = test_query_string (fixture->workbook, owners);
    g_autofree char *there = test_query_string (empty, owners);

    g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count (*) FROM touches WHERE owner_id IS NOT NULL"), >, 0);
    g_assert_cmpstr (here, ==, there);
  }
}

static void
test_idempotent (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) other = new_workbook (fixture->dir, "other.concord");
  g_autofree char *text = export_text (fixture->workbook);
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_all (other, text, CONCORD_RESOLVE_THEIRS);
  concord_workbook_clear_history (other);
  before = export_text (other);

  plan = concord_merge_plan_new_from_data (other, text, -1, "doc.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_n_added (plan), ==, 0);
  g_assert_cmpuint (concord_merge_plan_get_n_updated (plan), ==, 0);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
  g_assert_true (concord_merge_plan_apply (plan, &error));

  after = export_text (other);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (concord_workbook_can_undo (other));
}

static gint64
first_id (ConcordWorkbook *workbook,
          const char      *sql)
{
  return test_query_int (workbook, sql);
}

/* json-glib's generator over the same document as a tree: the bytes the
 * export wrote before it streamed. */
static char *
export_through_tree (ConcordWorkbook  *workbook,
                     ConcordSelection *selection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = concord_exchange_export (workbook, selection, &error);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

typedef struct
{
  GString *text;
  guint    pieces;
  gsize    largest;
} Pieces;

static gboolean
collect_piece (const char  *data,
               gsize        length,
               gpointer     user_data,
               GError     **error)
{
  Pieces *pieces = user_data;

  g_string_append_len (pieces->text, data, length);
  pieces->pieces++;
  pieces->largest = MAX (pieces->largest, length);

  return TRUE;
}

static void
assert_streams_as_tree (WorkbookFixture *fixture)
{
  g_autofree char *tree = export_through_tree (fixture->workbook, NULL);
  g_autofree char *streamed = export_text (fixture->workbook);
  g_autofree char *file = g_build_filename (fixture->dir, "streamed.json", NULL);
  g_autofree char *from_file = NULL;
  g_autoptr(GError) error = NULL;

  assert_same_text (streamed, tree);
  g_assert_cmpstr (streamed, ==, tree);

  g_assert_true (concord_exchange_export_file (fixture->workbook, NULL, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file, &from_file, NULL, &error));
  g_assert_cmpstr (from_file, ==, tree);

  /* Never the whole document at once: pieces of at most about 64 KB. */
  {
    g_autoptr(GString) text = g_string_new (NULL);
    Pieces pieces = { text, 0, 0 };

    g_assert_true (concord_exchange_export_stream (fixture->workbook, NULL, collect_piece, &pieces, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (text->str, ==, tree);
    g_assert_cmpuint (pieces.largest, <=, 80 * 1024);
    g_assert_cmpuint (pieces.pieces, >=, strlen (tree) / (80 * 1024));
  }
}

/* The export streams record by record; what it writes is still, byte for
 * byte, what json-glib wrote for the whole tree: empty tables, escapes,
 * doubles, nulls, references, a part. */
static void
test_export_streamed (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) kpi = concord_fields_new ();
  g_autoptr(ConcordSelection) selection = concord_selection_new ();
  g_autoptr(ConcordSelection) same_selection = concord_selection_new ();
  g_autoptr(GError) error = NULL;
  gint64 kpi_id = first_id (workbook, "SELECT id FROM plan_kpis ORDER BY id LIMIT 1");
  gint64 account_id = first_id (workbook, "SELECT id FROM accounts ORDER BY id LIMIT 1");
  g_autofree char *tree = NULL;
  g_autofree char *streamed = NULL;

  assert_streams_as_tree (fixture);

  test_rename (workbook, "accounts", account_id,
               "Quote \" back\\slash \t\n\r\b\f \x01 \x1e \x1f \x7f caf\xc3\xa9 \xe6\x97\xa5 </script>");
  concord_fields_set_double (kpi, "baseline", 1e21);
  concord_fields_set_double (kpi, "target", 0.1);
  concord_fields_set_double (kpi, "actual", -2.5e-7);
  concord_fields_set_null (kpi, "owner_team_id");
  g_assert_true (concord_workbook_update (workbook, "plan_kpis", kpi_id, kpi, &error));
  g_assert_no_error (error);
  assert_streams_as_tree (fixture);

  /* An export grows its selection to what the part needs: one each. */
  concord_selection_add (selection, "accounts", account_id);
  concord_selection_add (same_selection, "accounts", account_id);
  tree = export_through_tree (workbook, selection);
  streamed = concord_exchange_export_data (workbook, same_selection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (streamed, ==, tree);
}

/* A new workbook: nearly every table empty. */
static void
test_export_streamed_empty (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  assert_streams_as_tree (fixture);
}

static void
set_notes (ConcordWorkbook *workbook,
           gint64           id,
           const char      *notes)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook),
                                       "UPDATE accounts SET notes = ?1 WHERE id = ?2", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, notes, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

/* A uuid that is not text (a file another program wrote) is ordered
 * as SQLite orders it, as the tree is. */
static void
test_export_streamed_blob_uuid (WorkbookFixture *fixture,
                                gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  test_add_account (fixture->workbook, "Text");
  test_add_account (fixture->workbook, "Blob");
  g_assert_true (concord_workbook_exec (fixture->workbook, "UPDATE accounts SET uuid = x'30' WHERE name = 'Blob'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count (*) FROM accounts WHERE typeof (uuid) = 'blob'"), ==, 1);

  assert_streams_as_tree (fixture);
}

/* Many accounts in one edit; the 5,000th and 9,000th with the notes
 * given. */
static void
add_many_accounts (ConcordWorkbook *workbook,
                   guint            n,
                   const char      *long_note,
                   const char      *huge_note)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(GError) error = NULL;

  edit = concord_workbook_edit (workbook, "Many", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Account %05u", i);
      gint64 id = test_add_account (workbook, name);

      if (i == 5000 && long_note != NULL)
        set_notes (workbook, id, long_note);
      else if (i == 9000 && huge_note != NULL)
        set_notes (workbook, id, huge_note);
    }
  g_assert_true (concord_edit_commit (edit, &error));
  g_assert_no_error (error);
}

/* A table too large to put in order in memory goes through sorted runs
 * in a temporary file, merged as they are written: still, byte for
 * byte, the tree's order, with records larger than a run's reading
 * piece and than a whole run among them. */
static void
test_export_streamed_many (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_note = g_strnfill (100 * 1024, 'n');
  g_autofree char *huge_note = g_strnfill (5 * 1024 * 1024, 'h');
  gsize kept_run_bytes = concord_exchange_set_run_bytes (1024 * 1024);
  guint64 set_aside = concord_exchange_get_bytes_set_aside ();

  add_many_accounts (workbook, 14000, long_note, huge_note);

  /* As assert_streams_as_tree(), but a 5 MB value is one piece. */
  {
    g_autofree char *tree = export_through_tree (workbook, NULL);
    g_autofree char *streamed = export_text (workbook);
    g_autofree char *file = g_build_filename (fixture->dir, "streamed.json", NULL);
    g_autofree char *from_file = NULL;

    g_assert_cmpuint (strlen (tree), >, 3 * 4 * 1024 * 1024);
    /* Runs did hold the records, the huge note among them. */
    g_assert_cmpuint (concord_exchange_get_bytes_set_aside () - set_aside, >, 5 * 1024 * 1024);
    assert_same_text (streamed, tree);
    g_assert_cmpstr (streamed, ==, tree);
    g_assert_true (concord_exchange_export_file (workbook, NULL, file, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (file, &from_file, NULL, &error));
    g_assert_cmpstr (from_file, ==, tree);

    /* With no temporary folder to set runs aside in, SQLite orders the
     * records (it finds a folder of its own): the same bytes. */
    {
      g_autofree char *missing = g_build_filename (fixture->dir, "missing", NULL);
      g_autofree char *cli_file = g_build_filename (fixture->dir, "cli.json", NULL);
      g_autofree char *from_cli = NULL, *out = NULL, *err = NULL;
      g_autofree char *kept = g_strdup (g_getenv ("TMPDIR"));
      const char *argv[] = { "export-json", "-o", cli_file, concord_workbook_get_path (workbook), NULL };

      g_setenv ("TMPDIR", missing, TRUE);
      cli_expect (argv, 0, &out, &err);
      if (kept != NULL)
        g_setenv ("TMPDIR", kept, TRUE);
      else
        g_unsetenv ("TMPDIR");
      g_assert_true (g_file_get_contents (cli_file, &from_cli, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (from_cli, ==, tree);
    }
  }

  concord_exchange_set_run_bytes (kept_run_bytes);
}

/* The length of the member @name of the document's "tables", as text. */
static gsize
table_text_length (const char *text,
                   const char *name)
{
  g_autofree char *opening = g_strdup_printf ("\n    \"%s\" : {", name);
  const char *start = strstr (text, opening);
  const char *end;

  g_assert_nonnull (start);
  end = strstr (start, "\n    }");
  g_assert_nonnull (end);

  return end - start;
}

/* Records set aside in runs are kept as their values (a reference as a
 * row id), not as the text they become: a fraction of it goes through
 * the temporary file. */
static void
test_export_sets_aside_values (WorkbookFixture *fixture,
                               gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  gsize kept_run_bytes = concord_exchange_set_run_bytes (256 * 1024);
  guint64 before = concord_exchange_get_bytes_set_aside ();
  g_autofree char *tree = NULL;
  g_autofree char *streamed = NULL;
  guint64 set_aside;
  gsize accounts_text;

  add_many_accounts (workbook, 6000, NULL, NULL);
  tree = export_through_tree (workbook, NULL);
  streamed = export_text (workbook);
  set_aside = concord_exchange_get_bytes_set_aside () - before;
  concord_exchange_set_run_bytes (kept_run_bytes);

  g_assert_cmpstr (streamed, ==, tree);
  accounts_text = table_text_length (streamed, "accounts");
  g_assert_cmpuint (accounts_text, >, 1024 * 1024);
  g_assert_cmpuint (set_aside, >, 0);
  g_assert_cmpuint (set_aside, <, accounts_text / 2);
}

/* Thousands of records are put in order by their uuids' first bytes,
 * not by comparing them with each other: a handful of comparisons
 * (records whose uuids start alike), where comparing took a dozen per
 * record. */
static void
test_export_sorts_by_digits (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  g_autofree char *tree = NULL;
  g_autofree char *streamed = NULL;
  guint64 compared;

  add_many_accounts (fixture->workbook, 6000, NULL, NULL);
  tree = export_through_tree (fixture->workbook, NULL);
  compared = concord_exchange_get_keys_compared ();
  streamed = export_text (fixture->workbook);
  compared = concord_exchange_get_keys_compared () - compared;

  g_assert_cmpstr (streamed, ==, tree);
  g_assert_cmpuint (compared, <, 1000);

  /* Row ids that are not 1 to n are sorted: a contact still names its
   * account by the account's uuid. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *account_uuid = NULL;
    g_autofree char *text = NULL;
    g_autofree char *expected = NULL;

    g_assert_true (concord_workbook_exec (fixture->workbook,
                                          "DELETE FROM accounts WHERE id = (SELECT min (id) FROM accounts);"
                                          "INSERT INTO accounts (name) VALUES ('Last');"
                                          "INSERT INTO contacts (account_id, name) "
                                          "  SELECT id, 'Of the last' FROM accounts WHERE name = 'Last'",
                                          &error));
    g_assert_no_error (error);
    account_uuid = test_query_string (fixture->workbook, "SELECT uuid FROM accounts WHERE name = 'Last'");
    g_assert_cmpint (test_query_int (fixture->workbook, "SELECT max (id) > count (*) FROM accounts"), ==, 1);
    compared = concord_exchange_get_keys_compared ();
    text = export_text (fixture->workbook);
    g_assert_cmpuint (concord_exchange_get_keys_compared () - compared, >, 0);
    expected = g_strdup_printf ("\"account\" : \"%s\"", account_uuid);
    g_assert_nonnull (strstr (text, expected));
  }
}

typedef struct
{
  GArray       *fractions;
  GCancellable *cancel_after_first;
} ReadProgress;

static void
on_read_progress (double   fraction,
                  gpointer user_data)
{
  ReadProgress *progress = user_data;

  g_array_append_val (progress->fractions, fraction);
  if (progress->cancel_after_first != NULL)
    g_cancellable_cancel (progress->cancel_after_first);
}

/* A large document is read in pieces: the share read so far goes up to
 * the whole, and cancelling stops the reading with nothing planned. */
static void
test_import_progress (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  g_autofree char *doc = g_build_filename (fixture->dir, "big.json", NULL);
  g_autoptr(ConcordWorkbook) other = new_workbook (fixture->dir, "other.concord");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  ReadProgress progress = { fractions, NULL };
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_exchange_export_file (fixture->workbook, NULL, doc, &error));
  g_assert_no_error (error);

  plan = concord_merge_plan_new_from_file_full (other, doc, NULL, on_read_progress, &progress, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  g_assert_cmpuint (concord_merge_plan_get_n_added (plan), >, 0);
  g_assert_cmpuint (fractions->len, >, 1);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  g_clear_pointer (&plan, concord_merge_plan_free);

  g_array_set_size (fractions, 0);
  progress.cancel_after_first = cancellable;
  plan = concord_merge_plan_new_from_file_full (other, doc, cancellable, on_read_progress, &progress, &error);
  g_assert_null (plan);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fractions->len, ==, 1);
  g_assert_cmpint (concord_workbook_count (other, "accounts"), ==, 0);
}

/* A and B start from the same data, are edited apart, then B takes A's. */
static void
test_merge (WorkbookFixture *fixture,
            gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = new_workbook (fixture->dir, "b.concord");
  g_autofree char *start = export_text (a);
  g_autofree char *later = NULL;
  g_autofree char *x_uuid = NULL, *y_uuid = NULL, *z_uuid = NULL, *p_uuid = NULL, *q_uuid = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(ConcordFields) person = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts;
  gint64 plans_before;
  guint name_conflicts = 0, deleted_conflicts = 0;

  import_all (b, start, CONCORD_RESOLVE_THEIRS);
  x_uuid = test_query_string (a, "SELECT uuid FROM accounts ORDER BY uuid LIMIT 1 OFFSET 0");
  y_uuid = test_query_string (a, "SELECT uuid FROM accounts ORDER BY uuid LIMIT 1 OFFSET 1");
  z_uuid = test_query_string (a, "SELECT uuid FROM accounts ORDER BY uuid LIMIT 1 OFFSET 2");
  p_uuid = test_query_string (a, "SELECT uuid FROM plans ORDER BY uuid LIMIT 1 OFFSET 0");
  q_uuid = test_query_string (a, "SELECT uuid FROM plans ORDER BY uuid LIMIT 1 OFFSET 1");

  /* Both change X; only A changes Y; only B changes Z; A adds a person;
   * B deletes P (A leaves it) and Q (A changes it). */
  set_text (a, "accounts", concord_workbook_lookup_uuid (a, "accounts", x_uuid), "name", "X by A");
  set_text (b, "accounts", concord_workbook_lookup_uuid (b, "accounts", x_uuid), "name", "X by B");
  set_text (a, "accounts", concord_workbook_lookup_uuid (a, "accounts", y_uuid), "industry", "Y by A");
  set_text (b, "accounts", concord_workbook_lookup_uuid (b, "accounts", z_uuid), "notes", "Z by B");
  concord_fields_set_string (person, "name", "Hired by A");
  g_assert_cmpint (concord_workbook_insert (a, "people", person, &error), >, 0);
  g_assert_true (concord_workbook_delete (b, "plans", concord_workbook_lookup_uuid (b, "plans", p_uuid), &error));
  g_assert_true (concord_workbook_delete (b, "plans", concord_workbook_lookup_uuid (b, "plans", q_uuid), &error));
  set_text (a, "plans", concord_workbook_lookup_uuid (a, "plans", q_uuid), "notes", "Q by A");
  g_assert_no_error (error);

  later = export_text (a);
  concord_workbook_clear_history (b);
  plans_before = concord_workbook_count (b, "plans");

  plan = concord_merge_plan_new_from_data (b, later, -1, "a.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_n_added (plan), ==, 1);
  g_assert_cmpuint (concord_merge_plan_get_n_updated (plan), ==, 1);

  conflicts = concord_merge_plan_get_conflicts (plan);
  for (guint i = 0; i < conflicts->len; i++)
    {
      ConcordConflict *conflict = g_ptr_array_index (conflicts, i);

      if (g_str_equal (conflict->uuid, x_uuid))
        {
          g_assert_cmpstr (conflict->field, ==, "name");
          g_assert_cmpstr (conflict->mine, ==, "X by B");
          g_assert_cmpstr (conflict->theirs, ==, "X by A");
          conflict->resolution = CONCORD_RESOLVE_THEIRS;
          name_conflicts++;
        }
      else if (g_str_equal (conflict->uuid, q_uuid))
        {
          g_assert_cmpstr (conflict->field, ==, "");
          conflict->resolution = CONCORD_RESOLVE_MINE;
          deleted_conflicts++;
        }
    }
  g_assert_cmpuint (name_conflicts, ==, 1);
  g_assert_cmpuint (deleted_conflicts, ==, 1);
  g_assert_cmpuint (conflicts->len, ==, 2);

  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);

  assert_text (b, "accounts", x_uuid, "name", "X by A");
  assert_text (b, "accounts", y_uuid, "industry", "Y by A");
  assert_text (b, "accounts", z_uuid, "notes", "Z by B");
  g_assert_cmpint (test_query_int (b, "SELECT count(*) FROM people WHERE name = 'Hired by A'"), ==, 1);
  g_assert_cmpint (concord_workbook_lookup_uuid (b, "plans", p_uuid), ==, 0);
  g_assert_cmpint (concord_workbook_lookup_uuid (b, "plans", q_uuid), ==, 0);
  g_assert_cmpint (concord_workbook_count (b, "plans"), ==, plans_before);

  /* The whole merge is one undo step. */
  g_assert_true (concord_workbook_undo (b, &error));
  g_assert_cmpint (test_query_int (b, "SELECT count(*) FROM people WHERE name = 'Hired by A'"), ==, 0);
  assert_text (b, "accounts", x_uuid, "name", "X by B");
  g_assert_false (concord_workbook_can_undo (b));
}

/* A record they deleted and we left alone goes here too; one we changed
 * since is a choice, never dropped unasked. */
static void
test_deleted_there (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = new_workbook (fixture->dir, "b.concord");
  g_autofree char *start = export_text (a);
  g_autofree char *later = NULL;
  g_autofree char *gone = NULL, *kept = NULL, *sql = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  ConcordConflict *conflict;
  gint64 accounts, contacts;

  import_all (b, start, CONCORD_RESOLVE_THEIRS);
  accounts = concord_workbook_count (b, "accounts");
  kept = test_query_string (a, "SELECT uuid FROM accounts WHERE id IN (SELECT account_id FROM contacts) "
                                "ORDER BY uuid LIMIT 1");
  gone = test_query_string (a, "SELECT uuid FROM accounts WHERE id NOT IN (SELECT account_id FROM contacts "
                                "WHERE account_id IS NOT NULL) ORDER BY uuid LIMIT 1");
  g_assert_true (concord_workbook_delete (a, "accounts", concord_workbook_lookup_uuid (a, "accounts", gone), &error));
  g_assert_true (concord_workbook_delete (a, "accounts", concord_workbook_lookup_uuid (a, "accounts", kept), &error));
  set_text (b, "accounts", concord_workbook_lookup_uuid (b, "accounts", kept), "notes", "Still courting them");
  later = export_text (a);

  plan = concord_merge_plan_new_from_data (b, later, -1, "a.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_n_deleted (plan), ==, 1);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM contacts WHERE account_id = "
                         "(SELECT id FROM accounts WHERE uuid = '%s')", kept);
  contacts = test_query_int (b, sql);
  g_assert_cmpint (contacts, >, 0);
  conflict = g_ptr_array_index (concord_merge_plan_get_conflicts (plan), 0);
  g_assert_cmpstr (conflict->uuid, ==, kept);
  g_assert_cmpint (conflict->change, ==, CONCORD_CHANGE_DELETED_THERE);
  g_assert_cmpstr (conflict->kind, ==, "Account");

  concord_merge_plan_resolve (plan, 0, CONCORD_RESOLVE_MINE);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_lookup_uuid (b, "accounts", gone), ==, 0);
  g_assert_cmpint (concord_workbook_lookup_uuid (b, "accounts", kept), >, 0);
  g_assert_cmpint (concord_workbook_count (b, "accounts"), ==, accounts - 1);
  /* What belongs to the account we kept stays with it. */
  g_assert_cmpint (test_query_int (b, sql), ==, contacts);

  /* Kept here, it now goes back to them: our keeping is the newer. */
  {
    g_autofree char *back = export_text (b);
    g_autoptr(ConcordMergePlan) reverse = concord_merge_plan_new_from_data (a, back, -1, "b.json", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (concord_merge_plan_get_conflicts (reverse)->len, ==, 0);
    g_assert_true (concord_merge_plan_apply (reverse, &error));
    g_assert_cmpint (concord_workbook_lookup_uuid (a, "accounts", kept), >, 0);
    g_assert_cmpint (concord_workbook_lookup_uuid (a, "accounts", gone), ==, 0);
  }
}

static void
test_selection (WorkbookFixture *fixture,
                gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordSelection) selection = concord_selection_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) empty = new_workbook (fixture->dir, "part.concord");
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  JsonObject *tables;
  gint64 plan_id = first_id (workbook, "SELECT plan_id FROM plan_accounts GROUP BY plan_id LIMIT 1");
  gint64 kpis = 0;

  kpis = test_query_int (workbook, "SELECT count(*) FROM plan_kpis WHERE plan_id = "
                                   "(SELECT plan_id FROM plan_accounts GROUP BY plan_id LIMIT 1)");
  concord_selection_add (selection, "plans", plan_id);
  root = concord_exchange_export (workbook, selection, &error);
  g_assert_no_error (error);
  tables = json_object_get_object_member (json_node_get_object (root), "tables");

  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (tables, "plans")), ==, 1);
  g_assert_cmpint (json_object_get_size (json_object_get_object_member (tables, "plan_kpis")), ==, kpis);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (tables, "accounts")), >, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (tables, "people")), >, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (tables, "role_maps")), ==, 0);

  /* It stands on its own: it imports into an empty workbook. */
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  import_all (empty, text, CONCORD_RESOLVE_THEIRS);
  g_assert_cmpint (concord_workbook_count (empty, "plans"), ==, 1);
}

typedef struct
{
  const char *name;
  const char *document;
  const char *expect;   /* in the message */
} BadCase;

static const BadCase bad_cases[] = {
  { "malformed", "{\n  \"format\": \"concord-workbook\",\n  \"version\": 1,,\n}", "doc.json:3:" },
  { "not-object", "[1, 2, 3]", "should be a JSON object" },
  { "wrong-format", "{\"format\": \"spreadsheet\", \"version\": 1, \"tables\": {}}", "not a Concord workbook document" },
  { "newer-version", "{\"format\": \"concord-workbook\", \"version\": 7, \"tables\": {}}", "version 7" },
  { "version-type", "{\"format\": \"concord-workbook\", \"version\": \"one\", \"tables\": {}}", "whole number" },
  { "no-tables", "{\"format\": \"concord-workbook\", \"version\": 1}", "tables" },
  { "unknown-table", "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"deals\": {}}}", "no table “deals”" },
  { "bad-uuid", "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"people\": {\"42\": {}}}}", "not a UUID" },
  { "missing-required",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"people\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000001\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\"}}}}",
    "doc.json:2:43: the required field “name” is missing (at tables.people" },
  { "wrong-type",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"accounts\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000002\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Acme\", \"fit\": \"high\"}}}}", "“fit” should be a whole number" },
  { "unknown-field",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"people\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000003\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Ann\", \"shoe_size\": 9}}}}", "no field “shoe_size”" },
  { "dangling",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"people\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000004\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Ann\", "
    "\"team\": \"0d9e4c7a-9999-4a2b-8c3d-000000000009\"}}}}", "neither in the document nor in the workbook" },
  { "bad-time",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"people\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000005\": {\"created_at\": \"yesterday\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Ann\"}}}}", "UTC time" },
  /* The rules an edit in the app follows, said with the value's path. */
  { "rule-broken",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"accounts\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000006\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Acme\", \"fit\": 400}}}}",
    "ICP fit: must be between 0 and 100. (at tables.accounts[\"0d9e4c7a-1111-4a2b-8c3d-000000000006\"].fit)" },
  { "not-a-choice",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"accounts\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000007\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Acme\", \"tier\": \"gold\"}}}}",
    "Tier: “gold” is not one of 1:1 strategic, 1:few, 1:many. (at tables.accounts[\"0d9e4c7a-1111-4a2b-8c3d-000000000007\"].tier)" },
  { "not-a-date",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"plans\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000008\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"title\": \"Launch\", \"start_on\": \"soon\"}}}}",
    "“soon” is not a date (YYYY-MM-DD). (at tables.plans[\"0d9e4c7a-1111-4a2b-8c3d-000000000008\"].start_on)" },
  /* A rule across fields is the schema's, checked when the record is written. */
  { "record-rule-broken",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"plans\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000009\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"title\": \"Launch\", \"kind\": \"event\", "
    "\"status\": \"draft\", \"start_on\": \"2026-05-01\", \"end_on\": \"2026-04-01\"}}}}", "refused this record" },
};

static void
test_bad_input (WorkbookFixture *fixture,
                gconstpointer    data)
{
  g_autofree char *before = export_text (fixture->workbook);
  g_autofree char *huge = NULL;
  g_autofree char *oversized = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(ConcordMergePlan) plan = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %s", bad_cases[i].name);
      plan = concord_merge_plan_new_from_data (fixture->workbook, bad_cases[i].document, -1, "doc.json", &error);
      if (plan != NULL)
        {
          concord_merge_plan_resolve_all (plan, CONCORD_RESOLVE_THEIRS);
          g_assert_false (concord_merge_plan_apply (plan, &error));
        }
      g_assert_nonnull (error);
      g_test_message ("  %s", error->message);
      g_assert_nonnull (strstr (error->message, bad_cases[i].expect));
      g_assert_true (g_str_has_prefix (error->message, "doc.json"));
    }

  /* Oversized text and bytes that are not UTF-8. */
  huge = g_strnfill (CONCORD_EXCHANGE_MAX_TEXT + 10, 'x');
  oversized = g_strdup_printf ("{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"people\": {"
                               "\"0d9e4c7a-1111-4a2b-8c3d-000000000007\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
                               "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Ann\", \"notes\": \"%s\"}}}}",
                               huge);
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (concord_merge_plan_new_from_data (fixture->workbook, oversized, -1, "doc.json", &error));
    g_assert_nonnull (strstr (error->message, "longer than"));
    g_clear_error (&error);
    g_assert_null (concord_merge_plan_new_from_data (fixture->workbook, "{\"a\": \"\xff\xfe\"}", -1, "doc.json", &error));
    g_assert_nonnull (strstr (error->message, "UTF-8"));
  }

  /* Nothing changed, nothing to undo. */
  {
    g_autofree char *after = export_text (fixture->workbook);
    g_assert_cmpstr (before, ==, after);
  }
  g_assert_false (concord_workbook_can_undo (fixture->workbook));
}


/* A document's values are checked without a GVariant each, by the same
 * rules and in the same words as an edit's. */
static void
test_import_validates_as_edits (void)
{
  static const char *texts[] = { "", "   ", "x", "Acme", "2026-02-30", "2026-01-31", "sales", "strategic",
                                 "a@b", "no mail", "example.com", "bad domain", "2026-11-23T09:15:00.000Z" };
  static const gint64 integers[] = { G_MININT64, -1, 0, 1, 5, 100, 101, G_MAXINT64 };
  static const double numbers[] = { -0.5, 0.0, 0.5, 99.5, 100.5, 1e300 };
  const ConcordTable *tables;
  guint n_tables, n_checked = 0;

  tables = concord_tables (&n_tables);
  for (guint t = 0; t < n_tables; t++)
    for (guint c = 0; c < tables[t].n_columns; c++)
      {
        const ConcordColumn *column = &tables[t].columns[c];
        g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
        g_autoptr(GArray) scalars = g_array_new (FALSE, TRUE, sizeof (ConcordScalar));
        ConcordScalar scalar = { CONCORD_SCALAR_NULL, NULL, 0, 0.0 };

        g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_maybe (G_VARIANT_TYPE_STRING, NULL)));
        g_array_append_val (scalars, scalar);
        for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
          {
            ConcordScalar text = { CONCORD_SCALAR_TEXT, texts[i], 0, 0.0 };

            g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_string (texts[i])));
            g_array_append_val (scalars, text);
          }
        for (guint i = 0; i < column->n_choices; i++)
          {
            ConcordScalar text = { CONCORD_SCALAR_TEXT, column->choices[i].id, 0, 0.0 };

            g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_string (column->choices[i].id)));
            g_array_append_val (scalars, text);
          }
        for (guint i = 0; i < G_N_ELEMENTS (integers); i++)
          {
            ConcordScalar integer = { CONCORD_SCALAR_INT, NULL, integers[i], 0.0 };

            g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_int64 (integers[i])));
            g_array_append_val (scalars, integer);
          }
        for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
          {
            ConcordScalar number = { CONCORD_SCALAR_DOUBLE, NULL, 0, numbers[i] };

            g_ptr_array_add (values, g_variant_ref_sink (g_variant_new_double (numbers[i])));
            g_array_append_val (scalars, number);
          }

        for (guint i = 0; i < values->len; i++)
          {
            g_autoptr(GError) by_variant = NULL;
            g_autoptr(GError) by_scalar = NULL;
            gboolean ok = concord_table_validate_value (column, g_ptr_array_index (values, i), &by_variant);

            g_assert_cmpint (ok, ==, concord_table_validate_scalar (column, &g_array_index (scalars, ConcordScalar, i),
                                                                    &by_scalar));
            g_assert_cmpstr (by_variant ? by_variant->message : NULL, ==, by_scalar ? by_scalar->message : NULL);
            n_checked++;
          }
      }
  g_assert_cmpuint (n_checked, >, 1000);
}

/* The document as the exporter wrote it, with its tables in the reverse
 * order: every record that refers to another comes before it. */
static char *
children_first (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonObject) reversed = json_object_new ();
  g_autoptr(GList) names = NULL;
  JsonObject *root;
  JsonObject *tables;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  tables = json_object_get_object_member (root, "tables");
  names = g_list_reverse (json_object_get_members (tables));
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (reversed, l->data, json_node_copy (json_object_get_member (tables, l->data)));
  json_object_set_object_member (root, "tables", g_steal_pointer (&reversed));
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, json_parser_get_root (parser));

  return json_generator_to_data (generator, NULL);
}

/* Records are set aside as they are read; one that names a record the
 * document holds further on waits for it, and the import is the same. */
static void
test_import_forward_references (WorkbookFixture *fixture,
                                gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) empty = new_workbook (fixture->dir, "empty.concord");
  g_autofree char *first = export_text (fixture->workbook);
  g_autofree char *reversed = children_first (first);
  g_autofree char *second = NULL;
  g_autofree char *first_data = NULL, *second_data = NULL;

  g_assert_cmpint (concord_workbook_count (fixture->workbook, "contacts"), >, 0);
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "touches"), >, 0);
  g_assert_cmpstr (first, !=, reversed);

  import_all (empty, reversed, CONCORD_RESOLVE_THEIRS);
  second = export_text (empty);
  first_data = data_part (first);
  second_data = data_part (second);
  assert_same_text (first_data, second_data);
}


typedef struct
{
  const char *text;
  gsize       done;
  guint       pieces;
} Handed;

/* The text a few hundred bytes at a time, as a server would send it. */
static gboolean
next_piece (const char **data,
            gsize       *length,
            gpointer     user_data,
            GError     **error)
{
  Handed *pieces = user_data;

  *data = pieces->text + pieces->done;
  *length = MIN (strlen (*data), 333);
  pieces->done += *length;
  pieces->pieces++;
  return TRUE;
}

/* A document handed over in pieces imports as the whole text does; one
 * the reader refuses is said to be refused, for the caller to ask for
 * the words with the whole text. */
static void
test_import_pieces (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) empty = new_workbook (fixture->dir, "empty.concord");
  g_autofree char *first = export_text (fixture->workbook);
  g_autofree char *second = NULL;
  g_autofree char *first_data = NULL, *second_data = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  Handed pieces = { first, 0, 0 };
  gboolean refused = TRUE;

  plan = concord_merge_plan_new_from_pieces (empty, next_piece, &pieces, "doc.json", &refused, &error);
  g_assert_no_error (error);
  g_assert_false (refused);
  g_assert_nonnull (plan);
  g_assert_cmpuint (pieces.pieces, >, 10);
  concord_merge_plan_resolve_all (plan, CONCORD_RESOLVE_THEIRS);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);
  second = export_text (empty);
  first_data = data_part (first);
  second_data = data_part (second);
  assert_same_text (first_data, second_data);

  {
    static const char twice[] = "{\"format\": \"concord-workbook\", \"version\": 1, \"version\": 1}";
    g_autoptr(ConcordMergePlan) none = NULL;
    Handed bad = { twice, 0, 0 };

    none = concord_merge_plan_new_from_pieces (empty, next_piece, &bad, "doc.json", &refused, &error);
    g_assert_null (none);
    g_assert_no_error (error);
    g_assert_true (refused);
  }
}

/* A uuid written in capitals is looked for as it is written. */
static void
test_import_capital_uuids (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  static const char document[] =
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {"
    "\"teams\": {\"0D9E4C7A-1111-4A2B-8C3D-0000000000AA\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Capitals\", \"kind\": \"other\", \"position\": 9}},"
    "\"people\": {\"0d9e4c7a-1111-4a2b-8c3d-0000000000bb\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Ann Capital\", "
    "\"team\": \"0D9E4C7A-1111-4A2B-8C3D-0000000000AA\"}}}}";
  static const char dangling[] =
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {"
    "\"teams\": {\"0D9E4C7A-1111-4A2B-8C3D-0000000000CC\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Capitals too\", \"kind\": \"other\", \"position\": 9}},"
    "\"people\": {\"0d9e4c7a-1111-4a2b-8c3d-0000000000dd\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Ben Lower\", "
    "\"team\": \"0d9e4c7a-1111-4a2b-8c3d-0000000000cc\"}}}}";
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "target.concord");
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  import_all (target, document, CONCORD_RESOLVE_THEIRS);
  g_assert_cmpint (test_query_int (target, "SELECT count (*) FROM people p JOIN teams t ON t.id = p.team_id "
                                           "WHERE p.name = 'Ann Capital' AND t.name = 'Capitals'"), ==, 1);

  /* The same letters in lower case name another record. */
  plan = concord_merge_plan_new_from_data (target, dangling, -1, "doc.json", &error);
  g_assert_null (plan);
  g_assert_nonnull (strstr (error->message, "neither in the document nor in the workbook"));
}

/* Where the record with @uuid opens in @text: "LINE:COLUMN". */
static char *
record_place (const char *text,
              const char *uuid)
{
  g_autofree char *key = g_strdup_printf ("\"%s\" : {", uuid);
  const char *found = strstr (strstr (text, "\"tables\""), key);
  const char *brace;
  int line = 1;
  const char *line_start = text;

  g_assert_nonnull (found);
  brace = found + strlen (key) - 1;
  for (const char *p = text; p < brace; p++)
    if (*p == '\n')
      {
        line++;
        line_start = p + 1;
      }

  return g_strdup_printf ("%d:%d", line, (int) (brace - line_start) + 1);
}

/* A bad value after thousands of good records read in pieces is told
 * with the same line, column and path as in a short document; a uuid
 * twice in one table is refused with the guard's words, and nothing is
 * written. */
static void
test_import_streamed_refusals (WorkbookFixture *fixture,
                               gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "target.concord");
  g_autofree char *text = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *place = NULL;
  g_autofree char *expect = NULL;
  g_autofree char *duplicated = NULL;
  g_autoptr(GString) broken = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const char *record, *created;

  /* Enough records that the file is read in many pieces. */
  {
    g_autoptr(ConcordEdit) edit = concord_workbook_edit (fixture->workbook, "Add people", &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 3000; i++)
      {
        g_autoptr(ConcordFields) fields = concord_fields_new ();
        g_autofree char *name = g_strdup_printf ("Streamed %u", i);

        concord_fields_set_string (fields, "name", name);
        g_assert_cmpint (concord_workbook_insert (fixture->workbook, "people", fields, &error), >, 0);
        g_assert_no_error (error);
      }
    g_assert_true (concord_edit_commit (edit, &error));
    g_assert_no_error (error);
  }
  text = export_text (fixture->workbook);
  g_assert_cmpuint (strlen (text), >, 4 * 64 * 1024);

  /* The last of the people, far into the document. */
  uuid = test_query_string (fixture->workbook, "SELECT uuid FROM people ORDER BY uuid DESC LIMIT 1");
  place = record_place (text, uuid);
  broken = g_string_new (text);
  record = strstr (strstr (broken->str, "\"tables\""), uuid);
  created = strstr (record, "\"created_at\" : \"");
  g_string_insert (broken, created - broken->str + strlen ("\"created_at\" : \""), "not ");

  plan = concord_merge_plan_new_from_data (target, broken->str, -1, "doc.json", &error);
  g_assert_null (plan);
  expect = g_strdup_printf ("doc.json:%s: “created_at” should be a UTC time such as 2026-11-23T09:15:00.000Z "
                            "(at tables.people[\"%s\"].created_at)", place, uuid);
  g_assert_cmpstr (error->message, ==, expect);
  g_clear_error (&error);

  /* The same record twice in its table. */
  {
    const char *start = strstr (strstr (text, "\"tables\""), "\"people\" : {");
    const char *first_record = strchr (start + strlen ("\"people\" : {"), '"');
    const char *end = strstr (first_record, "\n      },\n") + strlen ("\n      },\n");
    g_autoptr(GString) twice = g_string_new (text);

    g_string_insert_len (twice, end - text, first_record, end - first_record);
    duplicated = g_string_free (g_steal_pointer (&twice), FALSE);
  }
  plan = concord_merge_plan_new_from_data (target, duplicated, -1, "doc.json", &error);
  g_assert_null (plan);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "appears twice in one object"));
  g_assert_true (g_str_has_prefix (error->message, "doc.json:"));

  g_assert_cmpint (concord_workbook_count (target, "people"), ==, 0);
  g_assert_false (concord_workbook_can_undo (target));
}

static void
test_cli (WorkbookFixture *fixture,
          gconstpointer    data)
{
  g_autofree char *doc = g_build_filename (fixture->dir, "a.json", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other.concord", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *written = NULL;

  workbook_fixture_close (fixture);

  cli_expect ((const char *[]) { "export-json", fixture->path, "-o", doc, NULL }, 0, &out, &err);
  g_assert_true (g_file_get_contents (doc, &written, NULL, NULL));

  /* Standard output gets the same bytes, streamed. */
  cli_expect ((const char *[]) { "export-json", fixture->path, NULL }, 0, &out, &err);
  g_assert_cmpstr (out, ==, written);

  cli_expect ((const char *[]) { "init", other, NULL }, 0, &out, &err);
  cli_expect ((const char *[]) { "import-json", other, doc, NULL }, 0, &out, &err);
  g_assert_nonnull (strstr (out, "added"));

  /* A bad document: exit 1 with the place named. */
  g_assert_true (g_file_set_contents (doc, "{\n\"format\": 12\n}", -1, NULL));
  cli_expect ((const char *[]) { "import-json", other, doc, NULL }, 1, &out, &err);
  g_assert_nonnull (strstr (err, "a.json"));

  cli_expect ((const char *[]) { "import-json", other, NULL }, 2, &out, &err);
  cli_expect ((const char *[]) { "import-json", other, doc, "--conflicts", "maybe", NULL }, 2, &out, &err);
}

/* Issue scenarios ------------------------------------------------------------ */

static ConcordMergePlan *
plan_for (ConcordWorkbook *workbook,
          const char      *text)
{
  g_autoptr(GError) error = NULL;
  ConcordMergePlan *plan = concord_merge_plan_new_from_data (workbook, text, -1, "doc.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);

  return plan;
}

static gint64
id_of (ConcordWorkbook *workbook,
       const char      *table,
       const char      *uuid)
{
  gint64 id = concord_workbook_lookup_uuid (workbook, table, uuid);

  g_assert_cmpint (id, >, 0);

  return id;
}

/* Two workbooks holding the same, as after one imported the other. */
static ConcordWorkbook *
twin (WorkbookFixture *fixture,
      const char      *name)
{
  g_autofree char *start = export_text (fixture->workbook);
  ConcordWorkbook *other = new_workbook (fixture->dir, name);

  import_all (other, start, CONCORD_RESOLVE_THEIRS);
  concord_workbook_clear_history (other);

  return other;
}

static char *
mql_uuid (ConcordWorkbook *workbook)
{
  return test_query_string (workbook, "SELECT uuid FROM glossary_terms WHERE term = 'MQL'");
}

static void
set_number (ConcordWorkbook *workbook,
            const char      *table,
            gint64           id,
            const char      *column,
            double           value)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_double (fields, column, value);
  g_assert_true (concord_workbook_update (workbook, table, id, fields, &error));
  g_assert_no_error (error);
}

/* A conflict shows values as their columns' kinds say: a KPI's actual
 * value is a number, a budget line's is money, even when a script wrote
 * the number without a decimal point. */
static void
test_conflict_values_by_kind (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = twin (fixture, "b.concord");
  g_autofree char *kpi = test_query_string (a, "SELECT uuid FROM plan_kpis ORDER BY id LIMIT 1");
  g_autofree char *exported = NULL;
  g_autoptr(GString) from_b = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  ConcordConflict *conflict;

  set_number (a, "plan_kpis", id_of (a, "plan_kpis", kpi), "actual", 1250);
  set_number (b, "plan_kpis", id_of (b, "plan_kpis", kpi), "actual", 1300);
  exported = export_text (b);
  from_b = g_string_new (exported);
  g_assert_cmpuint (g_string_replace (from_b, "\"actual\" : 1300.0", "\"actual\" : 1300", 0), ==, 1);

  plan = plan_for (a, from_b->str);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 1);
  conflict = g_ptr_array_index (concord_merge_plan_get_conflicts (plan), 0);
  g_assert_cmpstr (conflict->kind, ==, "Plan KPI");
  g_assert_cmpstr (conflict->field_label, ==, "Actual");
  g_assert_cmpstr (conflict->mine, ==, "1250");
  g_assert_cmpstr (conflict->theirs, ==, "1300");
}

/* Both change one field; the one who merges had exported first. That is
 * still both changing it: a conflict, never "kept as they are here". */
static void
test_both_changed_after_export (WorkbookFixture *fixture,
                                gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = twin (fixture, "b.concord");
  g_autofree char *uuid = mql_uuid (a);
  g_autofree char *from_a = NULL, *from_b = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  ConcordConflict *conflict;

  set_text (a, "glossary_terms", id_of (a, "glossary_terms", uuid), "definition", "Scored 60 or more");
  from_a = export_text (a);
  set_text (b, "glossary_terms", id_of (b, "glossary_terms", uuid), "definition", "Asked for a demo");
  from_b = export_text (b);

  plan = plan_for (a, from_b);
  g_assert_cmpuint (concord_merge_plan_get_n_kept (plan), ==, 0);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 1);
  conflict = g_ptr_array_index (concord_merge_plan_get_conflicts (plan), 0);
  g_assert_cmpstr (conflict->kind, ==, "Glossary term");
  g_assert_cmpstr (conflict->label, ==, "MQL");
  g_assert_cmpstr (conflict->field_label, ==, "Definition");
  g_assert_cmpstr (conflict->mine, ==, "Scored 60 or more");
  g_assert_cmpstr (conflict->theirs, ==, "Asked for a demo");
  g_assert_nonnull (conflict->mine_by);
  g_assert_nonnull (conflict->theirs_by);

  /* And the same the other way round. */
  {
    g_autoptr(ConcordMergePlan) reverse = plan_for (b, from_a);

    g_assert_cmpuint (concord_merge_plan_get_n_kept (reverse), ==, 0);
    g_assert_cmpuint (concord_merge_plan_get_conflicts (reverse)->len, ==, 1);
  }
}

/* They met at v1; A edits and sends v2; B had edited on top of v1. B's
 * edit survives the merge of v2, or is a conflict when it is the same
 * field: never overwritten unasked. */
static void
test_edit_after_meeting (WorkbookFixture *fixture,
                         gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = twin (fixture, "b.concord");
  g_autofree char *uuid = test_query_string (a, "SELECT uuid FROM accounts WHERE name = 'Brightwater Foods'");
  g_autofree char *v2 = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  set_text (a, "accounts", id_of (a, "accounts", uuid), "industry", "Frozen food");
  v2 = export_text (a);
  set_text (b, "accounts", id_of (b, "accounts", uuid), "notes", "Met their CFO");

  plan = plan_for (b, v2);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
  g_assert_cmpuint (concord_merge_plan_get_n_updated (plan), ==, 1);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);

  assert_text (b, "accounts", uuid, "notes", "Met their CFO");
  assert_text (b, "accounts", uuid, "industry", "Frozen food");

  /* A then takes B's note, and keeps nothing it should not. */
  {
    g_autofree char *back = export_text (b);
    g_autoptr(ConcordMergePlan) reverse = plan_for (a, back);

    g_assert_cmpuint (concord_merge_plan_get_conflicts (reverse)->len, ==, 0);
    g_assert_cmpuint (concord_merge_plan_get_n_kept (reverse), ==, 0);
    g_assert_true (concord_merge_plan_apply (reverse, &error));
    assert_text (a, "accounts", uuid, "notes", "Met their CFO");
  }
}

/* A colleague gets a copy of the file. The copy is a sibling: it names
 * itself anew, and one side's edits merge into the other as updates. */
static void
test_copies_are_siblings (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.concord", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (fixture->path);
  g_autoptr(GFile) to = g_file_new_for_path (copy_path);
  g_autoptr(ConcordWorkbook) original = NULL;
  g_autoptr(ConcordWorkbook) copy = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL, *text = NULL;
  g_autofree char *original_id = NULL, *copy_id = NULL;

  workbook_fixture_close (fixture);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  original = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  copy = concord_workbook_open (copy_path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  original_id = concord_workbook_dup_meta (original, "sync.replica");
  copy_id = concord_workbook_dup_meta (copy, "sync.replica");
  g_assert_nonnull (original_id);
  g_assert_cmpstr (original_id, !=, copy_id);

  uuid = mql_uuid (original);
  set_text (original, "glossary_terms", id_of (original, "glossary_terms", uuid), "definition", "Scored 60");
  text = export_text (original);

  plan = plan_for (copy, text);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
  g_assert_cmpuint (concord_merge_plan_get_n_updated (plan), ==, 1);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  assert_text (copy, "glossary_terms", uuid, "definition", "Scored 60");

  /* The copy's own edits go back the same way. */
  set_text (copy, "glossary_terms", id_of (copy, "glossary_terms", uuid), "term", "MQL (marketing)");
  g_clear_pointer (&text, g_free);
  text = export_text (copy);
  g_clear_pointer (&plan, concord_merge_plan_free);
  plan = plan_for (original, text);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
  g_assert_cmpuint (concord_merge_plan_get_n_updated (plan), ==, 1);
}

static char *
plan_outline (ConcordMergePlan *plan)
{
  GString *outline = g_string_new (NULL);
  g_autofree char *summary = concord_merge_plan_summary (plan);
  GPtrArray *conflicts = concord_merge_plan_get_conflicts (plan);

  g_string_append (outline, summary);
  for (guint i = 0; i < conflicts->len; i++)
    {
      g_autofree char *line = concord_conflict_describe (g_ptr_array_index (conflicts, i));

      g_string_append_printf (outline, "\n%s", line);
    }

  return g_string_free (outline, FALSE);
}

/* A document imported into a new workbook: its tables were empty, so
 * their records went in bulk, outside the undo changeset. Undo gives back
 * the new workbook, redo the document, and neither overwrites another
 * writer's change to an imported record. */
static void
test_import_new_undo (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "new.concord", NULL);
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "new.concord");
  g_autoptr(ConcordWorkbook) other = NULL;
  g_autofree char *text = export_text (fixture->workbook);
  g_autofree char *text_data = data_part (text);
  g_autofree char *before = export_text (target);
  g_autofree char *account = test_query_string (fixture->workbook,
                                                "SELECT uuid FROM accounts ORDER BY id LIMIT 1");
  g_autoptr(GError) error = NULL;
  gint64 n_accounts = concord_workbook_count (fixture->workbook, "accounts");
  gint64 id;

  g_assert_cmpint (n_accounts, >, 1);
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "touches"), >, 0);
  import_all (target, text, CONCORD_RESOLVE_THEIRS);
  {
    g_autofree char *after = export_text (target);
    g_autofree char *after_data = data_part (after);

    assert_same_text (text_data, after_data);
  }
  /* The step keeps the rows it wrote in TEMP tables, not in a changeset. */
  g_assert_cmpint (test_query_int (target, "SELECT count (*) FROM temp.sqlite_schema "
                                           "WHERE name LIKE 'concord_undo_%' AND type = 'table'"), >, 0);

  g_assert_true (concord_workbook_undo (target, &error));
  g_assert_no_error (error);
  {
    g_autofree char *undone = export_text (target);

    assert_same_text (before, undone);
  }
  g_assert_cmpint (concord_workbook_count (target, "accounts"), ==, 0);
  g_assert_cmpint (concord_workbook_count (target, "touches"), ==, 0);
  g_assert_cmpint (test_query_int (target, "SELECT count (*) FROM accounts_fts"), ==, 0);

  g_assert_true (concord_workbook_redo (target, &error));
  g_assert_no_error (error);
  {
    g_autofree char *redone = export_text (target);
    g_autofree char *redone_data = data_part (redone);

    assert_same_text (text_data, redone_data);
  }
  g_assert_cmpint (concord_workbook_count (target, "accounts"), ==, n_accounts);
  g_assert_cmpint (test_query_int (target, "SELECT count (*) FROM accounts_fts"), ==, n_accounts);

  /* Another writer renames an imported account: undo refuses, naming it. */
  other = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  id = concord_workbook_lookup_uuid (other, "accounts", account);
  g_assert_cmpint (id, >, 0);
  set_text (other, "accounts", id, "name", "Renamed Elsewhere");
  g_assert_false (concord_workbook_undo (target, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_CHANGED_OUTSIDE);
  g_assert_nonnull (strstr (error->message, "The account “Renamed Elsewhere” was changed outside this window."));
  g_clear_error (&error);
  g_assert_cmpint (concord_workbook_count (target, "accounts"), ==, n_accounts);
  g_assert_true (concord_workbook_can_undo (target));

  /* The sqlite3 shell, which stamps nothing, is noticed too. */
  g_assert_cmpint (sqlite3_exec (concord_workbook_get_db (other),
                                 "UPDATE accounts SET name = 'Shell Name' WHERE name = 'Renamed Elsewhere'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (concord_workbook_undo (target, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_CHANGED_OUTSIDE);
  g_assert_nonnull (strstr (error->message, "“Shell Name”"));
  g_clear_error (&error);
}

typedef struct
{
  GPtrArray *lookups; /* "SELECT id FROM main.TABLE WHERE uuid" of the empty tables */
  guint      n;
  guint      clears;  /* statements taking field dots off records without their own */
} ParentLookups;

/* Counts the statements that look a record of an empty table up by its
 * uuid. */
static int
count_parent_lookups (unsigned int  type,
                      void         *user_data,
                      void         *statement,
                      void         *sql)
{
  ParentLookups *counted = user_data;

  for (guint i = 0; type == SQLITE_TRACE_STMT && i < counted->lookups->len; i++)
    if (g_str_has_prefix (sql, g_ptr_array_index (counted->lookups, i)))
      counted->n++;
  if (type == SQLITE_TRACE_STMT && g_str_has_prefix (sql, "DELETE FROM sync_versions WHERE tbl = ?1 AND field <> ''"))
    counted->clears++;

  return 0;
}

static void
trace_parent_lookups (ConcordWorkbook *workbook,
                      ParentLookups   *counted)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  counted->lookups = g_ptr_array_new_with_free_func (g_free);
  counted->n = 0;
  counted->clears = 0;
  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook),
                                       "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                       "AND name NOT LIKE '%fts%'", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (concord_workbook_count (workbook, name) == 0)
        g_ptr_array_add (counted->lookups, g_strdup_printf ("SELECT id FROM main.%s WHERE uuid = ", name));
    }
  g_assert_cmpuint (counted->lookups->len, >, 0);
  sqlite3_trace_v2 (concord_workbook_get_db (workbook), SQLITE_TRACE_STMT, count_parent_lookups, counted);
}

static const char versions_rows[] =
  "SELECT group_concat (tbl || ' ' || uuid || ' ' || field || ' ' || replica || ':' || counter || ' ' || deleted, "
  "char (10)) FROM (SELECT * FROM sync_versions ORDER BY tbl, uuid, field)";

/* A new workbook has nothing to merge with, so its tables take the
 * document's records without a plan for each: the records and versions
 * must be exactly those the planned way writes. A tombstone of a record
 * that exists nowhere makes each table one with versions, so the same
 * document goes the planned way there. */
static void
test_import_new_as_planned (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  static const char mark[] =
    "INSERT INTO sync_versions (tbl, uuid, field, replica, counter, deleted) "
    "SELECT name, '00000000-0000-4000-8000-0000000000aa', '', '00000000-0000-4000-8000-000000000000', 1, 1 "
    "FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'";
  static const char unmark[] = "DELETE FROM sync_versions WHERE uuid = '00000000-0000-4000-8000-0000000000aa'";
  g_autoptr(ConcordWorkbook) fresh = new_workbook (fixture->dir, "fresh.concord");
  g_autoptr(ConcordWorkbook) planned = new_workbook (fixture->dir, "planned.concord");
  g_autofree char *text = export_text (fixture->workbook);
  g_autofree char *fresh_text = NULL, *planned_text = NULL;
  g_autofree char *fresh_data = NULL, *planned_data = NULL;
  g_autofree char *fresh_versions = NULL, *planned_versions = NULL;

  ParentLookups lookups;

  g_assert_cmpint (sqlite3_exec (concord_workbook_get_db (planned), mark, NULL, NULL, NULL), ==, SQLITE_OK);
  /* A parent the import added is found without searching the file. */
  trace_parent_lookups (fresh, &lookups);
  import_all (fresh, text, CONCORD_RESOLVE_THEIRS);
  sqlite3_trace_v2 (concord_workbook_get_db (fresh), 0, NULL, NULL);
  g_assert_cmpuint (lookups.n, ==, 0);
  g_ptr_array_unref (lookups.lookups);
  /* Every record came with its dot: none is searched for field dots to
   * take off. */
  g_assert_cmpuint (lookups.clears, ==, 0);
  import_all (planned, text, CONCORD_RESOLVE_THEIRS);
  g_assert_cmpint (sqlite3_exec (concord_workbook_get_db (planned), unmark, NULL, NULL, NULL), ==, SQLITE_OK);

  fresh_text = export_text (fresh);
  planned_text = export_text (planned);
  fresh_data = data_part (fresh_text);
  planned_data = data_part (planned_text);
  assert_same_text (planned_data, fresh_data);

  /* Their dots, and the new workbook's own for what came without one. */
  fresh_versions = test_query_string (fresh, versions_rows);
  planned_versions = test_query_string (planned, versions_rows);
  assert_same_text (planned_versions, fresh_versions);
  g_assert_cmpint (concord_workbook_count (fresh, "touches"), >, 0);
  g_assert_cmpint (test_query_int (fresh, "SELECT count (*) FROM accounts_fts"), ==,
                   concord_workbook_count (fixture->workbook, "accounts"));
}

typedef struct
{
  guint accounts;
  guint versions;
  guint contact_marks; /* firings of the trigger that marks a contact's account */
  guint undotted_searches; /* searches for accounts added without a dot of their own */
} BulkInserts;

static int
count_bulk_inserts (unsigned int  type,
                    void         *user_data,
                    void         *stmt,
                    void         *text)
{
  BulkInserts *n = user_data;

  if (type == SQLITE_TRACE_STMT && g_str_has_prefix (text, "INSERT INTO main.accounts "))
    n->accounts++;
  if (type == SQLITE_TRACE_STMT && g_str_has_prefix (text, "INSERT INTO sync_versions "))
    n->versions++;
  if (type == SQLITE_TRACE_STMT && g_str_equal (text, "-- TRIGGER concord_dirty_ci"))
    n->contact_marks++;
  if (type == SQLITE_TRACE_STMT && g_str_has_prefix (text, "INSERT INTO temp.concord_no_dot SELECT t.uuid FROM main.accounts "))
    n->undotted_searches++;

  return 0;
}

/* Contacts added in bulk to accounts that were there already mark each
 * account for the search index once, in one statement, not by a trigger
 * per contact: the index then finds every account by its contacts. */
static void
test_import_contacts_search (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  static const char stale[] =
    "SELECT count (*) FROM accounts a JOIN accounts_fts f ON f.rowid = a.id WHERE "
    "ifnull (f.contacts, '') <> ifnull ((SELECT group_concat (c.name || ' ' || ifnull (c.title, ''), ' ') "
    "FROM contacts c WHERE c.account_id = a.id), '')";
  sqlite3 *db = concord_workbook_get_db (fixture->workbook);
  g_autofree char *text = export_text (fixture->workbook);
  gint64 n_contacts = concord_workbook_count (fixture->workbook, "contacts");
  BulkInserts marks = { 0, };

  g_assert_cmpint (n_contacts, >, 1);
  /* The contacts gone without a trace, as if the file never had them. */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM contacts; DELETE FROM sync_versions WHERE tbl = 'contacts'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count (*) FROM accounts_fts WHERE contacts <> ''"), ==, 0);

  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, count_bulk_inserts, &marks);
  import_all (fixture->workbook, text, CONCORD_RESOLVE_THEIRS);
  sqlite3_trace_v2 (db, 0, NULL, NULL);

  g_assert_cmpint (concord_workbook_count (fixture->workbook, "contacts"), ==, n_contacts);
  g_assert_cmpuint (marks.contact_marks, ==, 0);
  g_assert_cmpint (test_query_int (fixture->workbook, stale), ==, 0);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count (*) FROM accounts_fts WHERE contacts <> ''"), >, 0);
}

/* @n accounts more, in one edit, each linked to the plan @plan_id
 * unless it is 0. */
static void
add_accounts (ConcordWorkbook *workbook,
              guint            n,
              gint64           plan_id)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(GError) error = NULL;

  edit = concord_workbook_edit (workbook, "Many", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Account %04u", i);
      g_autoptr(ConcordFields) fields = concord_fields_new ();
      gint64 id = test_add_account (workbook, name);

      if (plan_id == 0)
        continue;
      concord_fields_set_int (fields, "plan_id", plan_id);
      concord_fields_set_int (fields, "account_id", id);
      concord_workbook_insert (workbook, "plan_accounts", fields, &error);
      g_assert_no_error (error);
    }
  g_assert_true (concord_edit_commit (edit, &error));
  g_assert_no_error (error);
}


/* Thousands of records into a table that was empty go in a few
 * statements of many rows, not one statement each, and so do their
 * versions; its plain indexes
 * are built once after them, and the file ends with the schema's own,
 * so it opens again as any workbook does. */
static void
test_import_new_many (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  static const char indexes[] =
    "SELECT group_concat (name || ': ' || sql, char (10)) FROM "
    "(SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)";
  g_autofree char *path = g_build_filename (fixture->dir, "many.concord", NULL);
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "many.concord");
  g_autofree char *text = NULL, *text_data = NULL, *after = NULL, *after_data = NULL;
  g_autofree char *before_indexes = test_query_string (target, indexes);
  g_autofree char *after_indexes = NULL;
  g_autoptr(GError) error = NULL;
  BulkInserts inserts = { 0, };

  add_accounts (fixture->workbook, 3000, 0);
  text = export_text (fixture->workbook);
  text_data = data_part (text);
  sqlite3_trace_v2 (concord_workbook_get_db (target), SQLITE_TRACE_STMT, count_bulk_inserts, &inserts);
  import_all (target, text, CONCORD_RESOLVE_THEIRS);
  sqlite3_trace_v2 (concord_workbook_get_db (target), 0, NULL, NULL);
  g_assert_cmpint (concord_workbook_count (target, "accounts"), ==,
                   concord_workbook_count (fixture->workbook, "accounts"));
  g_test_message ("%u statements inserted the accounts, %u their versions", inserts.accounts, inserts.versions);
  g_assert_cmpuint (inserts.accounts, >, 0);
  g_assert_cmpuint (inserts.accounts, <, 100);
  /* Their dots go in many to a statement too. */
  g_assert_cmpuint (inserts.versions, >, 0);
  g_assert_cmpuint (inserts.versions, <, 200);
  after_indexes = test_query_string (target, indexes);
  assert_same_text (before_indexes, after_indexes);
  g_clear_object (&target);

  target = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  after = export_text (target);
  after_data = data_part (after);
  assert_same_text (text_data, after_data);
}

/* Statement journals ------------------------------------------------------ */

/* A VFS over the default one that counts the bytes written to statement
 * journals; main() makes every statement journal a file from its first
 * byte, so none is hidden in memory. */
typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
} CountedFile;

static guint64 subjournal_bytes;
/* Of them, written while a statement adding versions ran. */
static guint64 subjournal_versions_bytes;
static gboolean running_versions;

static int
counted_close (sqlite3_file *file)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods != NULL ? real->pMethods->xClose (real) : SQLITE_OK;
}

static int
counted_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xRead (real, buffer, amount, offset);
}

static int
counted_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  subjournal_bytes += (guint64) amount;
  if (running_versions)
    subjournal_versions_bytes += (guint64) amount;
  return real->pMethods->xWrite (real, buffer, amount, offset);
}

static int
counted_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xTruncate (real, size);
}

static int
counted_sync (sqlite3_file *file, int flags)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xSync (real, flags);
}

static int
counted_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xFileSize (real, size);
}

static int
counted_lock (sqlite3_file *file, int lock)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xLock (real, lock);
}

static int
counted_unlock (sqlite3_file *file, int lock)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xUnlock (real, lock);
}

static int
counted_check_reserved (sqlite3_file *file, int *reserved)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xCheckReservedLock (real, reserved);
}

static int
counted_file_control (sqlite3_file *file, int op, void *arg)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xFileControl (real, op, arg);
}

static int
counted_sector_size (sqlite3_file *file)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xSectorSize (real);
}

static int
counted_device (sqlite3_file *file)
{
  sqlite3_file *real = ((CountedFile *) file)->real;

  return real->pMethods->xDeviceCharacteristics (real);
}

static const sqlite3_io_methods counted_methods = {
  1, counted_close, counted_read, counted_write, counted_truncate, counted_sync, counted_file_size,
  counted_lock, counted_unlock, counted_check_reserved, counted_file_control, counted_sector_size,
  counted_device,
};

static sqlite3_vfs counting_vfs;

/* Statement journals are wrapped; every other file is the real VFS's own. */
static int
counted_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  sqlite3_vfs *real_vfs = vfs->pAppData;
  CountedFile *counted = (CountedFile *) file;
  int rc;

  if (!(flags & SQLITE_OPEN_SUBJOURNAL))
    return real_vfs->xOpen (real_vfs, name, file, flags, out_flags);

  counted->real = (sqlite3_file *) (counted + 1);
  counted->real->pMethods = NULL;
  rc = real_vfs->xOpen (real_vfs, name, counted->real, flags, out_flags);
  counted->base.pMethods = rc == SQLITE_OK ? &counted_methods : NULL;

  return rc;
}

static void
count_statement_journals (void)
{
  sqlite3_vfs *real_vfs;

  /* Before SQLite starts: a statement journal is a file at once. */
  g_assert_cmpint (sqlite3_config (SQLITE_CONFIG_STMTJRNL_SPILL, 0), ==, SQLITE_OK);
  real_vfs = sqlite3_vfs_find (NULL);
  counting_vfs = *real_vfs;
  counting_vfs.zName = "concord-test-counting";
  counting_vfs.szOsFile = (int) sizeof (CountedFile) + real_vfs->szOsFile;
  counting_vfs.pAppData = real_vfs;
  counting_vfs.xOpen = counted_open;
  g_assert_cmpint (sqlite3_vfs_register (&counting_vfs, 1), ==, SQLITE_OK);
}

/* Notes whether the statement starting writes versions. */
static int
note_versions_statement (unsigned int  type,
                         void         *data,
                         void         *statement,
                         void         *text)
{
  const char *sql = text;

  /* Triggers' statements ("-- …") run inside the statement that fired them. */
  if (!g_str_has_prefix (sql, "--"))
    running_versions = strstr (sql, "INTO sync_versions") != NULL;

  return 0;
}

/* The versions of records added to a table that had none go in without
 * an upsert: no statement of them can stop half-way with rows to take
 * back, so none keeps a statement journal of the pages it changes. */
static void
test_import_new_no_statement_journal (WorkbookFixture *fixture,
                                      gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "target.concord");
  g_autofree char *text = NULL;

  add_accounts (fixture->workbook, 5000, 0);
  text = export_text (fixture->workbook);
  subjournal_bytes = subjournal_versions_bytes = 0;
  sqlite3_trace_v2 (concord_workbook_get_db (target), SQLITE_TRACE_STMT, note_versions_statement, NULL);
  import_all (target, text, CONCORD_RESOLVE_THEIRS);
  sqlite3_trace_v2 (concord_workbook_get_db (target), 0, NULL, NULL);
  running_versions = FALSE;
  g_test_message ("%" G_GUINT64_FORMAT " bytes of statement journals, %" G_GUINT64_FORMAT " for versions",
                  subjournal_bytes, subjournal_versions_bytes);

  g_assert_cmpint (concord_workbook_count (target, "accounts"), ==, 5000);
  g_assert_cmpint (test_query_int (target, "SELECT count (*) FROM sync_versions WHERE tbl = 'accounts' AND field = ''"), ==, 5000);
  /* Seen working: the accounts' own rows keep one. */
  g_assert_cmpuint (subjournal_bytes, >, 0);
  g_assert_cmpuint (subjournal_versions_bytes, ==, 0);
}

/* Records another program added and deleted, in a table that had none
 * when the import was planned: the plan no longer holds (their deletions
 * would meet the document's records), so nothing is imported, with words
 * that say why, and the other program's deletions stay. The same when it
 * only added records. */
static void
test_import_new_stale_plan (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "target.concord", NULL);
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "target.concord");
  g_autoptr(ConcordWorkbook) other = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gint64 id;

  add_accounts (fixture->workbook, 200, 0);
  text = export_text (fixture->workbook);
  plan = concord_merge_plan_new_from_data (target, text, -1, "doc.json", &error);
  g_assert_no_error (error);

  other = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  import_all (other, text, CONCORD_RESOLVE_THEIRS);
  g_assert_cmpint (concord_workbook_count (other, "accounts"), ==, 200);
  while ((id = test_query_int (other, "SELECT ifnull (min (id), 0) FROM accounts")) != 0)
    {
      g_assert_true (concord_workbook_delete (other, "accounts", id, &error));
      g_assert_no_error (error);
    }
  before = export_text (target);

  g_assert_false (concord_merge_plan_apply (plan, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_CHANGED_OUTSIDE);
  g_assert_nonnull (strstr (error->message, "Account records changed in the workbook while the import waited."));
  g_assert_nonnull (strstr (error->message, "import “doc.json” again"));
  after = export_text (target);
  assert_same_text (before, after);
  g_assert_cmpint (concord_workbook_count (target, "accounts"), ==, 0);
  g_assert_cmpint (test_query_int (target, "SELECT count (*) FROM sync_versions WHERE tbl = 'accounts' AND deleted = 1"), ==, 200);
}

/* Work whose history starts after it (a clone), or an import nobody can
 * undo (the command line's; @data set), keeps no undo step, and sets
 * nothing aside for one: the records go in all the same. */
static void
test_import_new_no_history (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "target.concord");
  g_autofree char *text = export_text (fixture->workbook);
  g_autofree char *text_data = data_part (text);
  g_autofree char *after = NULL, *after_data = NULL;

  if (data != NULL)
    {
      g_autoptr(ConcordMergePlan) plan = NULL;
      g_autoptr(GError) error = NULL;

      plan = concord_merge_plan_new_from_data (target, text, -1, "doc.json", &error);
      g_assert_no_error (error);
      concord_merge_plan_set_undoable (plan, FALSE);
      g_assert_true (concord_merge_plan_apply (plan, &error));
      g_assert_no_error (error);
    }
  else
    {
      concord_workbook_set_keeps_history (target, FALSE);
      import_all (target, text, CONCORD_RESOLVE_THEIRS);
      concord_workbook_set_keeps_history (target, TRUE);
    }
  g_assert_false (concord_workbook_can_undo (target));
  g_assert_cmpint (test_query_int (target, "SELECT count (*) FROM temp.sqlite_schema "
                                           "WHERE name LIKE 'concord_undo_%' AND type = 'table'"), ==, 0);
  after = export_text (target);
  after_data = data_part (after);
  assert_same_text (text_data, after_data);

  /* The next edit is undoable again. */
  test_add_account (target, "Afterwards");
  g_assert_true (concord_workbook_can_undo (target));
}

/* Accounts added to a fresh table, each with its own dot from the
 * document, are not searched again for one without; when one comes
 * without, the search finds it and the import gives it a dot. */
static void
test_import_new_dotted (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  static const char dotted[] =
    "SELECT count (*) FROM accounts a JOIN sync_versions v ON v.tbl = 'accounts' AND v.uuid = a.uuid "
    "AND v.field = '' AND v.deleted = 0";
  gboolean one_without = data != NULL;
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "target.concord");
  g_autofree char *text = NULL;
  BulkInserts inserts = { 0, };

  add_accounts (fixture->workbook, 2500, 0);
  if (one_without)
    g_assert_cmpint (sqlite3_exec (concord_workbook_get_db (fixture->workbook),
                                   "DELETE FROM sync_versions WHERE tbl = 'accounts' AND field = '' AND "
                                   "uuid = (SELECT uuid FROM accounts ORDER BY id LIMIT 1)",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
  text = export_text (fixture->workbook);
  sqlite3_trace_v2 (concord_workbook_get_db (target), SQLITE_TRACE_STMT, count_bulk_inserts, &inserts);
  import_all (target, text, CONCORD_RESOLVE_THEIRS);
  sqlite3_trace_v2 (concord_workbook_get_db (target), 0, NULL, NULL);

  g_assert_cmpint (concord_workbook_count (target, "accounts"), ==, 2500);
  g_assert_cmpuint (inserts.undotted_searches, ==, (one_without ? 1 : 0));
  g_assert_cmpint (test_query_int (target, dotted), ==, 2500);
}

/* A record whose required parent stays deleted here is not added, and
 * none of its dots is kept, in a table that was empty as well. */
static void
test_import_new_parent_kept_deleted (WorkbookFixture *fixture,
                                     gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "target.concord");
  g_autofree char *text = NULL;
  g_autofree char *account = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* The target has the account and deleted it; the document changed it. */
  text = export_text (fixture->workbook);
  import_all (target, text, CONCORD_RESOLVE_THEIRS);
  g_clear_pointer (&text, g_free);
  contact = test_query_string (fixture->workbook, "SELECT c.uuid FROM contacts c ORDER BY c.id LIMIT 1");
  sql = g_strdup_printf ("SELECT a.uuid FROM accounts a JOIN contacts c ON c.account_id = a.id WHERE c.uuid = '%s'",
                         contact);
  account = test_query_string (fixture->workbook, sql);
  g_assert_cmpint (sqlite3_exec (concord_workbook_get_db (target), "DELETE FROM touches; DELETE FROM contacts;"
                                 "DELETE FROM sync_versions WHERE tbl IN ('contacts', 'touches')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  id = concord_workbook_lookup_uuid (target, "accounts", account);
  g_assert_true (concord_workbook_delete (target, "accounts", id, &error));
  g_assert_no_error (error);
  set_text (fixture->workbook, "accounts", concord_workbook_lookup_uuid (fixture->workbook, "accounts", account),
            "notes", "Changed there");
  text = export_text (fixture->workbook);

  import_all (target, text, CONCORD_RESOLVE_MINE);
  g_assert_cmpint (concord_workbook_lookup_uuid (target, "accounts", account), ==, 0);
  g_assert_cmpint (concord_workbook_lookup_uuid (target, "contacts", contact), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM sync_versions WHERE tbl = 'contacts' AND uuid = '%s'", contact);
  g_assert_cmpint (test_query_int (target, sql), ==, 0);
  g_assert_cmpint (concord_workbook_count (target, "contacts"), >, 0);
}

/* @text with a copy of record @n (from 0) of @table after it, under
 * @uuid (NULL: the same uuid). */
static char *
with_record_copied_at (const char *text,
                       const char *table,
                       guint       n,
                       const char *uuid)
{
  static const char close[] = "\n      },\n";
  g_autofree char *key = g_strdup_printf ("\"%s\" : {", table);
  const char *start = strstr (strstr (text, "\"tables\""), key);
  const char *first = strchr (start + strlen (key), '"');
  const char *end = strstr (first, close);
  GString *copied;

  for (guint i = 0; i < n; i++)
    {
      first = strchr (end + strlen (close), '"');
      end = strstr (first, close);
    }
  g_assert_nonnull (end);
  copied = g_string_new_len (text, end + strlen (close) - text);
  if (uuid != NULL)
    g_string_append_printf (copied, "      \"%s\"", uuid);
  else
    g_string_append_len (copied, first, 38);
  g_string_append_len (copied, first + 38, end + strlen (close) - (first + 38));
  g_string_append (copied, end + strlen (close));

  return g_string_free (copied, FALSE);
}

static char *
with_record_copied (const char *text,
                    const char *table,
                    const char *uuid)
{
  return with_record_copied_at (text, table, 0, uuid);
}

/* @text with the value of the first @member in @table's records
 * replaced by @value. */
static char *
with_value (const char *text,
            const char *table,
            const char *member,
            const char *value)
{
  g_autofree char *key = g_strdup_printf ("\"%s\" : {", table);
  g_autofree char *name = g_strdup_printf ("\"%s\" : ", member);
  const char *at = strstr (strstr (strstr (text, "\"tables\""), key), name) + strlen (name);
  const char *end = strpbrk (at, ",\n");
  GString *changed = g_string_new_len (text, at - text);

  g_string_append (changed, value);
  g_string_append (changed, end);

  return g_string_free (changed, FALSE);
}

/* Every refusal of a document by a new workbook, found while reading it
 * or while writing its records in bulk, leaves the file as it was. */
static void
test_import_new_refused_unchanged (WorkbookFixture *fixture,
                                   gconstpointer    data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "new.concord", NULL);
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "new.concord");
  g_autofree char *text = NULL;
  g_autofree char *before_text = export_text (target);
  g_autofree char *before = NULL;
  gsize before_length = 0;
  g_autofree char *account = NULL;
  g_autofree char *dangling = NULL;
  struct
  {
    char       *text;
    const char *says;
  } cases[] = {
    { NULL, "“employees” should be a whole number, not text" },
    { NULL, "which is neither in the document nor in the workbook" },
    { NULL, "the workbook refused this record" },
    { NULL, "appears twice in one object" },
    /* The same link again as the 42nd record, in the middle of the
     * rows written together: the message names that one. */
    { NULL, "the workbook refused this record: Could not save the change: UNIQUE constraint failed: plan_accounts." },
    { NULL, "(at tables.plan_accounts[\"00000000-0000-4000-8000-00000000bee0\"])" },
  };

  add_accounts (fixture->workbook, 100, test_query_int (fixture->workbook, "SELECT id FROM plans ORDER BY id LIMIT 1"));
  text = export_text (fixture->workbook);
  cases[0].text = with_value (text, "accounts", "employees", "\"many\"");
  /* A contact of an account that is nowhere. */
  account = test_query_string (fixture->workbook, "SELECT uuid FROM accounts ORDER BY uuid LIMIT 1");
  dangling = g_strdup_printf ("\"%s\"", account);
  dangling[1] = account[0] == 'f' ? 'e' : 'f';
  cases[1].text = with_value (text, "contacts", "account", dangling);
  cases[2].text = with_record_copied (text, "plan_accounts", "00000000-0000-4000-8000-00000000beef");
  cases[3].text = with_record_copied (text, "accounts", NULL);
  cases[4].text = with_record_copied_at (text, "plan_accounts", 40, "00000000-0000-4000-8000-00000000bee0");
  cases[5].text = g_strdup (cases[4].text);

  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ConcordMergePlan) plan = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      g_autofree char *after_text = NULL;
      gsize after_length = 0;

      g_test_message ("case %u", i);
      plan = concord_merge_plan_new_from_data (target, cases[i].text, -1, "doc.json", &error);
      if (plan != NULL)
        {
          g_assert_no_error (error);
          concord_merge_plan_resolve_all (plan, CONCORD_RESOLVE_THEIRS);
          g_assert_false (concord_merge_plan_apply (plan, &error));
        }
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "doc.json:"));
      g_assert_nonnull (strstr (error->message, cases[i].says));

      g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
      g_assert_cmpmem (after, after_length, before, before_length);
      after_text = export_text (target);
      assert_same_text (before_text, after_text);
      g_assert_false (concord_workbook_can_undo (target));
      g_free (cases[i].text);
    }
}

/* Redo of a bulk import never takes the place of a record added since. */
static void
test_import_new_redo_taken (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "new.concord", NULL);
  g_autoptr(ConcordWorkbook) target = new_workbook (fixture->dir, "new.concord");
  g_autoptr(ConcordWorkbook) other = NULL;
  g_autofree char *text = export_text (fixture->workbook);
  g_autoptr(GError) error = NULL;

  import_all (target, text, CONCORD_RESOLVE_THEIRS);
  g_assert_true (concord_workbook_undo (target, &error));
  g_assert_no_error (error);

  other = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  test_add_account (other, "Newcomer");
  g_assert_false (concord_workbook_redo (target, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_CHANGED_OUTSIDE);
  g_assert_nonnull (strstr (error->message, "“Newcomer” was added outside this window"));
  g_clear_error (&error);
  g_assert_cmpint (concord_workbook_count (target, "accounts"), ==, 1);
  g_assert_true (concord_workbook_can_redo (target));
}

/* Undoing a merge puts back values, versions and vector: importing the
 * same file again gives the same plan. */
static void
test_undo_merge_then_reimport (WorkbookFixture *fixture,
                               gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = twin (fixture, "b.concord");
  g_autofree char *uuid = mql_uuid (a);
  g_autofree char *other = test_query_string (a, "SELECT uuid FROM accounts WHERE name = 'Brightwater Foods'");
  g_autofree char *from_a = NULL, *before = NULL, *after = NULL, *first = NULL, *second = NULL;
  g_autoptr(GError) error = NULL;

  set_text (a, "glossary_terms", id_of (a, "glossary_terms", uuid), "definition", "By A");
  set_text (a, "accounts", id_of (a, "accounts", other), "notes", "By A");
  set_text (b, "glossary_terms", id_of (b, "glossary_terms", uuid), "definition", "By B");
  from_a = export_text (a);
  before = export_text (b);

  {
    g_autoptr(ConcordMergePlan) plan = plan_for (b, from_a);

    first = plan_outline (plan);
    concord_merge_plan_resolve_all (plan, CONCORD_RESOLVE_MINE);
    g_assert_true (concord_merge_plan_apply (plan, &error));
    g_assert_no_error (error);
  }
  g_assert_true (concord_workbook_undo (b, &error));
  g_assert_no_error (error);

  /* Everything but our own counter, which only grows so that no dot is
   * handed out twice. */
  after = export_text (b);
  {
    g_autofree char *before_data = data_part (before);
    g_autofree char *after_data = data_part (after);
    g_autofree char *a_id = concord_workbook_dup_meta (a, "sync.replica");

    assert_same_text (before_data, after_data);
    g_assert_cmpint (vector_entry (before, a_id), ==, vector_entry (after, a_id));
    g_assert_cmpint (vector_entry (after, a_id), >, 0);
  }
  {
    g_autoptr(ConcordMergePlan) again = plan_for (b, from_a);

    second = plan_outline (again);
  }
  g_assert_cmpstr (first, ==, second);
  g_assert_nonnull (strstr (first, "1 updated"));
  g_assert_true (g_str_has_suffix (first, "1 conflict") || strstr (first, "1 conflict\n") != NULL);
  g_assert_null (strstr (first, "1 conflicts"));
}

static void
set_with_time (ConcordWorkbook *workbook,
               const char      *table,
               gint64           id,
               const char      *column,
               const char      *value,
               const char      *updated_at)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_string (fields, column, value);
  concord_fields_set_string (fields, "updated_at", updated_at);
  g_assert_true (concord_workbook_update (workbook, table, id, fields, &error));
  g_assert_no_error (error);
}

/* A laptop whose clock runs a day fast wins nothing by it. */
static void
test_clock_skew (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) fast = twin (fixture, "fast.concord");
  g_autofree char *uuid = mql_uuid (a);
  g_autofree char *other = test_query_string (a, "SELECT uuid FROM accounts WHERE name = 'Brightwater Foods'");
  g_autofree char *from_fast = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  /* Our edits are "earlier" than anything on the fast laptop. */
  set_with_time (a, "glossary_terms", id_of (a, "glossary_terms", uuid), "definition", "Ours", "2026-01-01T00:00:00.000Z");
  set_with_time (a, "accounts", id_of (a, "accounts", other), "notes", "Ours alone", "2026-01-01T00:00:00.000Z");
  set_with_time (fast, "glossary_terms", id_of (fast, "glossary_terms", uuid), "definition", "Fast",
                 "2099-01-02T00:00:00.000Z");
  set_with_time (fast, "accounts", id_of (fast, "accounts", other), "industry", "Fast industry",
                 "2099-01-02T00:00:00.000Z");
  from_fast = export_text (fast);

  plan = plan_for (a, from_fast);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 1);
  concord_merge_plan_resolve_all (plan, CONCORD_RESOLVE_MINE);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);

  assert_text (a, "glossary_terms", uuid, "definition", "Ours");
  assert_text (a, "accounts", other, "notes", "Ours alone");
  assert_text (a, "accounts", other, "industry", "Fast industry");
}

/* An edit undone after it was exported: the undo is newer everywhere,
 * so the undone value does not come back from the other side. */
static void
test_undo_after_export (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = twin (fixture, "b.concord");
  g_autofree char *uuid = mql_uuid (a);
  g_autofree char *original = get_text (a, "glossary_terms", uuid, "definition");
  g_autofree char *sent = NULL, *after_undo = NULL, *from_b = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  concord_workbook_clear_history (a);
  set_text (a, "glossary_terms", id_of (a, "glossary_terms", uuid), "definition", "Regretted");
  sent = export_text (a);
  import_all (b, sent, CONCORD_RESOLVE_THEIRS);
  g_assert_true (concord_workbook_undo (a, &error));
  g_assert_no_error (error);

  from_b = export_text (b);
  plan = plan_for (a, from_b);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
  g_assert_cmpuint (concord_merge_plan_get_n_updated (plan), ==, 0);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  assert_text (a, "glossary_terms", uuid, "definition", original);

  after_undo = export_text (a);
  import_all (b, after_undo, CONCORD_RESOLVE_UNSET);
  assert_text (b, "glossary_terms", uuid, "definition", original);
}

/* Agreed and agreed on belong together: one choice for both. */
static void
test_fields_together (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = twin (fixture, "b.concord");
  g_autofree char *uuid = mql_uuid (a);
  g_autoptr(ConcordFields) unagree = concord_fields_new ();
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_b = NULL;
  GPtrArray *conflicts;
  ConcordConflict *first, *second;

  /* A withdraws the agreement; B moves its date. */
  concord_fields_set_int (unagree, "agreed", 0);
  concord_fields_set_null (unagree, "agreed_on");
  g_assert_true (concord_workbook_update (a, "glossary_terms", id_of (a, "glossary_terms", uuid), unagree, &error));
  set_text (b, "glossary_terms", id_of (b, "glossary_terms", uuid), "agreed_on", "2026-10-01");
  from_b = export_text (b);

  plan = plan_for (a, from_b);
  conflicts = concord_merge_plan_get_conflicts (plan);
  g_assert_cmpuint (conflicts->len, ==, 2);
  first = g_ptr_array_index (conflicts, 0);
  second = g_ptr_array_index (conflicts, 1);
  if (g_str_equal (first->field, "agreed_on"))
    {
      ConcordConflict *swap = first;

      first = second;
      second = swap;
    }
  g_assert_cmpuint (first->group, ==, second->group);
  g_assert_cmpstr (first->field_label, ==, "Agreed");
  g_assert_cmpstr (first->mine, ==, "No");
  g_assert_cmpstr (first->theirs, ==, "Yes");
  g_assert_cmpstr (second->field_label, ==, "Agreed on");
  g_assert_null (second->mine);
  g_assert_cmpstr (second->theirs, ==, "1 Oct 2026");

  /* Half a pair is refused; one call settles both. */
  first->resolution = CONCORD_RESOLVE_THEIRS;
  second->resolution = CONCORD_RESOLVE_MINE;
  g_assert_false (concord_merge_plan_apply (plan, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_CONFLICT);
  g_clear_error (&error);
  concord_merge_plan_resolve (plan, 0, CONCORD_RESOLVE_THEIRS);
  g_assert_cmpint (first->resolution, ==, CONCORD_RESOLVE_THEIRS);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (a, "SELECT agreed FROM glossary_terms WHERE term = 'MQL'"), ==, 1);
}

/* The same through concord-cli: conflicts listed in the dialog's words,
 * nothing imported until they are settled. */
static void
test_cli_conflicts (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) b = twin (fixture, "b.concord");
  g_autofree char *b_path = g_strdup (concord_workbook_get_path (b));
  g_autofree char *doc = g_build_filename (fixture->dir, "a.json", NULL);
  g_autofree char *uuid = mql_uuid (fixture->workbook);
  g_autofree char *out = NULL, *err = NULL;

  set_text (fixture->workbook, "glossary_terms", id_of (fixture->workbook, "glossary_terms", uuid),
            "definition", "Scored 60 or more");
  set_text (fixture->workbook, "accounts",
            test_query_int (fixture->workbook, "SELECT id FROM accounts WHERE name = 'Brightwater Foods'"),
            "notes", "Ours");
  set_text (b, "glossary_terms", id_of (b, "glossary_terms", uuid), "definition", "Asked for a demo");
  set_text (b, "accounts", test_query_int (b, "SELECT id FROM accounts WHERE name = 'Brightwater Foods'"),
            "notes", "Theirs, newer");
  g_clear_object (&b);
  workbook_fixture_close (fixture);

  cli_expect ((const char *[]) { "export-json", fixture->path, "-o", doc, NULL }, 0, &out, &err);

  cli_expect ((const char *[]) { "import-json", b_path, doc, NULL }, 1, &out, &err);
  g_assert_nonnull (strstr (out, "Glossary term MQL — Definition: here “Asked for a demo”"));
  g_assert_nonnull (strstr (out, "there “Scored 60 or more”"));
  g_assert_nonnull (strstr (out, "Account Brightwater Foods — Notes"));
  g_assert_nonnull (strstr (err, "nothing was imported"));

  cli_expect ((const char *[]) { "import-json", b_path, doc, "--conflicts", "mine", NULL }, 0, &out, &err);
  g_assert_nonnull (strstr (out, "2 conflicts"));

  /* Settled here, the same document has nothing left to ask. */
  cli_expect ((const char *[]) { "import-json", b_path, doc, NULL }, 0, &out, &err);
  g_assert_nonnull (strstr (out, "0 conflicts"));
  g_assert_nonnull (strstr (out, "2 kept as they are here"));
  g_assert_nonnull (strstr (out, "Glossary term MQL — Definition: here “Asked for a demo”"));
}

/* A workbook made by Concord before versions: schema 1, with a deletion
 * recorded the old way. It is backed up, upgraded, and keeps everything. */
static void
test_migrate_v1 (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.concord", NULL);
  g_autofree char *backup = g_strconcat (path, ".v1.bak", NULL);
  g_autofree char *schema_path = g_test_build_filename (G_TEST_DIST, "..", "src", "core", "concord-schema-v1.sql", NULL);
  g_autofree char *triggers_path = g_test_build_filename (G_TEST_DIST, "..", "src", "core",
                                                         "concord-search-triggers.sql", NULL);
  g_autofree char *schema = NULL;
  g_autofree char *triggers = NULL;
  g_autofree char *replica = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_get_contents (schema_path, &schema, NULL, &error));
  g_assert_true (g_file_get_contents (triggers_path, &triggers, NULL, &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema, NULL, NULL, NULL), ==, SQLITE_OK);
  /* Schema 1 is its tables and the search index's triggers. */
  g_assert_cmpint (sqlite3_exec (db, triggers, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO glossary_terms (uuid, term, definition) VALUES "
                                 "('0d9e4c7a-1111-4a2b-8c3d-000000000001', 'MQL', 'Marketing qualified lead');"
                                 "INSERT INTO accounts (name) VALUES ('Brightwater Foods');"
                                 "INSERT INTO meta VALUES ('currency', 'EUR'), ('sync.last_met', '2026-11-01T00:00:00.000Z'),"
                                 " ('deleted.0d9e4c7a-1111-4a2b-8c3d-000000000002', 'accounts 2026-11-02T00:00:00.000Z');"
                                 "PRAGMA application_id = 1129202500; PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_get_schema_version (workbook), ==, CONCORD_SCHEMA_VERSION);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM glossary_terms WHERE term = 'MQL' "
                                             "AND definition = 'Marketing qualified lead'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE name = 'Brightwater Foods'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM meta WHERE key = 'currency' AND value = 'EUR'"), ==, 1);
  /* The old book-keeping became a tombstone with a dot. */
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM meta WHERE key LIKE 'deleted.%' "
                                             "OR key = 'sync.last_met'"), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM sync_versions WHERE tbl = 'accounts' AND "
                                             "uuid = '0d9e4c7a-1111-4a2b-8c3d-000000000002' AND deleted = 1"), ==, 1);
  replica = concord_workbook_dup_meta (workbook, "sync.replica");
  g_assert_nonnull (replica);

  /* The backup is the old file, untouched. */
  {
    g_assert_cmpint (sqlite3_open_v2 (backup, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    {
      sqlite3_stmt *stmt = NULL;

      sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      sqlite3_finalize (stmt);
    }
    sqlite3_close (db);
  }

  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* A copied file through concord-cli: the copy takes the original's edit
 * as an update, no conflict. */
static void
test_cli_copies (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.concord", NULL);
  g_autofree char *doc = g_build_filename (fixture->dir, "original.json", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (fixture->path);
  g_autoptr(GFile) to = g_file_new_for_path (copy_path);
  g_autofree char *uuid = mql_uuid (fixture->workbook);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;

  workbook_fixture_close (fixture);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  set_text (fixture->workbook, "glossary_terms", id_of (fixture->workbook, "glossary_terms", uuid),
            "definition", "Scored 60 or more");
  workbook_fixture_close (fixture);

  cli_expect ((const char *[]) { "export-json", fixture->path, "-o", doc, NULL }, 0, &out, &err);
  cli_expect ((const char *[]) { "import-json", copy_path, doc, NULL }, 0, &out, &err);
  g_assert_nonnull (strstr (out, "1 updated"));
  g_assert_nonnull (strstr (out, "0 conflicts"));
}

/* Workbook settings merge the same way as fields. */
static void
test_settings (WorkbookFixture *fixture,
               gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = twin (fixture, "b.concord");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *value = NULL;

  g_assert_true (concord_workbook_set_meta (a, "currency", "EUR", &error));
  text = export_text (a);
  {
    g_autoptr(ConcordMergePlan) plan = plan_for (b, text);

    g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
    g_assert_true (concord_merge_plan_apply (plan, &error));
  }
  value = concord_workbook_dup_meta (b, "currency");
  g_assert_cmpstr (value, ==, "EUR");

  /* Both change it: a choice, named as a setting. */
  g_assert_true (concord_workbook_set_meta (a, "currency", "GBP", &error));
  g_assert_true (concord_workbook_set_meta (b, "currency", "CHF", &error));
  g_clear_pointer (&text, g_free);
  text = export_text (a);
  {
    g_autoptr(ConcordMergePlan) plan = plan_for (b, text);
    ConcordConflict *conflict;

    g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 1);
    conflict = g_ptr_array_index (concord_merge_plan_get_conflicts (plan), 0);
    g_assert_cmpstr (conflict->kind, ==, "Workbook setting");
    g_assert_cmpstr (conflict->field_label, ==, "Currency");
    g_assert_cmpstr (conflict->mine, ==, "CHF");
    g_assert_cmpstr (conflict->theirs, ==, "GBP");
  }
}

/* An empty setting someone chose travels as it was: into a new
 * workbook with its dot, and over the value it replaced. */
static void
test_settings_empty (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = new_workbook (fixture->dir, "b.concord");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *copy = NULL, *value = NULL;
  g_autofree char *text_data = NULL, *copy_data = NULL;

  g_assert_true (concord_workbook_set_meta (a, "company_size", "mid", &error));
  g_assert_true (concord_workbook_set_meta (a, "market", "complex", &error));
  g_assert_true (concord_workbook_set_meta (a, "market", "", &error));
  g_assert_no_error (error);
  text = export_text (a);
  g_assert_nonnull (strstr (text, "\"market\" : \"\""));

  import_all (b, text, CONCORD_RESOLVE_UNSET);
  value = concord_workbook_dup_meta (b, "market");
  g_assert_cmpstr (value, ==, "");
  copy = export_text (b);
  text_data = data_part (text);
  copy_data = data_part (copy);
  assert_same_text (text_data, copy_data);

  /* Cleared there after we met: cleared here too. */
  g_assert_true (concord_workbook_set_meta (a, "company_size", "", &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = export_text (a);
  {
    g_autoptr(ConcordMergePlan) plan = plan_for (b, text);

    g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
    g_assert_true (concord_merge_plan_apply (plan, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&value, g_free);
  value = concord_workbook_dup_meta (b, "company_size");
  g_assert_cmpstr (value, ==, "");

  /* Cleared here, set there: a choice, not one side silently kept. */
  g_assert_true (concord_workbook_set_meta (b, "market", "simple", &error));
  g_assert_true (concord_workbook_set_meta (b, "market", "", &error));
  g_assert_true (concord_workbook_set_meta (a, "market", "simple", &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = export_text (a);
  {
    g_autoptr(ConcordMergePlan) plan = plan_for (b, text);
    ConcordConflict *conflict;

    g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 1);
    conflict = g_ptr_array_index (concord_merge_plan_get_conflicts (plan), 0);
    g_assert_cmpstr (conflict->mine, ==, "");
    g_assert_cmpstr (conflict->theirs, ==, "simple");
  }
}

/* Redo after undo is a new edit too, and reaches the other side. */
static void
test_redo_travels (WorkbookFixture *fixture,
                   gconstpointer    data)
{
  ConcordWorkbook *a = fixture->workbook;
  g_autoptr(ConcordWorkbook) b = twin (fixture, "b.concord");
  g_autofree char *uuid = mql_uuid (a);
  g_autofree char *first = NULL, *second = NULL;
  g_autoptr(GError) error = NULL;

  concord_workbook_clear_history (a);
  set_text (a, "glossary_terms", id_of (a, "glossary_terms", uuid), "definition", "Second thoughts");
  first = export_text (a);
  import_all (b, first, CONCORD_RESOLVE_UNSET);
  g_assert_true (concord_workbook_undo (a, &error));
  g_clear_pointer (&first, g_free);
  first = export_text (a);
  import_all (b, first, CONCORD_RESOLVE_UNSET);
  g_assert_true (concord_workbook_redo (a, &error));
  g_assert_no_error (error);
  second = export_text (a);
  import_all (b, second, CONCORD_RESOLVE_UNSET);
  assert_text (b, "glossary_terms", uuid, "definition", "Second thoughts");
}

/* Three workbooks, random edits, exchanges in random order ---------------- */

typedef struct
{
  guint       workbook;
  const char *table;
  char       *uuid;
  const char *field;    /* "" for a deletion */
  char       *value;
  gboolean    superseded; /* a later edit made knowing it replaced it */
  gboolean    undone;
} Edit;

typedef struct
{
  int         edit;     /* index, or -1 for a merge */
  GHashTable *known;    /* for a merge: what was known before it */
} Step;

typedef struct
{
  ConcordWorkbook *workbooks[3];
  GHashTable      *known[3];   /* edit index (as pointer + 1) */
  GPtrArray       *steps[3];   /* Step* */
  GPtrArray       *edits;      /* Edit* */
  GHashTable      *conflicted; /* "uuid\nfield" and "uuid\n" */
  guint            serial;
} World;

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_free (edit->uuid);
  g_free (edit->value);
  g_free (edit);
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_clear_pointer (&step->known, g_hash_table_unref);
  g_free (step);
}

static GHashTable *
copy_set (GHashTable *set)
{
  GHashTable *copy = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (copy, key);

  return copy;
}

static void
record_edit (World      *world,
             guint       w,
             const char *table,
             const char *uuid,
             const char *field,
             const char *value)
{
  Edit *edit = g_new0 (Edit, 1);
  Step *step = g_new0 (Step, 1);
  GHashTableIter iter;
  gpointer key;

  /* What this workbook knew of the same field (or record) it replaces. */
  g_hash_table_iter_init (&iter, world->known[w]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Edit *known = g_ptr_array_index (world->edits, GPOINTER_TO_UINT (key) - 1);

      if (g_str_equal (known->uuid, uuid) && (*field == '\0' || g_str_equal (known->field, field)))
        known->superseded = TRUE;
    }

  edit->workbook = w;
  edit->table = table;
  edit->uuid = g_strdup (uuid);
  edit->field = field;
  edit->value = g_strdup (value);
  g_ptr_array_add (world->edits, edit);
  g_hash_table_add (world->known[w], GUINT_TO_POINTER (world->edits->len));

  step->edit = (int) world->edits->len - 1;
  g_ptr_array_add (world->steps[w], step);
}

static gboolean
exchange (World *world,
          guint  from,
          guint  to)
{
  g_autofree char *text = export_text (world->workbooks[from]);
  /* A new undo step has a label of its own. */
  const char *top = concord_workbook_get_undo_label (world->workbooks[to]);
  g_autoptr(ConcordMergePlan) plan = plan_for (world->workbooks[to], text);
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = concord_merge_plan_get_conflicts (plan);
  GHashTable *known_before = copy_set (world->known[to]);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < conflicts->len; i++)
    {
      ConcordConflict *conflict = g_ptr_array_index (conflicts, i);

      g_hash_table_add (world->conflicted, g_strdup_printf ("%s\n%s", conflict->uuid,
                                                            conflict->change == CONCORD_CHANGE_FIELD
                                                            ? conflict->field : ""));
    }

  /* Everyone settles every conflict the same way. */
  concord_merge_plan_resolve_all (plan, CONCORD_RESOLVE_THEIRS);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);

  g_hash_table_iter_init (&iter, world->known[from]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (world->known[to], key);

  if (concord_workbook_get_undo_label (world->workbooks[to]) == top)
    {
      g_hash_table_unref (known_before);
      return FALSE;
    }

  {
    Step *step = g_new0 (Step, 1);

    step->edit = -1;
    step->known = known_before;
    g_ptr_array_add (world->steps[to], step);
  }

  return TRUE;
}

static char *
random_uuid (ConcordWorkbook *workbook,
             const char      *table,
             GRand           *rand)
{
  g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM %s", table);
  gint64 n = test_query_int (workbook, count);
  g_autofree char *sql = NULL;

  if (n <= 0)
    return NULL;

  /* By name, not uuid: uuids are random, and a seed must replay the same. */
  sql = g_strdup_printf ("SELECT uuid FROM %s ORDER BY %s LIMIT 1 OFFSET %d", table,
                         g_str_equal (table, "accounts") ? "name" : "term",
                         g_rand_int_range (rand, 0, (gint32) n));

  return test_query_string (workbook, sql);
}

static void
random_step (World *world,
             GRand *rand)
{
  guint w = g_rand_int_range (rand, 0, 3);
  ConcordWorkbook *workbook = world->workbooks[w];
  int kind = g_rand_int_range (rand, 0, 100);
  const char *table = g_rand_boolean (rand) ? "glossary_terms" : "accounts";
  const char *field = g_str_equal (table, "accounts") ? "notes" : "definition";
  g_autofree char *value = g_strdup_printf ("value %u", ++world->serial);
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;

  if (kind < 40)
    {
      uuid = random_uuid (workbook, table, rand);
      if (uuid == NULL)
        return;
      set_text (workbook, table, id_of (workbook, table, uuid), field, value);
      record_edit (world, w, table, uuid, field, value);
    }
  else if (kind < 48)
    {
      uuid = random_uuid (workbook, table, rand);
      if (uuid == NULL)
        return;
      g_assert_true (concord_workbook_delete (workbook, table, id_of (workbook, table, uuid), &error));
      g_assert_no_error (error);
      record_edit (world, w, table, uuid, "", NULL);
    }
  else if (kind < 56)
    {
      g_autoptr(ConcordFields) fields = concord_fields_new ();
      g_autofree char *term = g_strdup_printf ("Term %u", world->serial);
      gint64 id;

      concord_fields_set_string (fields, "term", term);
      concord_fields_set_string (fields, "definition", value);
      id = concord_workbook_insert (workbook, "glossary_terms", fields, &error);
      g_assert_no_error (error);
      uuid = test_query_string (workbook, "SELECT uuid FROM glossary_terms ORDER BY id DESC LIMIT 1");
      g_assert_cmpint (id, ==, id_of (workbook, "glossary_terms", uuid));
      record_edit (world, w, "glossary_terms", uuid, "definition", value);
    }
  else if (kind < 66)
    {
      Step *step;

      if (world->steps[w]->len == 0)
        return;
      g_assert_true (concord_workbook_can_undo (workbook));
      g_assert_true (concord_workbook_undo (workbook, &error));
      g_assert_no_error (error);

      step = g_ptr_array_steal_index (world->steps[w], world->steps[w]->len - 1);
      if (step->edit >= 0)
        {
          Edit *undone = g_ptr_array_index (world->edits, step->edit);

          undone->undone = TRUE;
          /* The value it replaced comes back as a new edit: it replaces
           * what this workbook knew of the field, the undone edit too. */
          record_edit (world, w, undone->table, undone->uuid, undone->field, NULL);
          ((Edit *) g_ptr_array_index (world->edits, world->edits->len - 1))->undone = TRUE;
          step_free (g_ptr_array_steal_index (world->steps[w], world->steps[w]->len - 1));
        }
      else
        {
          g_hash_table_unref (world->known[w]);
          world->known[w] = g_steal_pointer (&step->known);
        }
      step_free (step);
      /* Undone steps can be redone no more once something else happens. */
    }
  else
    {
      guint to = (w + 1 + g_rand_int_range (rand, 0, 2)) % 3;

      exchange (world, w, to);
    }
}

static void
test_converge (WorkbookFixture *fixture,
               gconstpointer    data)
{
  for (guint32 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      World world = { { NULL } };
      g_autofree char *first = NULL;
      gboolean same = FALSE;

      g_test_message ("seed %u", seed);
      world.workbooks[0] = g_object_ref (fixture->workbook);
      for (guint w = 1; w < 3; w++)
        {
          g_autofree char *name = g_strdup_printf ("w%u-%u.concord", seed, w);

          world.workbooks[w] = twin (fixture, name);
        }
      concord_workbook_clear_history (fixture->workbook);
      for (guint w = 0; w < 3; w++)
        {
          world.known[w] = g_hash_table_new (NULL, NULL);
          world.steps[w] = g_ptr_array_new_with_free_func (step_free);
        }
      world.edits = g_ptr_array_new_with_free_func (edit_free);
      world.conflicted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < 40; i++)
        random_step (&world, rand);
      g_test_message ("%u edits, %u conflicts reported", world.edits->len,
                      g_hash_table_size (world.conflicted));

      /* Exchange until nothing changes: every pair, both ways. */
      for (guint round = 0; round < 6 && !same; round++)
        {
          g_auto(GStrv) texts = g_new0 (char *, 4);

          for (guint from = 0; from < 3; from++)
            for (guint to = 0; to < 3; to++)
              if (from != to)
                exchange (&world, from, to);

          for (guint w = 0; w < 3; w++)
            {
              g_autofree char *text = export_text (world.workbooks[w]);

              texts[w] = data_part (text);
            }
          same = g_str_equal (texts[0], texts[1]) && g_str_equal (texts[1], texts[2]);
          if (round == 5)
            assert_same_text (texts[0], texts[1]);
        }
      g_assert_true (same);

      /* Every edit is still there, or something that knew it replaced
       * it, or it was put to the user as a conflict. */
      for (guint i = 0; i < world.edits->len; i++)
        {
          Edit *edit = g_ptr_array_index (world.edits, i);
          g_autofree char *field_key = g_strdup_printf ("%s\n%s", edit->uuid, edit->field);
          g_autofree char *record_key = g_strdup_printf ("%s\n", edit->uuid);

          if (edit->superseded || edit->undone ||
              g_hash_table_contains (world.conflicted, field_key) ||
              g_hash_table_contains (world.conflicted, record_key))
            continue;

          if (*edit->field == '\0')
            {
              g_assert_cmpint (concord_workbook_lookup_uuid (world.workbooks[0], edit->table, edit->uuid), ==, 0);
              continue;
            }
          assert_text (world.workbooks[0], edit->table, edit->uuid, edit->field, edit->value);
        }

      for (guint w = 0; w < 3; w++)
        {
          g_clear_object (&world.workbooks[w]);
          g_hash_table_unref (world.known[w]);
          g_ptr_array_unref (world.steps[w]);
        }
      g_ptr_array_unref (world.edits);
      g_hash_table_unref (world.conflicted);

      /* The next seed starts again from the sample. */
      if (seed < 3)
        {
          g_autoptr(GError) error = NULL;

          workbook_fixture_close (fixture);
          g_remove (fixture->path);
          fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_CREATE, &error);
          g_assert_no_error (error);
          g_assert_true (concord_workbook_add_sample (fixture->workbook, &error));
          g_assert_no_error (error);
        }
    }
}

/* Hostile documents ----------------------------------------------------- */

typedef struct
{
  const char *file;     /* in tests/fuzz/corpus/json-merge/ */
  const char *where;    /* file:line: */
  const char *message;
  const char *path;
} HostileCase;

#define NORDLICHT "[\"7a1c0f4e-2b3d-4c5e-8f60-000000000003\"]"

static const HostileCase hostile_cases[] = {
  { "hostile-deep-nesting.json", ":1:", "nests deeper than 16 levels",
    "(at $.tables.accounts[0][0][0][0][0][0][0][0][0][0][0][0][0][0])" },
  { "hostile-infinite-number.json", ":5:", "the number 1e999 is too large to store",
    "(at $.tables.accounts" NORDLICHT ".employees)" },
  { "hostile-int-beyond-64-bits.json", ":5:", "the whole number 18446744073709551616 does not fit in 64 bits",
    "(at $.tables.accounts" NORDLICHT ".employees)" },
  { "hostile-duplicate-key.json", ":5:", "the member “name” appears twice in one object",
    "(at $.tables.accounts" NORDLICHT ".name)" },
  { "hostile-null-updated-at.json", ":4:", "the required field “updated_at” is empty",
    "(at tables.accounts" NORDLICHT ".updated_at)" },
  { "hostile-missing-updated-at.json", ":4:", "the required field “updated_at” is missing",
    "(at tables.accounts" NORDLICHT ".updated_at)" },
};

static char *
corpus_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "json-merge", name, NULL);
}

/* 75,000 nested lists in 150 KB: enough to overflow json-glib's stack. */
static char *
deep_document (void)
{
  GString *text = g_string_new ("{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"accounts\": ");

  for (guint i = 0; i < 75000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 75000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}}\n");

  return g_string_free (text, FALSE);
}

static gpointer
plan_in_thread (gpointer data)
{
  ConcordWorkbook *workbook = data;
  g_autofree char *text = deep_document ();
  g_autoptr(ConcordMergePlan) plan = NULL;
  GError *error = NULL;

  plan = concord_merge_plan_new_from_data (workbook, text, -1, "deep.json", &error);
  g_assert_null (plan);

  return error;
}

static void
assert_hostile_refused (const char *message,
                        const char *source,
                        const char *where,
                        const char *expect,
                        const char *path)
{
  g_autofree char *prefix = g_strconcat (source, where, NULL);

  g_test_message ("  %s", message);
  g_assert_true (g_str_has_prefix (message, prefix));
  g_assert_nonnull (strstr (message, expect));
  g_assert_nonnull (strstr (message, path));
}

/* A workbook that has met a peer refuses every hostile document, in the
 * core and through the CLI, and stays as it was. */
static void
test_hostile (WorkbookFixture *fixture,
              gconstpointer    data)
{
  g_autofree char *peer = corpus_path ("peer.json");
  g_autofree char *changed = corpus_path ("peer-changed.json");
  g_autofree char *deep = g_build_filename (fixture->dir, "deep.json", NULL);
  g_autofree char *deep_text = deep_document ();
  g_autofree char *before = NULL;
  g_autofree char *undo_label = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  GError *thread_error;

  plan = concord_merge_plan_new_from_file (fixture->workbook, peer, &error);
  g_assert_no_error (error);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);
  g_clear_pointer (&plan, concord_merge_plan_free);

  /* The peer's later document is an ordinary update: the guard lets
   * Concord's own documents through. The peer met us through our export
   * and renamed one account since. */
  {
    g_autofree char *ours = g_build_filename (fixture->dir, "ours.json", NULL);
    g_autofree char *peer_path = g_build_filename (fixture->dir, "peer.concord", NULL);
    g_autoptr(ConcordWorkbook) peer_workbook = NULL;
    g_autoptr(ConcordMergePlan) met = NULL;
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    g_assert_true (concord_exchange_export_file (fixture->workbook, NULL, ours, &error));
    peer_workbook = concord_workbook_open (peer_path, CONCORD_OPEN_CREATE, &error);
    g_assert_no_error (error);
    met = concord_merge_plan_new_from_file (peer_workbook, ours, &error);
    g_assert_no_error (error);
    g_assert_true (concord_merge_plan_apply (met, &error));
    concord_fields_set_string (fields, "name", "Nordlicht Logistics AG");
    g_assert_true (concord_workbook_update (peer_workbook, "accounts",
                                            test_query_int (peer_workbook,
                                                            "SELECT id FROM accounts WHERE name = 'Nordlicht Logistics'"),
                                            fields, &error));
    g_clear_pointer (&changed, g_free);
    changed = g_build_filename (fixture->dir, "peer-changed.json", NULL);
    g_assert_true (concord_exchange_export_file (peer_workbook, NULL, changed, &error));
    g_assert_no_error (error);
  }
  plan = concord_merge_plan_new_from_file (fixture->workbook, changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_n_updated (plan), ==, 1);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
  g_clear_pointer (&plan, concord_merge_plan_free);

  before = export_text (fixture->workbook);
  undo_label = g_strdup (concord_workbook_get_undo_label (fixture->workbook));

  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *path = corpus_path (hostile_cases[i].file);

      g_test_message ("case %s", hostile_cases[i].file);
      plan = concord_merge_plan_new_from_file (fixture->workbook, path, &error);
      g_assert_null (plan);
      g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE);
      assert_hostile_refused (error->message, path, hostile_cases[i].where,
                              hostile_cases[i].message, hostile_cases[i].path);
      g_clear_error (&error);
    }

  plan = concord_merge_plan_new_from_data (fixture->workbook, deep_text, -1, "deep.json", &error);
  g_assert_null (plan);
  assert_hostile_refused (error->message, "deep.json", ":1:", "nests deeper", "(at $.tables.accounts[0]");
  g_clear_error (&error);

  /* The app plans a merge on a worker thread, with a smaller stack. */
  thread_error = g_thread_join (g_thread_new ("merge", plan_in_thread, fixture->workbook));
  g_assert_error (thread_error, CONCORD_ERROR, CONCORD_ERROR_PARSE);
  g_error_free (thread_error);

  {
    g_autofree char *after = export_text (fixture->workbook);

    g_assert_cmpstr (before, ==, after);
    g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, undo_label);
  }

  /* The same through concord-cli import-json: exit 1, the place named. */
  g_assert_true (g_file_set_contents (deep, deep_text, -1, &error));
  g_assert_no_error (error);
  workbook_fixture_close (fixture);
  for (guint i = 0; i <= G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *path = i < G_N_ELEMENTS (hostile_cases) ? corpus_path (hostile_cases[i].file)
                                                               : g_strdup (deep);
      g_autofree char *out = NULL, *err = NULL;
      int status;

      test_run_cli ((const char *[]) { "import-json", fixture->path, path, NULL }, &status, &out, &err);
      g_assert_cmpint (status, ==, 1);
      if (i < G_N_ELEMENTS (hostile_cases))
        assert_hostile_refused (strstr (err, path), path, hostile_cases[i].where,
                                hostile_cases[i].message, hostile_cases[i].path);
      else
        assert_hostile_refused (strstr (err, path), path, ":1:", "nests deeper", "(at $.tables.accounts[0]");
    }

  {
    g_autoptr(ConcordWorkbook) reopened = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
    g_autofree char *after = NULL;

    g_assert_no_error (error);
    after = export_text (reopened);
    g_assert_cmpstr (before, ==, after);
  }
}

/* Numbers and keys the guard must let through, and strict JSON it must
 * refuse, with the place named. */
static void
test_guard (void)
{
  static const char *const good[] = {
    "{\"a\": [1, -0, 0.5, -1.25e-3, 9223372036854775807, -9223372036854775808, 1e308, 1e-999]}",
    "{\"a\": \"\\u00e9\\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\", \"b\": {}, \"c\": [], \"d\": [true, false, null]}",
    " [ ] ",
    "{\"a\": {\"x\": 1}, \"b\": {\"x\": 1}}",
  };
  static const struct { const char *text; const char *expect; } bad[] = {
    { "{\"a\": 1, \"\\u0061\": 2}", "1:10: the member “a” appears twice in one object (at $.a)" },
    { "{\"a\": [1, 2, 9223372036854775808]}", "1:14: the whole number 9223372036854775808 does not fit in 64 bits (at $.a[2])" },
    { "{\"a\":\n  -1E400}", "2:3: the number -1E400 is too large to store (at $.a)" },
    { "{\"a\": NaN}", "1:7: this is not a JSON value (at $.a)" },
    { "{\"a\": 01}", "1:8: a “,” or “}” should follow the value (at $.a)" },
    { "{\"a\": 1,}", "1:9: a member name in quotes should come here (at $)" },
    { "{\"é\": \"x\ny\"}", "1:9: a line break or control character inside text must be escaped (at $[\"é\"])" },
    { "{\"a\": \"\\ud800\"}", "a “\\u” escape names half of a character (at $.a)" },
    { "[1] [2]", "1:5: there is more after the end of the document (at $)" },
    { "   ", "the document is empty (at $)" },
    { "{\"a\": [1, 2", "1:12: the document ends before its last value is closed (at $.a[1])" },
    { "[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]", "1:17: the document nests deeper than 16 levels" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("good %s", good[i]);
      g_assert_true (concord_json_guard_check (good[i], strlen (good[i]), "doc.json", CONCORD_JSON_MAX_DEPTH, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("bad %s", bad[i].text);
      g_assert_false (concord_json_guard_check (bad[i].text, strlen (bad[i].text), "doc.json",
                                                CONCORD_JSON_MAX_DEPTH, &error));
      g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE);
      g_test_message ("  %s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "doc.json:"));
      g_assert_nonnull (strstr (error->message, bad[i].expect));
    }
}

/* The import's uuid check says what GLib's does, for uuids and for
 * strings one change away from one. */
static void
test_uuid_check (void)
{
  static const char *const texts[] = {
    "", "-", "00000000-0000-4000-8000-000000000000", "0BD00001-BD02-4C12-A047-8CE8EA028E8B",
    "0bd00001-bd02-4c12-a047-8ce8ea028e8b", "0bd00001bd02-4c12-a047-8ce8ea028e8b0",
    "{0bd00001-bd02-4c12-a047-8ce8ea028e8b}", "0bd00001-bd02-4c12-a047-8ce8ea028e8", "g",
  };
  static const char replacements[] = { '0', '9', 'a', 'f', 'A', 'F', 'g', 'G', '-', ' ', 'z', '\x80' };
  const char *valid = "0bd00001-bd02-4c12-a047-8ce8ea028e8b";
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_test_message ("%s", texts[i]);
      g_assert_cmpint (concord_exchange_uuid_is_valid (texts[i]), ==, g_uuid_string_is_valid (texts[i]));
    }

  for (guint at = 0; at < 37; at++)
    for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
      {
        char text[40];
        g_autofree char *longer = g_strdup_printf ("%s%c", valid, replacements[r]);

        memcpy (text, valid, 37);
        text[at] = replacements[r];
        if (at == 36)
          text[37] = '\0';
        g_assert_cmpint (concord_exchange_uuid_is_valid (text), ==, g_uuid_string_is_valid (text));
        g_assert_cmpint (concord_exchange_uuid_is_valid (longer), ==, g_uuid_string_is_valid (longer));
        text[at] = '\0';
        g_assert_cmpint (concord_exchange_uuid_is_valid (text), ==, g_uuid_string_is_valid (text));
        n += 3;
      }
  g_test_message ("%u strings compared", n);
}

int
main (int    argc,
      char **argv)
{
  count_statement_journals ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/exchange/round-trip", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_round_trip, workbook_fixture_teardown);
  g_test_add ("/exchange/export/streamed", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_export_streamed, workbook_fixture_teardown);
  g_test_add ("/exchange/export/streamed-empty", WorkbookFixture, NULL,
              workbook_fixture_setup, test_export_streamed_empty, workbook_fixture_teardown);
  g_test_add ("/exchange/export/streamed-blob-uuid", WorkbookFixture, NULL,
              workbook_fixture_setup, test_export_streamed_blob_uuid, workbook_fixture_teardown);
  g_test_add ("/exchange/export/streamed-many", WorkbookFixture, NULL,
              workbook_fixture_setup, test_export_streamed_many, workbook_fixture_teardown);
  g_test_add ("/exchange/export/sets-aside-values", WorkbookFixture, NULL,
              workbook_fixture_setup, test_export_sets_aside_values, workbook_fixture_teardown);
  g_test_add ("/exchange/export/sorts-by-digits", WorkbookFixture, NULL,
              workbook_fixture_setup, test_export_sorts_by_digits, workbook_fixture_teardown);
  g_test_add ("/exchange/import/progress", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_progress, workbook_fixture_teardown);
  g_test_add ("/exchange/import/forward-references", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_forward_references, workbook_fixture_teardown);
  g_test_add ("/exchange/import/streamed-refusals", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_streamed_refusals, workbook_fixture_teardown);
  g_test_add ("/exchange/import/pieces", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_pieces, workbook_fixture_teardown);
  g_test_add ("/exchange/import/capital-uuids", WorkbookFixture, NULL,
              workbook_fixture_setup, test_import_capital_uuids, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-undo", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_new_undo, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-as-planned", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_new_as_planned, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-many", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_new_many, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-no-history", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_new_no_history, workbook_fixture_teardown);
  g_test_add ("/exchange/import/contacts-search", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_contacts_search, workbook_fixture_teardown);
  g_test_add ("/exchange/import/not-undoable", WorkbookFixture, GINT_TO_POINTER (1),
              workbook_fixture_setup_sample, test_import_new_no_history, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-no-statement-journal", WorkbookFixture, NULL,
              workbook_fixture_setup, test_import_new_no_statement_journal, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-stale-plan", WorkbookFixture, NULL,
              workbook_fixture_setup, test_import_new_stale_plan, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-dotted", WorkbookFixture, NULL,
              workbook_fixture_setup, test_import_new_dotted, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-one-undotted", WorkbookFixture, GINT_TO_POINTER (1),
              workbook_fixture_setup, test_import_new_dotted, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-parent-kept-deleted", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_new_parent_kept_deleted, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-refused-unchanged", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_new_refused_unchanged, workbook_fixture_teardown);
  g_test_add ("/exchange/import/new-workbook-redo-taken", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_new_redo_taken, workbook_fixture_teardown);
  g_test_add ("/exchange/idempotent", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_idempotent, workbook_fixture_teardown);
  g_test_add ("/exchange/merge", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_merge, workbook_fixture_teardown);
  g_test_add ("/exchange/deleted-there", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_deleted_there, workbook_fixture_teardown);
  g_test_add ("/exchange/selection", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_selection, workbook_fixture_teardown);
  g_test_add ("/exchange/bad-input", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_bad_input, workbook_fixture_teardown);
  g_test_add ("/exchange/cli", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_cli, workbook_fixture_teardown);
  g_test_add ("/exchange/hostile", WorkbookFixture, NULL,
              workbook_fixture_setup, test_hostile, workbook_fixture_teardown);
  g_test_add_func ("/exchange/guard", test_guard);
  g_test_add_func ("/exchange/import/uuid-check", test_uuid_check);
  g_test_add_func ("/exchange/import/validates-as-edits", test_import_validates_as_edits);

  g_test_add ("/exchange/both-changed-after-export", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_both_changed_after_export, workbook_fixture_teardown);
  g_test_add ("/exchange/conflict-values-by-kind", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_conflict_values_by_kind, workbook_fixture_teardown);
  g_test_add ("/exchange/edit-after-meeting", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_edit_after_meeting, workbook_fixture_teardown);
  g_test_add ("/exchange/copies-are-siblings", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_copies_are_siblings, workbook_fixture_teardown);
  g_test_add ("/exchange/undo-merge-then-reimport", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_undo_merge_then_reimport, workbook_fixture_teardown);
  g_test_add ("/exchange/clock-skew", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_clock_skew, workbook_fixture_teardown);
  g_test_add ("/exchange/undo-after-export", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_undo_after_export, workbook_fixture_teardown);
  g_test_add ("/exchange/fields-together", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_fields_together, workbook_fixture_teardown);
  g_test_add ("/exchange/cli-conflicts", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_cli_conflicts, workbook_fixture_teardown);
  g_test_add ("/exchange/cli-copies", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_cli_copies, workbook_fixture_teardown);
  g_test_add ("/exchange/settings", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_settings, workbook_fixture_teardown);
  g_test_add ("/exchange/settings-empty", WorkbookFixture, NULL,
              workbook_fixture_setup, test_settings_empty, workbook_fixture_teardown);
  g_test_add ("/exchange/redo-travels", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_redo_travels, workbook_fixture_teardown);
  g_test_add_func ("/exchange/migrate-v1", test_migrate_v1);
  g_test_add ("/exchange/converge", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_converge, workbook_fixture_teardown);

  return g_test_run ();
}
