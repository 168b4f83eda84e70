/* test-exchange.c: JSON export, import and merge */
#include "config.h"

#include <glib/gstdio.h>

#include "concord-exchange.h"
#include "concord-info.h"
#include "concord-json-guard.h"
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
  g_autofree char *second = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, first, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "concord-workbook");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (
                      json_object_get_object_member (root, "tables"), "accounts")), ==,
                    concord_workbook_count (fixture->workbook, "accounts"));

  import_all (empty, first, CONCORD_RESOLVE_THEIRS);
  second = export_text (empty);
  g_assert_cmpstr (first, ==, second);

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

static void
test_deleted_there_is_kept (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) b = new_workbook (fixture->dir, "b.concord");
  g_autofree char *start = export_text (fixture->workbook);
  g_autofree char *later = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  gint64 accounts;

  import_all (b, start, CONCORD_RESOLVE_THEIRS);
  accounts = concord_workbook_count (b, "accounts");
  g_assert_true (concord_workbook_delete (fixture->workbook, "accounts",
                                          first_id (fixture->workbook, "SELECT id FROM accounts LIMIT 1"),
                                          &error));
  later = export_text (fixture->workbook);

  /* What they deleted stays here: a merge never deletes our data. */
  plan = concord_merge_plan_new_from_data (b, later, -1, "a.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_cmpint (concord_workbook_count (b, "accounts"), ==, accounts);
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

/* The app exports on a read-only worker connection; marking the meeting
 * point on the window's connection keeps later merges three-way. */
static void
test_mark_met_from_worker (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) worker = NULL;
  g_autoptr(ConcordWorkbook) b = new_workbook (fixture->dir, "b.concord");
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *later = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  worker = concord_workbook_open (fixture->path, CONCORD_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  root = concord_exchange_export (worker, NULL, &error);
  g_assert_no_error (error);
  concord_exchange_mark_met (fixture->workbook,
                             json_object_get_string_member (json_node_get_object (root), "as_of"));
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  import_all (b, text, CONCORD_RESOLVE_THEIRS);
  g_usleep (3000);
  uuid = test_query_string (b, "SELECT uuid FROM accounts ORDER BY uuid LIMIT 1");
  set_text (b, "accounts", concord_workbook_lookup_uuid (b, "accounts", uuid), "notes", "Changed over there");
  later = export_text (b);

  /* Only their side changed since the export: an update, not a conflict. */
  plan = concord_merge_plan_new_from_data (fixture->workbook, later, -1, "b.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 0);
  g_assert_cmpuint (concord_merge_plan_get_n_updated (plan), ==, 1);
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
   * Concord's own documents through. */
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
  g_test_add ("/exchange/deleted-there-is-kept", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_deleted_there_is_kept, workbook_fixture_teardown);
  g_test_add ("/exchange/mark-met-from-worker", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_mark_met_from_worker, workbook_fixture_teardown);
  g_test_add ("/exchange/selection", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_selection, workbook_fixture_teardown);
  g_test_add ("/exchange/bad-input", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_bad_input, workbook_fixture_teardown);
  g_test_add ("/exchange/cli", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_cli, workbook_fixture_teardown);
  g_test_add ("/exchange/hostile", WorkbookFixture, NULL,
              workbook_fixture_setup, test_hostile, workbook_fixture_teardown);
  g_test_add_func ("/exchange/guard", test_guard);

  return g_test_run ();
}
