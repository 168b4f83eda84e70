/* test-team.c: a team workbook on a real, throwaway PostgreSQL server */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include "concord-exchange.h"
#include "concord-fields.h"
#include "concord-info.h"
#include "concord-team.h"
#include "concord-versions.h"
#include "concord-workbook-private.h"
#include "concord-pg-test-util.h"
#include "concord-test-util.h"

/* The server's fixture: the throwaway server and the laptops' folder. */
typedef TestPgServer ServerFixture;

static void
server_setup (ServerFixture *fixture,
              gconstpointer  data)
{
  test_pg_setup (fixture);
}

static void
server_teardown (ServerFixture *fixture,
                 gconstpointer  data)
{
  test_pg_teardown (fixture);
}

/* Laptops --------------------------------------------------------------- */

static char *
work_path (ServerFixture *fixture,
           const char    *name)
{
  return g_build_filename (fixture->work, name, NULL);
}

static ConcordWorkbook *
new_workbook (ServerFixture *fixture,
              const char    *name)
{
  g_autofree char *path = work_path (fixture, name);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);

  g_assert_no_error (error);
  return workbook;
}

static gint64
add_person (ConcordWorkbook *workbook,
            const char      *name,
            const char      *title)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  concord_fields_set_string (fields, "name", name);
  concord_fields_set_string (fields, "title", title);
  id = concord_workbook_insert (workbook, "people", fields, &error);
  g_assert_no_error (error);
  return id;
}

/* @n people, "Person 0000" on, in one edit; every other one has the
 * second title. */
static void
add_people (ConcordWorkbook *workbook,
            guint            n,
            const char      *title,
            const char      *other_title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordEdit) edit = concord_workbook_edit (workbook, "People", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %04u", i);

      add_person (workbook, name, i % 2 ? other_title : title);
    }
  g_assert_true (concord_edit_commit (edit, &error));
  g_assert_no_error (error);
}

static gint64
person_id (ConcordWorkbook *workbook,
           const char      *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce ((SELECT id FROM people WHERE name = '%s'), 0)", name);

  return test_query_int (workbook, sql);
}

static char *
person_title (ConcordWorkbook *workbook,
              const char      *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce ((SELECT title FROM people WHERE name = '%s'), '-')", name);

  return test_query_string (workbook, sql);
}

static void
set_title (ConcordWorkbook *workbook,
           const char      *name,
           const char      *title)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_string (fields, "title", title);
  concord_workbook_update (workbook, "people", person_id (workbook, name), fields, &error);
  g_assert_no_error (error);
}

static void
sync_ok (ConcordWorkbook  *workbook,
         const char       *user,
         ConcordResolution conflicts)
{
  ConcordTeamSyncResult result = { 0 };
  g_autoptr(GError) error = NULL;

  test_pg_password (user);
  concord_team_sync (workbook, NULL, conflicts, &result, &error);
  g_assert_no_error (error);
  concord_team_sync_result_clear (&result);
}

/* Syncs as @user, expecting it to fail with @code; @result, when given,
 * keeps what the sync found. */
static GError *
sync_fails (ConcordWorkbook       *workbook,
            const char            *user,
            int                    code,
            ConcordTeamSyncResult *result)
{
  ConcordTeamSyncResult own = { 0 };
  GError *error = NULL;

  test_pg_password (user);
  g_assert_false (concord_team_sync (workbook, NULL, CONCORD_RESOLVE_UNSET, result ? result : &own, &error));
  g_assert_error (error, CONCORD_TEAM_ERROR, code);
  concord_team_sync_result_clear (&own);
  return error;
}

static ConcordWorkbook *
clone_as (ServerFixture *fixture,
          const char    *user,
          const char    *name)
{
  g_autofree char *url = test_pg_url (fixture, "team", user);
  g_autofree char *path = work_path (fixture, name);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook;

  test_pg_password (user);
  workbook = concord_team_clone (url, NULL, path, &error);
  g_assert_no_error (error);
  return workbook;
}

/* Alice publishes a workbook with one person in it, her password in the
 * address this once. */
static ConcordWorkbook *
publish_alice (ServerFixture *fixture)
{
  g_autofree char *base = test_pg_url (fixture, "team", "alice");
  g_autofree char *url = g_strconcat (base, "&password=alice-secret", NULL);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook = new_workbook (fixture, "alice.concord");

  add_person (workbook, "Dana Ortiz", "Head of Sales");
  g_unsetenv ("PGPASSWORD");
  g_assert_true (concord_team_publish (workbook, url, NULL, &error));
  g_assert_no_error (error);
  return workbook;
}

/* Tests ------------------------------------------------------------------ */

static void
test_publish_clone (ServerFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autofree char *url = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;

  /* The address is kept, never the password. */
  url = concord_workbook_dup_meta (alice, CONCORD_TEAM_URL_KEY);
  g_assert_nonnull (url);
  g_assert_null (strstr (url, "secret"));
  g_assert_nonnull (strstr (url, "user=alice"));
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_records WHERE tbl = 'people'"), ==, 1);
  g_assert_cmpint (test_pg_count (fixture, "SELECT version FROM concord_schema"), ==, CONCORD_TEAM_SCHEMA_VERSION);

  bob = clone_as (fixture, "bob", "bob.concord");
  title = person_title (bob, "Dana Ortiz");
  g_assert_cmpstr (title, ==, "Head of Sales");
  /* The same teams, not two sets of them. */
  g_assert_cmpint (test_query_int (bob, "SELECT count(*) FROM teams"), ==,
                   test_query_int (alice, "SELECT count(*) FROM teams"));

  /* A second publish into the same database is refused. */
  {
    g_autoptr(ConcordWorkbook) other = new_workbook (fixture, "other.concord");
    g_autofree char *again = test_pg_url (fixture, "team", "alice");

    test_pg_password ("alice");
    g_assert_false (concord_team_publish (other, again, NULL, &error));
    g_assert_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_NOT_EMPTY);
  }
}

/* A workbook's export without who wrote it. */
static char *
export_data (ConcordWorkbook *workbook)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = concord_exchange_export_data (workbook, NULL, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *root;

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_remove_member (root, "replica");
  json_object_remove_member (root, "replicas");
  json_object_remove_member (root, "as_of");
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, json_parser_get_root (parser));

  return json_generator_to_data (generator, NULL);
}

/* A clone (written in bulk into its emptied tables) holds what was
 * published, dots and all: its first sync has nothing to send. */
