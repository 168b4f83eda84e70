/* test-exchange.c: JSON export, import and merge */
#include "config.h"

#include <glib/gstdio.h>

#include "concord-exchange.h"
#include "concord-info.h"
#include "concord-test-util.h"

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
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (
                      json_object_get_object_member (root, "tables"), "accounts")), ==,
                    concord_workbook_count (fixture->workbook, "accounts"));

  import_all (empty, first, CONCORD_RESOLVE_THEIRS);
  second = export_text (empty);
  first_data = data_part (first);
  second_data = data_part (second);
  g_assert_cmpstr (first_data, ==, second_data);

  /* Every table came across. */
  for (const char * const *t = concord_workbook_get_tables (fixture->workbook); *t != NULL; t++)
    if (!g_str_equal (*t, "meta"))
      g_assert_cmpint (concord_workbook_count (empty, *t), ==, concord_workbook_count (fixture->workbook, *t));
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
  g_autofree char *value = NULL;
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
  g_usleep (3000);

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

  value = get_text (b, "accounts", x_uuid, "name");
  g_assert_cmpstr (value, ==, "X by A");
  g_clear_pointer (&value, g_free);
  value = get_text (b, "accounts", y_uuid, "industry");
  g_assert_cmpstr (value, ==, "Y by A");
  g_clear_pointer (&value, g_free);
  value = get_text (b, "accounts", z_uuid, "notes");
  g_assert_cmpstr (value, ==, "Z by B");
  g_assert_cmpint (test_query_int (b, "SELECT count(*) FROM people WHERE name = 'Hired by A'"), ==, 1);
  g_assert_cmpint (concord_workbook_lookup_uuid (b, "plans", p_uuid), ==, 0);
  g_assert_cmpint (concord_workbook_lookup_uuid (b, "plans", q_uuid), ==, 0);
  g_assert_cmpint (concord_workbook_count (b, "plans"), ==, plans_before);

  /* The whole merge is one undo step. */
  g_assert_true (concord_workbook_undo (b, &error));
  g_assert_cmpint (test_query_int (b, "SELECT count(*) FROM people WHERE name = 'Hired by A'"), ==, 0);
  g_clear_pointer (&value, g_free);
  value = get_text (b, "accounts", x_uuid, "name");
  g_assert_cmpstr (value, ==, "X by B");
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
  g_autofree char *gone = NULL, *kept = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  ConcordConflict *conflict;
  gint64 accounts, contacts;

  import_all (b, start, CONCORD_RESOLVE_THEIRS);
  accounts = concord_workbook_count (b, "accounts");
  gone = test_query_string (a, "SELECT uuid FROM accounts ORDER BY uuid LIMIT 1 OFFSET 0");
  kept = test_query_string (a, "SELECT uuid FROM accounts ORDER BY uuid LIMIT 1 OFFSET 1");
  g_assert_true (concord_workbook_delete (a, "accounts", concord_workbook_lookup_uuid (a, "accounts", gone), &error));
  g_assert_true (concord_workbook_delete (a, "accounts", concord_workbook_lookup_uuid (a, "accounts", kept), &error));
  set_text (b, "accounts", concord_workbook_lookup_uuid (b, "accounts", kept), "notes", "Still courting them");
  later = export_text (a);

  plan = concord_merge_plan_new_from_data (b, later, -1, "a.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_n_deleted (plan), ==, 1);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 1);
  contacts = test_query_int (b, "SELECT count(*) FROM contacts WHERE account_id = "
                                "(SELECT id FROM accounts ORDER BY uuid LIMIT 1 OFFSET 1)");
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
  g_assert_cmpint (test_query_int (b, "SELECT count(*) FROM contacts WHERE account_id = "
                                      "(SELECT id FROM accounts ORDER BY uuid LIMIT 1 OFFSET 0)"), ==, contacts);

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
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\"}}}}", "required field “name”" },
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
  { "rule-broken",
    "{\"format\": \"concord-workbook\", \"version\": 1, \"tables\": {\"accounts\": {\n"
    "  \"0d9e4c7a-1111-4a2b-8c3d-000000000006\": {\"created_at\": \"2026-01-02T00:00:00.000Z\", "
    "\"updated_at\": \"2026-01-02T00:00:00.000Z\", \"name\": \"Acme\", \"fit\": 400}}}}", "refused this record" },
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

static void
test_cli (WorkbookFixture *fixture,
          gconstpointer    data)
{
  g_autofree char *doc = g_build_filename (fixture->dir, "a.json", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other.concord", NULL);
  g_autofree char *out = NULL, *err = NULL;
  int status;

  workbook_fixture_close (fixture);

  test_run_cli ((const char *[]) { "export-json", fixture->path, "-o", doc, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (doc, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  test_run_cli ((const char *[]) { "init", other, NULL }, &status, &out, &err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  test_run_cli ((const char *[]) { "import-json", other, doc, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "added"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A bad document: exit 1 with the place named. */
  g_assert_true (g_file_set_contents (doc, "{\n\"format\": 12\n}", -1, NULL));
  test_run_cli ((const char *[]) { "import-json", other, doc, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "a.json"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  test_run_cli ((const char *[]) { "import-json", other, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  test_run_cli ((const char *[]) { "import-json", other, doc, "--conflicts", "maybe", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/exchange/round-trip", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_round_trip, workbook_fixture_teardown);
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

  return g_test_run ();
}