static void
test_clone_then_sync (ServerFixture *fixture,
                      gconstpointer  data)
{
  g_autofree char *base = test_pg_url (fixture, "team", "alice");
  g_autofree char *url = g_strconcat (base, "&password=alice-secret", NULL);
  g_autoptr(ConcordWorkbook) alice = new_workbook (fixture, "alice.concord");
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autofree char *alice_data = NULL, *bob_data = NULL;
  ConcordTeamSyncResult result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_add_sample (alice, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (alice, "touches"), >, 0);
  g_unsetenv ("PGPASSWORD");
  g_assert_true (concord_team_publish (alice, url, NULL, &error));
  g_assert_no_error (error);

  bob = clone_as (fixture, "bob", "bob.concord");
  g_assert_cmpint (concord_workbook_count (bob, "accounts"), ==, concord_workbook_count (alice, "accounts"));
  g_assert_cmpuint (concord_team_count_waiting (bob), ==, 0);
  /* Nothing to undo, so nothing of it was set aside for undo either. */
  g_assert_false (concord_workbook_can_undo (bob));
  g_assert_cmpint (test_query_int (bob, "SELECT count (*) FROM temp.sqlite_schema "
                                        "WHERE name LIKE 'concord_undo_%' AND type = 'table'"), ==, 0);
  alice_data = export_data (alice);
  bob_data = export_data (bob);
  g_assert_cmpstr (alice_data, ==, bob_data);

  test_pg_password ("bob");
  g_assert_true (concord_team_sync (bob, NULL, CONCORD_RESOLVE_UNSET, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.pushed, ==, 0);
  g_assert_cmpuint (result.waiting, ==, 0);
  concord_team_sync_result_clear (&result);
}

static void
assert_setting (ConcordWorkbook *workbook,
                const char      *key,
                const char      *expected)
{
  g_autofree char *value = concord_workbook_dup_meta (workbook, key);

  g_assert_cmpstr (value, ==, expected);
}

/* Empty settings, the defaults and one cleared by hand, are cloned,
 * pushed and pulled as they are. */
static void
test_empty_settings (ServerFixture *fixture,
                     gconstpointer  data)
{
  g_autofree char *base = test_pg_url (fixture, "team", "alice");
  g_autofree char *url = g_strconcat (base, "&password=alice-secret", NULL);
  g_autoptr(ConcordWorkbook) alice = new_workbook (fixture, "alice.concord");
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autofree char *alice_data = NULL, *bob_data = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_set_meta (alice, "company_size", "mid", &error));
  g_assert_true (concord_workbook_set_meta (alice, "sales_cycle", "long", &error));
  g_assert_true (concord_workbook_set_meta (alice, "sales_cycle", "", &error));
  g_assert_no_error (error);
  g_unsetenv ("PGPASSWORD");
  g_assert_true (concord_team_publish (alice, url, NULL, &error));
  g_assert_no_error (error);

  bob = clone_as (fixture, "bob", "bob.concord");
  assert_setting (bob, "company_size", "mid");
  assert_setting (bob, "sales_cycle", "");
  assert_setting (bob, "market", "");
  alice_data = export_data (alice);
  bob_data = export_data (bob);
  g_assert_cmpstr (alice_data, ==, bob_data);

  /* Cleared on one laptop: pushed, and cleared on the other. */
  g_assert_true (concord_workbook_set_meta (alice, "company_size", "", &error));
  g_assert_no_error (error);
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  sync_ok (bob, "bob", CONCORD_RESOLVE_UNSET);
  assert_setting (bob, "company_size", "");
}

/* Two laptops edit offline, then sync in either order. */
static void
test_offline_both_orders (ServerFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = clone_as (fixture, "bob", "bob.concord");

  for (guint order = 0; order < 2; order++)
    {
      ConcordWorkbook *first = order == 0 ? alice : bob;
      ConcordWorkbook *second = order == 0 ? bob : alice;
      const char *first_user = order == 0 ? "alice" : "bob";
      const char *second_user = order == 0 ? "bob" : "alice";
      g_autofree char *a_name = g_strdup_printf ("First %u", order);
      g_autofree char *b_name = g_strdup_printf ("Second %u", order);
      g_autofree char *t1 = NULL;
      g_autofree char *t2 = NULL;

      add_person (first, a_name, "Marketing lead");
      add_person (second, b_name, "Sales lead");
      /* Different fields of one record: both survive. */
      set_title (first, "Dana Ortiz", order == 0 ? "VP Sales" : "CRO");

      sync_ok (first, first_user, CONCORD_RESOLVE_UNSET);
      sync_ok (second, second_user, CONCORD_RESOLVE_UNSET);
      sync_ok (first, first_user, CONCORD_RESOLVE_UNSET);

      for (guint w = 0; w < 2; w++)
        {
          ConcordWorkbook *workbook = w == 0 ? alice : bob;
          g_autofree char *title = person_title (workbook, "Dana Ortiz");

          g_assert_cmpint (person_id (workbook, a_name), !=, 0);
          g_assert_cmpint (person_id (workbook, b_name), !=, 0);
          g_assert_cmpstr (title, ==, order == 0 ? "VP Sales" : "CRO");
        }
      t1 = person_title (alice, b_name);
      t2 = person_title (bob, a_name);
      g_assert_cmpstr (t1, ==, "Sales lead");
      g_assert_cmpstr (t2, ==, "Marketing lead");
    }
  g_assert_cmpint (test_query_int (alice, "SELECT count(*) FROM people"), ==, 5);
  g_assert_cmpint (test_query_int (bob, "SELECT count(*) FROM people"), ==, 5);
}

static void
test_conflict (ServerFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = clone_as (fixture, "bob", "bob.concord");
  ConcordTeamSyncResult result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *server_side = NULL;
  GPtrArray *conflicts;

  set_title (alice, "Dana Ortiz", "VP Sales");
  set_title (bob, "Dana Ortiz", "Chief Revenue Officer");
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);

  /* Never silently: nothing moves until Bob chooses. */
  error = sync_fails (bob, "bob", CONCORD_TEAM_ERROR_CONFLICTS, &result);
  g_assert_nonnull (result.plan);
  conflicts = concord_merge_plan_get_conflicts (result.plan);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((ConcordConflict *) g_ptr_array_index (conflicts, 0))->field, ==, "title");
  concord_team_sync_result_clear (&result);
  g_clear_error (&error);
  kept = person_title (bob, "Dana Ortiz");
  g_assert_cmpstr (kept, ==, "Chief Revenue Officer");

  /* Through the CLI, as import-json does it. */
  {
    g_autofree char *path = work_path (fixture, "bob.concord");
    const char *argv[] = { "sync", path, NULL };
    const char *argv_mine[] = { "sync", "--conflicts", "mine", path, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    g_clear_object (&bob);
    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "--conflicts mine"));
    g_assert_nonnull (strstr (out, "Dana Ortiz"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    test_run_cli (argv_mine, &status, &out, &err);
    g_assert_cmpstr (err, ==, "");
    g_assert_cmpint (status, ==, 0);
  }

  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  theirs = person_title (alice, "Dana Ortiz");
  g_assert_cmpstr (theirs, ==, "Chief Revenue Officer");
  server_side = g_strdup_printf ("%" G_GINT64_FORMAT,
                                 test_pg_count (fixture, "SELECT count(*) FROM concord_records "
                                                        "WHERE body LIKE '%Chief Revenue Officer%'"));
  g_assert_cmpstr (server_side, ==, "1");
}

static void
test_deletes (ServerFixture *fixture,
              gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = clone_as (fixture, "bob", "bob.concord");
  g_autoptr(GError) error = NULL;
  ConcordTeamSyncResult result = { 0 };

  add_person (alice, "Lee Park", "Analyst");
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  sync_ok (bob, "bob", CONCORD_RESOLVE_UNSET);
  g_assert_cmpint (person_id (bob, "Lee Park"), !=, 0);

  /* A plain delete travels. */
  concord_workbook_delete (bob, "people", person_id (bob, "Lee Park"), &error);
  g_assert_no_error (error);
  sync_ok (bob, "bob", CONCORD_RESOLVE_UNSET);
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  g_assert_cmpint (person_id (alice, "Lee Park"), ==, 0);

  /* Deleted here and changed there is a choice. */
  concord_workbook_delete (alice, "people", person_id (alice, "Dana Ortiz"), &error);
  g_assert_no_error (error);
  set_title (bob, "Dana Ortiz", "VP Sales");
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  error = sync_fails (bob, "bob", CONCORD_TEAM_ERROR_CONFLICTS, &result);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (result.plan)->len, >=, 1);
  concord_team_sync_result_clear (&result);
  sync_ok (bob, "bob", CONCORD_RESOLVE_THEIRS);
  g_assert_cmpint (person_id (bob, "Dana Ortiz"), ==, 0);
}

/* A JSON text from the server, or NULL for SQL NULL. */
static JsonNode *
server_json (PGresult *rows,
             int       row,
             int       column)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (PQgetisnull (rows, row, column))
    return NULL;
  node = json_from_string (PQgetvalue (rows, row, column), &error);
  g_assert_no_error (error);
  return node;
}

static void
assert_same_json (JsonNode   *server,
                  JsonNode   *exported,
                  const char *what)
{
  g_autofree char *a = server ? json_to_string (server, FALSE) : g_strdup ("(none)");
  g_autofree char *b = exported ? json_to_string (exported, FALSE) : g_strdup ("(none)");

  if (server == NULL || exported == NULL || !json_node_equal (server, exported))
    g_error ("%s: the server holds %s, the export says %s", what, a, b);
}

/* A publish of more records than one statement carries puts every record
 * on the server exactly as the export writes it: values, references as
 * uuids, and the dots. */
static void
test_publish_batches (ServerFixture *fixture,
                      gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = new_workbook (fixture, "alice.concord");
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autofree char *url = test_pg_url (fixture, "team", "alice");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordFields) account = concord_fields_new ();
  PGconn *conn;
  PGresult *rows;
  JsonObject *document, *tables, *versions, *meta;
  gint64 owner;
  guint n_exported = 0;

  add_people (alice, 4500, "Account \"Executive\"\n\tEMEA", "Analyst");
  owner = add_person (alice, "Dana Ortiz", "Head of Sales");
  concord_fields_set_string (account, "name", "Fjord Freight");
  concord_fields_set_int (account, "employees", 420);
  concord_fields_set_id (account, "sales_owner_id", owner);
  concord_workbook_insert (alice, "accounts", account, &error);
  g_assert_no_error (error);
  set_title (alice, "Person 0007", "Team lead");

  test_pg_password ("alice");
  g_assert_true (concord_team_publish (alice, url, NULL, &error));
  g_assert_no_error (error);

  root = concord_exchange_export (alice, NULL, &error);
  g_assert_no_error (error);
  document = json_node_get_object (root);
  tables = json_object_get_object_member (document, "tables");
  versions = json_object_get_object_member (document, "versions");
  meta = json_object_get_object_member (document, "meta");

  conn = PQconnectdb (url);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  rows = PQexec (conn, "SELECT tbl, uuid, body, versions FROM concord_records WHERE deleted IS NULL");
  g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
  for (int r = 0; r < PQntuples (rows); r++)
    {
      const char *tbl = PQgetvalue (rows, r, 0);
      const char *uuid = PQgetvalue (rows, r, 1);
      g_autoptr(JsonNode) body = server_json (rows, r, 2);
      g_autoptr(JsonNode) dots = server_json (rows, r, 3);
      g_autofree char *what = g_strdup_printf ("%s %s", tbl, uuid);
      gboolean is_meta = g_str_equal (tbl, "meta");
      JsonObject *records = is_meta ? meta : json_object_get_object_member (tables, tbl);
      JsonObject *table_versions = json_object_has_member (versions, tbl)
                                   ? json_object_get_object_member (versions, tbl) : NULL;

      g_assert_nonnull (records);
      assert_same_json (body, json_object_get_member (records, uuid), what);
      if (dots != NULL || (table_versions != NULL && json_object_has_member (table_versions, uuid)))
        assert_same_json (dots, table_versions ? json_object_get_member (table_versions, uuid) : NULL, what);
    }

  /* Nothing left out, nothing twice. */
  {
    g_autoptr(GList) names = json_object_get_members (tables);

    for (GList *l = names; l != NULL; l = l->next)
      n_exported += json_object_get_size (json_object_get_object_member (tables, l->data));
    n_exported += json_object_get_size (meta);
  }
  g_assert_cmpint (PQntuples (rows), ==, n_exported);
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_records WHERE tbl = 'people'"), ==,
                   test_query_int (alice, "SELECT count(*) FROM people"));
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_log"), ==, n_exported);
  PQclear (rows);
  PQfinish (conn);

  bob = clone_as (fixture, "bob", "bob.concord");
  g_assert_cmpint (test_query_int (bob, "SELECT count(*) FROM people"), ==,
                   test_query_int (alice, "SELECT count(*) FROM people"));
  g_assert_cmpint (test_query_int (bob, "SELECT count(*) FROM accounts a JOIN people p ON p.id = a.sales_owner_id "
                                        "WHERE a.name = 'Fjord Freight' AND p.name = 'Dana Ortiz'"), ==, 1);
}

static int
count_statement (unsigned  type,
                 void     *user_data,
                 void     *stmt,
                 void     *sql)
{
  (*(guint *) user_data)++;
  return 0;
}

/* A publish reads each table in one walk beside its dots, not each
 * record by its uuid: its statements do not grow with the records. What
 * it sends is the workbook's, deletions included. */
static void
test_publish_walks (ServerFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = new_workbook (fixture, "alice.concord");
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autofree char *url = test_pg_url (fixture, "team", "alice");
  g_autofree char *gone_uuid = NULL;
  g_autofree char *gone_dot = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = concord_workbook_get_db (alice);
  guint statements = 0;
  gint64 gone;

  add_people (alice, 3000, "Analyst", "Analyst");
  gone = person_id (alice, "Person 0042");
  gone_uuid = test_query_string (alice, "SELECT uuid FROM people WHERE name = 'Person 0042'");
  g_assert_true (concord_workbook_delete (alice, "people", gone, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT replica || ':' || counter FROM sync_versions "
                         "WHERE tbl = 'people' AND uuid = '%s' AND field = '' AND deleted", gone_uuid);
  gone_dot = test_query_string (alice, sql);
  g_assert_nonnull (gone_dot);

  test_pg_password ("alice");
  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, count_statement, &statements);
  g_assert_true (concord_team_publish (alice, url, NULL, &error));
  sqlite3_trace_v2 (db, 0, NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (statements, <, 300);

  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_records WHERE tbl = 'people' AND deleted IS NULL"),
                   ==, 2999);
  g_free (sql);
  expected = g_strdup_printf ("\"%s\"", gone_dot);
  sql = g_strdup_printf ("SELECT count(*) FROM concord_records WHERE tbl = 'people' AND uuid = '%s' "
                         "AND body IS NULL AND deleted = '%s'", gone_uuid, expected);
  g_assert_cmpint (test_pg_count (fixture, sql), ==, 1);

  bob = clone_as (fixture, "bob", "bob.concord");
  g_assert_cmpint (test_query_int (bob, "SELECT count(*) FROM people"), ==, 2999);
  g_assert_cmpint (person_id (bob, "Person 0042"), ==, 0);
  g_assert_cmpuint (concord_team_count_waiting (alice), ==, 0);
}

typedef struct
{
  ServerFixture *fixture;
  const char    *uuid;
} RefuseData;

/* Once the publish made its tables, the server is set to refuse one
 * record, as a constraint an administrator added would. */
static void
refuse_hook (ConcordTeamStage stage,
             gpointer         user_data)
{
  RefuseData *refuse = user_data;
  g_autofree char *sql = NULL;

  if (stage != CONCORD_TEAM_STAGE_PULLED)
    return;
  sql = g_strdup_printf ("ALTER TABLE concord_records ADD CONSTRAINT refuse_one CHECK (uuid <> '%s')", refuse->uuid);
  test_pg_team_exec (refuse->fixture, sql);
}

/* A batch the server refuses while the next is being read stops the
 * publish in the server's words, and nothing of it is kept there; the
 * next sync sends everything. */
static void
test_publish_refused (ServerFixture *fixture,
                      gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = new_workbook (fixture, "alice.concord");
  g_autofree char *url = test_pg_url (fixture, "team", "alice");
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;
  RefuseData refuse = { fixture, NULL };

  add_people (alice, 4500, "Analyst", "Analyst");
  uuid = test_query_string (alice, "SELECT min (uuid) FROM people");
  refuse.uuid = uuid;

  test_pg_password ("alice");
  concord_team_set_push_hook (refuse_hook, &refuse);
  g_assert_false (concord_team_publish (alice, url, NULL, &error));
  concord_team_set_push_hook (NULL, NULL);
  g_assert_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "refuse_one"));
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_records"), ==, 0);
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_log"), ==, 0);
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_replicas"), ==, 0);
  g_assert_cmpint (test_query_int (alice, "SELECT count(*) FROM people"), ==, 4500);

  test_pg_team_exec (fixture, "ALTER TABLE concord_records DROP CONSTRAINT refuse_one");
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_records WHERE tbl = 'people'"), ==, 4500);
}

/* What waits and what a sync sends are records: three edits to one
 * person and one new person are two, before the sync and in it. */
static void
test_counts (ServerFixture *fixture,
             gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = clone_as (fixture, "bob", "bob.concord");
  g_autoptr(GError) error = NULL;
  ConcordTeamSyncResult result = { 0 };

  g_assert_cmpuint (concord_team_count_waiting (alice), ==, 0);
  set_title (alice, "Dana Ortiz", "VP Sales");
  set_title (alice, "Dana Ortiz", "SVP Sales");
  set_title (alice, "Dana Ortiz", "Chief Revenue Officer");
  add_person (alice, "Lee Park", "Analyst");
  g_assert_cmpuint (concord_team_count_waiting (alice), ==, 2);

  test_pg_password ("alice");
  g_assert_true (concord_team_sync (alice, NULL, CONCORD_RESOLVE_UNSET, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.pushed, ==, 2);
  g_assert_cmpuint (result.waiting, ==, 0);
  concord_team_sync_result_clear (&result);
  g_assert_cmpuint (concord_team_count_waiting (alice), ==, 0);

  /* A sync with nothing to send sends nothing. */
  g_assert_true (concord_team_sync (alice, NULL, CONCORD_RESOLVE_UNSET, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.pushed, ==, 0);
  concord_team_sync_result_clear (&result);

  test_pg_password ("bob");
  g_assert_true (concord_team_sync (bob, NULL, CONCORD_RESOLVE_UNSET, &result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (result.plan);
  g_assert_cmpuint (concord_merge_plan_get_n_added (result.plan), ==, 1);
  g_assert_cmpuint (concord_merge_plan_get_n_updated (result.plan), ==, 1);
  g_assert_cmpuint (result.pushed, ==, 0);
  concord_team_sync_result_clear (&result);
  g_assert_cmpuint (concord_team_count_waiting (bob), ==, 0);
}

static void
test_viewer (ServerFixture *fixture,
             gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) vera = clone_as (fixture, "vera", "vera.concord");
  ConcordTeamSyncResult pulled = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 before = test_pg_count (fixture, "SELECT count(*) FROM concord_log");

  /* A viewer pulls. */
  add_person (alice, "Lee Park", "Analyst");
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  test_pg_password ("vera");
  g_assert_true (concord_team_sync (vera, NULL, CONCORD_RESOLVE_UNSET, &pulled, &error));
  g_assert_no_error (error);
  g_assert_cmpint (person_id (vera, "Lee Park"), !=, 0);
  /* Only what changed since the last sync came, not the whole workbook. */
  g_assert_cmpuint (concord_merge_plan_get_n_added (pulled.plan), ==, 1);
  g_assert_cmpuint (concord_merge_plan_get_n_unchanged (pulled.plan), ==, 0);
  concord_team_sync_result_clear (&pulled);

  /* ... and may not push: the server says so, the edit stays queued. */
  add_person (vera, "Sam Reyes", "Intern");
  error = sync_fails (vera, "vera", CONCORD_TEAM_ERROR_PERMISSION, NULL);
  g_assert_nonnull (strstr (error->message, "may only read"));
  g_assert_cmpint (person_id (vera, "Sam Reyes"), !=, 0);
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_records WHERE body LIKE '%Sam Reyes%'"), ==, 0);
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_log"), >, before);

  /* Through the CLI: a clear message, exit 1. */
  {
    g_autofree char *path = work_path (fixture, "vera.concord");
    const char *argv[] = { "sync", path, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    g_clear_object (&vera);
    test_pg_password ("vera");
    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "may only read"));
    g_assert_nonnull (strstr (err, "1 changed record waits here to be sent."));
  }
}

static void
kill_hook (ConcordTeamStage stage,
           gpointer         user_data)
{
  if (stage == CONCORD_TEAM_STAGE_SENT)
    test_pg_kill (user_data);
}

typedef struct
{
  ConcordWorkbook *other;
  guint            calls;
} RaceData;

/* Alice pushes between Bob's pull and Bob's push. */
static void
race_hook (ConcordTeamStage stage,
           gpointer         user_data)
{
  RaceData *race = user_data;

  if (stage != CONCORD_TEAM_STAGE_PULLED || race->calls++ > 0)
    return;
  concord_team_set_push_hook (NULL, NULL);
  sync_ok (race->other, "alice", CONCORD_RESOLVE_UNSET);
  test_pg_password ("bob");
  concord_team_set_push_hook (race_hook, race);
}

static void
test_race (ServerFixture *fixture,
           gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = clone_as (fixture, "bob", "bob.concord");
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  RaceData race = { alice, 0 };
  g_autofree char *title = NULL;
  g_autofree char *email = NULL;

  set_title (alice, "Dana Ortiz", "VP Sales");
  concord_fields_set_string (fields, "email", "dana@example.com");
  concord_workbook_update (bob, "people", person_id (bob, "Dana Ortiz"), fields, &error);
  g_assert_no_error (error);

  concord_team_set_push_hook (race_hook, &race);
  sync_ok (bob, "bob", CONCORD_RESOLVE_UNSET);
  concord_team_set_push_hook (NULL, NULL);

  /* Bob's push did not overwrite Alice's: it pulled again first. */
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  for (guint w = 0; w < 2; w++)
    {
      ConcordWorkbook *workbook = w == 0 ? alice : bob;

      g_free (title);
      g_free (email);
      title = person_title (workbook, "Dana Ortiz");
      email = test_query_string (workbook, "SELECT email FROM people WHERE name = 'Dana Ortiz'");
      g_assert_cmpstr (title, ==, "VP Sales");
      g_assert_cmpstr (email, ==, "dana@example.com");
    }
  g_assert_cmpuint (race.calls, ==, 2);
}

static void
test_killed (ServerFixture *fixture,
             gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autoptr(GError) error = NULL;
  gint64 records = test_pg_count (fixture, "SELECT count(*) FROM concord_records");

  add_person (alice, "Lee Park", "Analyst");
  add_person (alice, "Sam Reyes", "Intern");

  /* The server dies after the batch was sent, before its commit. */
  concord_team_set_push_hook (kill_hook, fixture);
  error = sync_fails (alice, "alice", CONCORD_TEAM_ERROR_LOST, NULL);
  concord_team_set_push_hook (NULL, NULL);
  g_assert_nonnull (strstr (error->message, "Nothing was lost"));

  test_pg_start (fixture);
  /* Nothing half-applied, nothing lost here. */
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_records"), ==, records);
  g_assert_cmpint (person_id (alice, "Lee Park"), !=, 0);

  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_records"), ==, records + 2);
  bob = clone_as (fixture, "bob", "bob.concord");
  g_assert_cmpint (person_id (bob, "Sam Reyes"), !=, 0);
}

static void
test_refused (ServerFixture *fixture,
              gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(GError) error = NULL;

  test_pg_kill (fixture);
  add_person (alice, "Lee Park", "Analyst");
  error = sync_fails (alice, "alice", CONCORD_TEAM_ERROR_UNREACHABLE, NULL);
  g_assert_nonnull (strstr (error->message, fixture->dir));
  g_assert_cmpint (person_id (alice, "Lee Park"), !=, 0);
  g_clear_error (&error);

  /* A TCP port nobody listens on refuses the connection. */
  {
    g_autofree char *path = work_path (fixture, "tcp.concord");
    ConcordWorkbook *none = concord_team_clone ("postgresql://127.0.0.1:1/team?user=alice&connect_timeout=5", NULL,
                                                path, &error);

    g_assert_null (none);
    g_assert_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_UNREACHABLE);
    g_assert_nonnull (strstr (error->message, "No team server answers at 127.0.0.1:1/team"));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

/* A server schema from a newer Concord is refused, never written. */
static void
test_newer_server (ServerFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(GError) error = NULL;

  test_pg_team_exec (fixture, "UPDATE concord_schema SET version = 99");

  add_person (alice, "Lee Park", "Analyst");
  error = sync_fails (alice, "alice", CONCORD_TEAM_ERROR_TOO_NEW, NULL);
  g_assert_cmpint (test_pg_count (fixture, "SELECT count(*) FROM concord_records WHERE body LIKE '%Lee Park%'"), ==, 0);
}

static void
test_wrong_password (ServerFixture *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = test_pg_url (fixture, "team", "bob");
  g_autofree char *path = work_path (fixture, "bob.concord");
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  const char *argv[] = { "team", "clone", url, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *bob;
  int status;

  g_setenv ("PGPASSWORD", "not-the-password", TRUE);
  bob = concord_team_clone (url, NULL, path, &error);
  g_assert_null (bob);
  g_assert_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, fixture->dir));
  g_assert_nonnull (strstr (error->message, "“bob”"));
  g_assert_null (strstr (error->message, "FATAL"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  test_run_cli (argv, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "refused the password"));
  g_assert_null (strstr (err, "FATAL"));
}

/* Publish, clone and sync as a user types them. */
static void
test_cli (ServerFixture *fixture,
          gconstpointer  data)
{
  g_autofree char *url = test_pg_url (fixture, "team", "alice");
  g_autofree char *bob_url = test_pg_url (fixture, "team", "bob");
  g_autofree char *a = work_path (fixture, "a.concord");
  g_autofree char *b = work_path (fixture, "b.concord");
  const char *init[] = { "init", a, NULL };
  const char *publish[] = { "team", "publish", a, url, NULL };
  const char *clone[] = { "team", "clone", bob_url, b, NULL };
  const char *sync[] = { "sync", b, NULL };
  const char *usage[] = { "team", "frobnicate", NULL };
  const char *not_team[] = { "sync", a, NULL };
  int status;

  for (guint i = 0; i < 6; i++)
    {
      const char *const *argv = (const char *const *[]) { init, not_team, publish, clone, sync, usage }[i];
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      test_pg_password (i == 2 ? "alice" : "bob");
      test_run_cli (argv, &status, &out, &err);
      if (i == 1)
        {
          g_assert_cmpint (status, ==, 1);
          g_assert_nonnull (strstr (err, "is not a team workbook"));
          continue;
        }
      if (i == 5)
        {
          g_assert_cmpint (status, ==, 2);
          continue;
        }
      g_assert_cmpstr (err, ==, "");
      g_assert_cmpint (status, ==, 0);
      if (i == 4)
        g_assert_nonnull (strstr (out, "Sent 0 changed records"));
    }
}

/* A listener hears of every push, with its last sequence and the
 * replica that pushed. */
static void
test_notify (ServerFixture *fixture,
             gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autofree char *url = test_pg_url (fixture, "team", "bob");
  g_autofree char *seq = NULL;
  g_autofree char *expected = NULL;
  PGnotify *notify = NULL;
  PGconn *conn;

  test_pg_password ("bob");
  conn = PQconnectdb (url);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "LISTEN " CONCORD_TEAM_CHANNEL));

  add_person (alice, "Lee Park", "Analyst");
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  seq = concord_workbook_dup_meta (alice, CONCORD_TEAM_SEQ_KEY);

  while (notify == NULL)
    {
      struct pollfd fd = { PQsocket (conn), POLLIN, 0 };

      g_assert_cmpint (poll (&fd, 1, 30000), ==, 1);
      g_assert_cmpint (PQconsumeInput (conn), ==, 1);
      notify = PQnotifies (conn);
    }
  g_assert_cmpstr (notify->relname, ==, CONCORD_TEAM_CHANNEL);
  expected = g_strconcat (seq, " ", concord_versions_get_replica (alice), NULL);
  g_assert_cmpstr (notify->extra, ==, expected);
  PQfreemem (notify);
  PQfinish (conn);
}

/* Waits for the listener's socket, then reads what came. */
static gboolean
read_notice (ConcordTeamListener *listener,
             ConcordWorkbook     *workbook)
{
  struct pollfd fd = { concord_team_listener_get_fd (listener), POLLIN, 0 };
  gboolean announced = TRUE;

  g_assert_cmpint (poll (&fd, 1, 30000), ==, 1);
  g_assert_true (concord_team_listener_read (listener, workbook, &announced));
  return announced;
}

/* Sends the channel what a push of an older version sends: the
 * sequence, no replica. */
static void
notify_old_style (const char *url,
                  gint64      seq)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  const char *params[] = { CONCORD_TEAM_CHANNEL, text };
  PGconn *conn = PQconnectdb (url);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexecParams (conn, "SELECT pg_notify ($1, $2)", 2, NULL, params, NULL, NULL, 0);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  PQclear (result);
  PQfinish (conn);
}

/* A replica's own push is no news to it, nor a sequence it already
 * pulled; another replica's push is, and so is a newer sequence from a
 * pusher of an older version, which names no replica. */
static void
test_notify_own (ServerFixture *fixture,
                 gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = clone_as (fixture, "bob", "bob.concord");
  g_autofree char *url = test_pg_url (fixture, "team", "alice");
  g_autoptr(ConcordTeamListener) listener = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seq = NULL;

  test_pg_password ("alice");
  listener = concord_team_listen (url, NULL, &error);
  g_assert_no_error (error);

  add_person (alice, "Lee Park", "Analyst");
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  g_assert_false (read_notice (listener, alice));

  add_person (bob, "Sam Reyes", "Buyer");
  sync_ok (bob, "bob", CONCORD_RESOLVE_UNSET);
  g_assert_true (read_notice (listener, alice));

  /* Alice pulls Bob's push: hearing of it again is no news. */
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  seq = concord_workbook_dup_meta (alice, CONCORD_TEAM_SEQ_KEY);
  test_pg_password ("alice");
  notify_old_style (url, g_ascii_strtoll (seq, NULL, 10));
  g_assert_false (read_notice (listener, alice));
  notify_old_style (url, g_ascii_strtoll (seq, NULL, 10) + 1);
  g_assert_true (read_notice (listener, alice));

  /* Without a workbook, every push is news. */
  add_person (alice, "Kim Lau", "Clerk");
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  g_assert_true (read_notice (listener, NULL));
}

/* The server's texts go into the merge's document unparsed: one that
 * would close the object it sits in (here, to give the document a second
 * vector, or to write a setting outside "meta") is left out, and the rest
 * comes as always. */
static void
test_hostile_text (ServerFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autofree char *title = NULL;

  /* As a member could write them, by hand. */
  g_assert_cmpint (test_pg_count (fixture,
                      "WITH added AS (INSERT INTO concord_records (tbl, uuid, body, versions, deleted, seq) VALUES "
                      "('people', 'a0a0a0a0-0000-4000-8000-000000000001', "
                      " '{\"name\": \"Mallory\"}}, \"replicas\": {}, \"x\": {\"y\": {}', NULL, NULL, nextval ('concord_seq')), "
                      "('meta', 'market', '\"\"}, \"replicas\": {}, \"x\": {\"y\": \"\"', NULL, NULL, nextval ('concord_seq')), "
                      "('people', 'a0a0a0a0-0000-4000-8000-000000000002', '{\"name\": \"Eve\"} ]', NULL, NULL, nextval ('concord_seq')) "
                      "ON CONFLICT (tbl, uuid) DO UPDATE SET body = excluded.body, seq = excluded.seq "
                      "RETURNING 1) SELECT count(*) FROM added"), ==, 3);
  g_assert_cmpint (test_pg_count (fixture,
                      "WITH logged AS (INSERT INTO concord_log (seq, tbl, uuid, replica) "
                      "SELECT seq, tbl, uuid, NULL FROM concord_records WHERE seq > (SELECT max (seq) FROM concord_log) "
                      "RETURNING 1) SELECT count(*) FROM logged"), ==, 3);

  bob = clone_as (fixture, "bob", "bob.concord");
  title = person_title (bob, "Dana Ortiz");
  g_assert_cmpstr (title, ==, "Head of Sales");
  g_assert_cmpint (person_id (bob, "Mallory"), ==, 0);
  g_assert_cmpint (person_id (bob, "Eve"), ==, 0);
  /* The server's vector came: nothing of Alice's waits to go back. */
  g_assert_cmpuint (concord_team_count_waiting (bob), ==, 0);
}

/* Alice publishes the sample company and @n people besides, then deletes
 * a contact, an account (its contacts and touches go with it) and a
 * person, and sends the deletions. */
static ConcordWorkbook *
publish_many (ServerFixture *fixture,
              guint          n)
{
  g_autofree char *base = test_pg_url (fixture, "team", "alice");
  g_autofree char *url = g_strconcat (base, "&password=alice-secret", NULL);
  g_autoptr(ConcordWorkbook) alice = new_workbook (fixture, "alice.concord");
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_add_sample (alice, &error));
  g_assert_no_error (error);
  add_people (alice, n, "Analyst", "Account executive");
  g_unsetenv ("PGPASSWORD");
  g_assert_true (concord_team_publish (alice, url, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (concord_workbook_delete (alice, "contacts", test_query_int (alice, "SELECT max (id) FROM contacts"),
                                          &error));
  g_assert_true (concord_workbook_delete (alice, "accounts", test_query_int (alice, "SELECT min (id) FROM accounts"),
                                          &error));
  g_assert_true (concord_workbook_delete (alice, "people", person_id (alice, "Person 0001"), &error));
  g_assert_no_error (error);
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  g_assert_cmpint (test_pg_count (fixture, "SELECT count (DISTINCT tbl) FROM concord_records WHERE deleted IS NOT NULL"),
                   >=, 3);

  return g_steal_pointer (&alice);
}

typedef struct
{
  ConcordWorkbook *alice;
  char            *before;  /* Alice's export before her push */
  guint            calls;
} MidwayData;

/* Alice renames a title and pushes while Bob's clone is reading. */
static void
push_midway_hook (ConcordTeamStage stage,
                  gpointer         user_data)
{
  MidwayData *midway = user_data;

  if (stage != CONCORD_TEAM_STAGE_READING || midway->calls++ > 0)
    return;
  concord_team_set_push_hook (NULL, NULL);
  midway->before = export_data (midway->alice);
  set_title (midway->alice, "Person 0000", "Head of Partnerships");
  sync_ok (midway->alice, "alice", CONCORD_RESOLVE_UNSET);
  test_pg_password ("bob");
}

/* A clone reads the server's records as they come, in pieces, table by
 * table, then their versions, then the deletions: it holds what Alice
 * published, deletions included, as one moment of the server, though
 * she pushed while it read; its next sync brings her push. */
static void
test_clone_streamed (ServerFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_many (fixture, 3000);
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autofree char *bob_data = NULL;
  g_autofree char *alice_data = NULL;
  g_autofree char *title = NULL;
  MidwayData midway = { alice, NULL, 0 };

  concord_team_set_push_hook (push_midway_hook, &midway);
  bob = clone_as (fixture, "bob", "bob.concord");
  concord_team_set_push_hook (NULL, NULL);
  g_assert_cmpuint (midway.calls, ==, 1);

  bob_data = export_data (bob);
  g_assert_cmpstr (bob_data, ==, midway.before);
  g_assert_cmpint (person_id (bob, "Person 0001"), ==, 0);
  g_assert_cmpint (person_id (bob, "Person 2999"), !=, 0);
  g_assert_cmpint (concord_workbook_count (bob, "accounts"), ==, concord_workbook_count (alice, "accounts"));
  g_assert_cmpint (concord_workbook_count (bob, "contacts"), ==, concord_workbook_count (alice, "contacts"));
  g_assert_cmpint (concord_workbook_count (bob, "touches"), ==, concord_workbook_count (alice, "touches"));
  g_assert_cmpuint (concord_team_count_waiting (bob), ==, 0);
  g_assert_false (concord_workbook_can_undo (bob));

  sync_ok (bob, "bob", CONCORD_RESOLVE_UNSET);
  title = person_title (bob, "Person 0000");
  g_assert_cmpstr (title, ==, "Head of Partnerships");
  g_free (bob_data);
  bob_data = export_data (bob);
  alice_data = export_data (alice);
  g_assert_cmpstr (bob_data, ==, alice_data);
  g_free (midway.before);
}

static void
kill_reading_hook (ConcordTeamStage stage,
                   gpointer         user_data)
{
  if (stage == CONCORD_TEAM_STAGE_READING)
    test_pg_kill (user_data);
}

/* The server dies while a clone reads it: no file is left, and the
 * message says what happened. */
static void
test_clone_dropped (ServerFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_many (fixture, 8000);
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autofree char *url = test_pg_url (fixture, "team", "bob");
  g_autofree char *path = work_path (fixture, "bob.concord");
  g_autoptr(GError) error = NULL;

  test_pg_password ("bob");
  concord_team_set_push_hook (kill_reading_hook, fixture);
  bob = concord_team_clone (url, NULL, path, &error);
  concord_team_set_push_hook (NULL, NULL);
  g_assert_null (bob);
  g_assert_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_LOST);
  g_assert_nonnull (strstr (error->message, "broke while reading the team workbook"));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
    }

  /* Once the server is back, the clone goes through. */
  test_pg_start (fixture);
  bob = clone_as (fixture, "bob", "bob.concord");
  g_assert_cmpint (person_id (bob, "Person 7999"), !=, 0);
}

/* A record the reader refuses (a field twice) fails the clone in the
 * words any document gets, though the clone read it in pieces: it is
 * read again whole for them. No file is left. */
static void
test_clone_refused_words (ServerFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_many (fixture, 2000);
  g_autoptr(ConcordWorkbook) bob = NULL;
  g_autofree char *url = test_pg_url (fixture, "team", "bob");
  g_autofree char *path = work_path (fixture, "bob.concord");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (test_pg_count (fixture,
                      "WITH changed AS (UPDATE concord_records SET body = '{\"name\": \"Twice\", \"name\": \"Again\"}' "
                      "WHERE tbl = 'people' AND uuid = (SELECT min (uuid) FROM concord_records WHERE tbl = 'people' "
                      "AND deleted IS NULL) RETURNING 1) SELECT count(*) FROM changed"), ==, 1);

  test_pg_password ("bob");
  bob = concord_team_clone (url, NULL, path, &error);
  g_assert_null (bob);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "twice"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Records merged from a colleague's file travel on at the next sync, though
 * no edit of this workbook's own made them. */
static void
test_imported (ServerFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = clone_as (fixture, "bob", "bob.concord");
  g_autoptr(ConcordWorkbook) carol = new_workbook (fixture, "carol.concord");
  g_autofree char *file = work_path (fixture, "carol.json");
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  add_person (carol, "Ravi Menon", "Partner manager");
  g_assert_true (concord_exchange_export_file (carol, NULL, file, &error));
  g_assert_no_error (error);
  plan = concord_merge_plan_new_from_file (bob, file, &error);
  g_assert_no_error (error);
  concord_merge_plan_resolve_all (plan, CONCORD_RESOLVE_THEIRS);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (person_id (bob, "Ravi Menon"), !=, 0);

  sync_ok (bob, "bob", CONCORD_RESOLVE_UNSET);
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  g_assert_cmpint (person_id (alice, "Ravi Menon"), !=, 0);
}

/* Undoing what a sync brought does not send the old values back over
 * the team's: the next sync brings them again. */
static void
test_undo_pull (ServerFixture *fixture,
                gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autoptr(ConcordWorkbook) bob = clone_as (fixture, "bob", "bob.concord");
  g_autoptr(GError) error = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *again = NULL;
  g_autofree char *kept = NULL;

  set_title (bob, "Dana Ortiz", "VP Sales");
  sync_ok (bob, "bob", CONCORD_RESOLVE_UNSET);
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);

  g_assert_true (concord_workbook_undo (alice, &error));
  g_assert_no_error (error);
  undone = person_title (alice, "Dana Ortiz");
  g_assert_cmpstr (undone, ==, "Head of Sales");

  add_person (alice, "Lee Park", "Analyst");
  sync_ok (alice, "alice", CONCORD_RESOLVE_UNSET);
  again = person_title (alice, "Dana Ortiz");
  g_assert_cmpstr (again, ==, "VP Sales");
  sync_ok (bob, "bob", CONCORD_RESOLVE_UNSET);
  kept = person_title (bob, "Dana Ortiz");
  g_assert_cmpstr (kept, ==, "VP Sales");
  g_assert_cmpint (person_id (bob, "Lee Park"), !=, 0);
}

static void
test_url (void)
{
  struct { const char *in, *out; } cases[] = {
    { "postgresql://alice:s3cret@db.example.com:6543/team?sslmode=verify-full&sslrootcert=/etc/ca.pem",
      "postgresql://?user=alice&dbname=team&host=db.example.com&port=6543&sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem" },
    { "postgresql:///team?host=/run/pg&user=bob&password=s3cret",
      "postgresql://?user=bob&dbname=team&host=%2Frun%2Fpg" },
    { "host=db.example.com dbname=team password='s3cret' sslmode=require",
      "postgresql://?dbname=team&host=db.example.com&sslmode=require" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *kept = concord_team_strip_password (cases[i].in);
      PQconninfoOption *options;

      g_assert_cmpstr (kept, ==, cases[i].out);
      g_assert_null (strstr (kept, "s3cret"));
      /* libpq reads back what we keep. */
      options = PQconninfoParse (kept, NULL);
      g_assert_nonnull (options);
      PQconninfoFree (options);
    }
  g_assert_null (concord_team_strip_password ("postgresql://[broken"));

  /* The app's dialog asks for the user apart from the address. */
  {
    g_autofree char *with_user = concord_team_address ("postgresql://alice:s3cret@db.example.com/team", "carol");
    g_autofree char *kept_user = concord_team_address ("postgresql://alice@db.example.com/team", "");
    g_autofree char *user = concord_team_get_option (with_user, "user");
    g_autofree char *none = concord_team_get_option ("postgresql://db.example.com/team", "user");

    g_assert_cmpstr (with_user, ==, "postgresql://?user=carol&dbname=team&host=db.example.com");
    g_assert_cmpstr (kept_user, ==, "postgresql://?user=alice&dbname=team&host=db.example.com");
    g_assert_cmpstr (user, ==, "carol");
    g_assert_null (none);
    g_free (none);
    none = concord_team_get_option (with_user, "dbname");
    g_assert_cmpstr (none, ==, "team");
    g_assert_null (concord_team_address ("postgresql://[broken", "carol"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, ServerFixture, NULL, server_setup, func, server_teardown)
  ADD ("/team/publish-clone", test_publish_clone);
  ADD ("/team/clone-then-sync", test_clone_then_sync);
  ADD ("/team/clone-streamed", test_clone_streamed);
  ADD ("/team/clone-dropped", test_clone_dropped);
  ADD ("/team/clone-refused-words", test_clone_refused_words);
  ADD ("/team/empty-settings", test_empty_settings);
  ADD ("/team/offline-both-orders", test_offline_both_orders);
  ADD ("/team/conflict", test_conflict);
  ADD ("/team/deletes", test_deletes);
  ADD ("/team/publish-batches", test_publish_batches);
  ADD ("/team/publish-walks", test_publish_walks);
  ADD ("/team/publish-refused", test_publish_refused);
  ADD ("/team/counts", test_counts);
  ADD ("/team/viewer", test_viewer);
  ADD ("/team/killed", test_killed);
  ADD ("/team/race", test_race);
  ADD ("/team/undo-pull", test_undo_pull);
  ADD ("/team/imported", test_imported);
  ADD ("/team/notify", test_notify);
  ADD ("/team/notify-own", test_notify_own);
  ADD ("/team/hostile-text", test_hostile_text);
  ADD ("/team/refused", test_refused);
  ADD ("/team/wrong-password", test_wrong_password);
  ADD ("/team/newer-server", test_newer_server);
  ADD ("/team/cli", test_cli);
#undef ADD
  g_test_add_func ("/team/url", test_url);

  return g_test_run ();
}
