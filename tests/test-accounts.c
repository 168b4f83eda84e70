/* test-accounts.c: account rules, the filtered list, export */
#include "config.h"

#include <string.h>

#include "concord-account-search-private.h"
#include "concord-accounts.h"
#include "concord-people.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

static gint64
add_account (ConcordWorkbook *workbook,
             const char      *name,
             const char      *domain,
             const char      *tier)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  concord_fields_set_string (fields, "name", name);
  if (domain != NULL)
    concord_fields_set_string (fields, "domain", domain);
  if (tier != NULL)
    concord_fields_set_string (fields, "tier", tier);
  id = concord_accounts_create (workbook, fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gboolean
has_warning (GPtrArray  *warnings,
             gint64      id,
             const char *fragment)
{
  for (guint i = 0; i < warnings->len; i++)
    {
      ConcordCoverageWarning *w = g_ptr_array_index (warnings, i);

      if (w->account_id == id && strstr (w->message, fragment) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_coverage (WorkbookFixture *fixture,
               gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(ConcordFields) champion = concord_fields_new ();
  g_autoptr(ConcordFields) touch = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *today = concord_date_today ();
  gint64 strategic = add_account (workbook, "Norrvik Ferries", "norrvik.example", "strategic");
  gint64 many = add_account (workbook, "Calder Brewing", NULL, "many");

  warnings = concord_accounts_coverage_warnings (workbook, &error);
  g_assert_no_error (error);
  g_assert_true (has_warning (warnings, strategic, "no champion"));
  g_assert_true (has_warning (warnings, strategic, "no economic buyer"));
  g_assert_true (has_warning (warnings, strategic, "No marketing owner"));
  g_assert_true (has_warning (warnings, strategic, "Nobody has touched"));
  g_assert_false (has_warning (warnings, many, "champion"));
  g_assert_true (has_warning (warnings, many, "No marketing owner"));
  /* Strategic accounts come first. */
  g_assert_cmpint (((ConcordCoverageWarning *) g_ptr_array_index (warnings, 0))->account_id, ==, strategic);

  concord_fields_set_string (champion, "name", "Greta Lindqvist");
  concord_fields_set_string (champion, "role", "champion");
  g_assert_cmpint (concord_accounts_add_contact (workbook, strategic, champion, &error), >, 0);
  g_assert_no_error (error);

  concord_fields_set_string (touch, "touched_on", today);
  concord_fields_set_string (touch, "channel", "meeting");
  concord_fields_set_string (touch, "team", "joint");
  g_assert_cmpint (concord_accounts_add_touch (workbook, strategic, touch, &error), >, 0);
  g_assert_no_error (error);

  after = concord_accounts_account_warnings (workbook, strategic, &error);
  g_assert_no_error (error);
  g_assert_false (has_warning (after, strategic, "no champion"));
  g_assert_true (has_warning (after, strategic, "no economic buyer"));
  g_assert_false (has_warning (after, strategic, "touch"));
  g_assert_cmpuint (after->len, ==, 2);
}

static void
test_sample_coverage (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;

  warnings = concord_accounts_coverage_warnings (fixture->workbook, &error);
  g_assert_no_error (error);
  /* Kestrel is 1:1 with engineers only: no champion, no budget holder. */
  g_assert_true (has_warning (warnings,
                              test_query_int (fixture->workbook, "SELECT id FROM accounts WHERE name = 'Kestrel Paper Mills'"),
                              "no economic buyer"));
}

static void
test_stage_change_recorded (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(ConcordFields) same = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *today = concord_date_today ();
  g_autofree char *changed_on = NULL;
  gint64 id = add_account (workbook, "Quillon Mining", "quillon.example", NULL);

  concord_fields_set_string (fields, "stage", "customer");
  g_assert_true (concord_accounts_update (workbook, id, fields, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes "
                                   "WHERE from_stage = 'target' AND to_stage = 'customer'"), ==, 1);
  changed_on = test_query_string (workbook, "SELECT changed_on FROM account_stage_changes");
  g_assert_cmpstr (changed_on, ==, today);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Change Stage");

  /* Setting the same stage again is no change. */
  concord_fields_set_string (same, "stage", "customer");
  g_assert_true (concord_accounts_update (workbook, id, same, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes"), ==, 1);

  /* One undo takes back the stage and its history row together. */
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes"), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT stage = 'target' FROM accounts"), ==, 1);
}

static void
test_validation (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) fit = concord_fields_new ();
  g_autoptr(ConcordFields) tier = concord_fields_new ();
  g_autoptr(ConcordFields) empty = concord_fields_new ();
  g_autoptr(ConcordFields) touch = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 id = add_account (workbook, "Bergström Precision", NULL, NULL);

  concord_fields_set_int (fit, "fit", 140);
  g_assert_false (concord_accounts_update (workbook, id, fit, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "ICP fit: must be between 0 and 100.");
  g_clear_error (&error);

  concord_fields_set_string (tier, "tier", "gold");
  g_assert_false (concord_accounts_update (workbook, id, tier, &error));
  g_assert_cmpstr (error->message, ==, "Tier: “gold” is not one of 1:1 strategic, 1:few, 1:many.");
  g_clear_error (&error);

  concord_fields_set_string (empty, "name", "   ");
  g_assert_false (concord_accounts_create (workbook, empty, &error));
  g_assert_cmpstr (error->message, ==, "Name: a value is required.");
  g_clear_error (&error);

  concord_fields_set_string (touch, "touched_on", "2025-02-30");
  concord_fields_set_string (touch, "channel", "email");
  concord_fields_set_string (touch, "team", "sales");
  g_assert_cmpint (concord_accounts_add_touch (workbook, id, touch, &error), ==, 0);
  g_assert_cmpstr (error->message, ==, "Date: “2025-02-30” is not a date (YYYY-MM-DD).");

  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM touches"), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT fit IS NULL FROM accounts"), ==, 1);
}

/* A field cleared with concord_fields_set_null() is empty, not text. */
static void
test_validation_null (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) clear = concord_fields_new ();
  g_autoptr(ConcordFields) no_name = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 id = add_account (workbook, "Kestrel Optics", "kestrel.example", NULL);

  concord_fields_set_null (clear, "domain");
  concord_fields_set_null (clear, "fit");
  g_assert_true (concord_accounts_update (workbook, id, clear, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT domain IS NULL AND fit IS NULL FROM accounts"), ==, 1);

  concord_fields_set_null (no_name, "name");
  g_assert_false (concord_accounts_update (workbook, id, no_name, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Name: a value is required.");
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE name = 'Kestrel Optics'"), ==, 1);
}

/* A bulk edit that fails half-way saves nothing and leaves no undo step. */
static void
test_bulk_update_fails_whole (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 ids[2] = { add_account (workbook, "Harbour Lights", NULL, "many"), 9999 };

  concord_fields_set_string (fields, "tier", "few");
  concord_fields_set_string (fields, "stage", "engaged");
  g_assert_false (concord_accounts_update_many (workbook, ids, G_N_ELEMENTS (ids), fields, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND);

  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE tier = 'many' AND stage = 'target'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes"), ==, 0);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Add Account");
  g_assert_false (concord_workbook_in_edit (workbook));
}

static void
test_touch_keeps_last_touch (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;
  gint64 id = add_account (workbook, "Westmarch Foods", NULL, NULL);
  gint64 older, newer;

  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();
    concord_fields_set_string (fields, "touched_on", "2025-01-10");
    concord_fields_set_string (fields, "channel", "event");
    concord_fields_set_string (fields, "team", "marketing");
    older = concord_accounts_add_touch (workbook, id, fields, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();
    concord_fields_set_string (fields, "touched_on", "2025-03-02");
    concord_fields_set_string (fields, "channel", "call");
    concord_fields_set_string (fields, "team", "sales");
    newer = concord_accounts_add_touch (workbook, id, fields, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (older, >, 0);

  last = test_query_string (workbook, "SELECT last_touch_on FROM accounts");
  g_assert_cmpstr (last, ==, "2025-03-02");
  g_clear_pointer (&last, g_free);

  g_assert_true (concord_accounts_delete_touch (workbook, newer, &error));
  last = test_query_string (workbook, "SELECT last_touch_on FROM accounts");
  g_assert_cmpstr (last, ==, "2025-01-10");
  g_clear_pointer (&last, g_free);

  /* Undo of the delete brings back the touch and the date with it. */
  g_assert_true (concord_workbook_undo (workbook, &error));
  last = test_query_string (workbook, "SELECT last_touch_on FROM accounts");
  g_assert_cmpstr (last, ==, "2025-03-02");

  /* An edit may clear an optional column, and a required one stays. */
  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    concord_fields_set_null (fields, "note");
    g_assert_true (concord_accounts_update_touch (workbook, older, fields, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    concord_fields_set_null (fields, "channel");
    g_assert_false (concord_accounts_update_touch (workbook, older, fields, &error));
    g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "Channel: a value is required.");
    g_clear_error (&error);
  }
}

static void
test_bulk_update_undo (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 ids[3];

  ids[0] = add_account (workbook, "A One", NULL, NULL);
  ids[1] = add_account (workbook, "B Two", NULL, NULL);
  ids[2] = add_account (workbook, "C Three", NULL, NULL);

  concord_fields_set_string (fields, "tier", "few");
  concord_fields_set_string (fields, "stage", "engaged");
  g_assert_true (concord_accounts_update_many (workbook, ids, 3, fields, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE tier = 'few' AND stage = 'engaged'"), ==, 3);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes WHERE to_stage = 'engaged'"), ==, 3);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Edit 3 Accounts");

  /* One step back undoes all three, history rows included. */
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE tier = 'many' AND stage = 'target'"), ==, 3);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes"), ==, 0);
  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE tier = 'few'"), ==, 3);

  /* A bad value changes none of them. */
  {
    g_autoptr(ConcordFields) bad = concord_fields_new ();
    concord_fields_set_int (bad, "engagement", -1);
    g_assert_false (concord_accounts_update_many (workbook, ids, 3, bad, &error));
    g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  }

  g_clear_error (&error);
  g_assert_true (concord_accounts_delete_many (workbook, ids, 2, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts"), ==, 1);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts"), ==, 3);
}

static char *
model_names (ConcordQueryModel *model)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_string_append_printf (out, "%s%s", i ? ", " : "", concord_record_get_string (record, "name"));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_filter_and_search (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_accounts_model_new (workbook);
  g_autoptr(GError) error = NULL;
  ConcordAccountFilter filter = { 0 };
  g_autofree char *names = NULL;

  filter.tier = "strategic";
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  g_assert_no_error (error);
  names = model_names (model);
  g_assert_cmpstr (names, ==, "Brightwater Foods, Halden Cement Group, Kestrel Paper Mills, Orvane Water Utility");
  g_clear_pointer (&names, g_free);

  filter.sort = CONCORD_ACCOUNT_SORT_PIPELINE;
  filter.descending = TRUE;
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  names = model_names (model);
  g_assert_cmpstr (names, ==, "Halden Cement Group, Brightwater Foods, Kestrel Paper Mills, Orvane Water Utility");
  g_clear_pointer (&names, g_free);

  /* Search reaches contacts through the FTS index, by word prefix. */
  filter = (ConcordAccountFilter) { .search = "marta kowal" };
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  names = model_names (model);
  g_assert_cmpstr (names, ==, "Orvane Water Utility");
  g_clear_pointer (&names, g_free);

  /* Query syntax typed by a user is just words. */
  filter.search = "\"paper\" OR NOT* (";
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  g_assert_no_error (error);

  filter.search = "brightwater";
  filter.stage = "lost";
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* The model follows edits: a new contact makes its account findable. */
  filter = (ConcordAccountFilter) { .search = "zebedee" };
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  {
    g_autoptr(ConcordFields) contact = concord_fields_new ();
    concord_fields_set_string (contact, "name", "Zebedee Crane");
    concord_accounts_add_contact (workbook,
                                  test_query_int (workbook, "SELECT id FROM accounts WHERE name = 'Corvel Packaging'"),
                                  contact, &error);
    g_assert_no_error (error);
  }
  names = model_names (model);
  g_assert_cmpstr (names, ==, "Corvel Packaging");
}

static void
test_lazy_model_large (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_accounts_model_new (workbook);
  g_autoptr(ConcordRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  ConcordAccountFilter filter = { 0 };
  gint64 start;

  g_assert_true (concord_workbook_begin (workbook, "Generate", &error));
  g_assert_true (concord_workbook_exec (workbook,
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
    "INSERT INTO accounts (name, domain, tier, fit) "
    "SELECT printf ('Account %05d', i), printf ('a%d.example', i), "
    "       CASE i % 3 WHEN 0 THEN 'strategic' WHEN 1 THEN 'few' ELSE 'many' END, i % 101 FROM n",
    &error));
  g_assert_true (concord_workbook_commit (workbook, &error));

  start = g_get_monotonic_time ();
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  /* The list followed the insert: its first rows at once, the rest while
   * idle. */
  while (concord_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20000);
  record = g_list_model_get_item (G_LIST_MODEL (model), 19999);
  g_assert_cmpstr (concord_record_get_string (record, "name"), ==, "Account 20000");
  g_clear_object (&record);

  filter.tier = "strategic";
  filter.search = "a1234";
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  /* a1234.example and a12340..a12349 that are strategic: 1234 % 3 = 1 is not. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  record = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (concord_record_get_string (record, "name"), ==, "Account 12342");
  g_clear_object (&record);

  /* A search most accounts match shows its first rows at once and reads
   * the rest while idle, in the order of the whole list. */
  filter.tier = NULL;
  filter.search = "account";
  filter.descending = TRUE;
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  g_assert_true (concord_query_model_is_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, 20000);
  record = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (concord_record_get_string (record, "name"), ==, "Account 20000");
  g_clear_object (&record);
  while (concord_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(GArray) ids = concord_accounts_filter_ids (workbook, &filter, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 20000);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ids->len);
    for (guint i = 0; i < ids->len; i++)
      g_assert_cmpint (concord_query_model_get_id (model, i), ==, g_array_index (ids, gint64, i));
  }
  if (g_test_verbose ())
    g_test_message ("20k list and search: %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
}

static void
test_export (WorkbookFixture *fixture,
             gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  ConcordAccountFilter filter = { .search = "formula" };
  g_autofree char *text = NULL;

  concord_fields_set_string (fields, "name", "=HYPERLINK(\"http://x\")");
  concord_fields_set_string (fields, "notes", "formula, in notes");
  concord_fields_set_int (fields, "pipeline_value", 1250050);
  concord_accounts_create (workbook, fields, &error);
  g_assert_no_error (error);

  bytes = concord_accounts_export_csv (workbook, &filter, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (text, ==,
                   "\xEF\xBB\xBF" "Account Name,Domain,Industry,Region,Employees,Annual Revenue,Tier,Stage,"
                   "ICP Fit,Engagement,Pipeline Value,Sales Owner,Marketing Owner,Last Touch,Next Step,Notes,"
                   "Source System,Source ID\r\n"
                   "\"'=HYPERLINK(\"\"http://x\"\")\",,,,,,many,target,,,12500.50,,,,,\"formula, in notes\",,\r\n");
}

static void
test_export_cli (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  g_autofree char *out_path = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  const char *argv[] = { "export-csv", fixture->path, "accounts", "--tier", "strategic", "-o", out_path, NULL };
  const char *bad[] = { "export-csv", fixture->path, "plans", NULL };

  g_assert_true (test_run_cli (argv, &status, &out, &err));
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (out_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\r\nBrightwater Foods,brightwater-foods.example,"));
  g_assert_null (strstr (contents, "Corvel Packaging"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (test_run_cli (bad, &status, &out, &err));
  g_assert_cmpint (status, ==, 2);
}

/* Accounts read money with the one parser every page uses. */
static void
test_money (void)
{
  gint64 cents = 0;
  g_autofree char *formatted = concord_money_format_grouped (160000000005);

  g_assert_cmpstr (formatted, ==, "1,600,000,000.05");
  g_assert_true (concord_money_parse ("$12,500,000", &cents, NULL));
  g_assert_cmpint (cents, ==, 1250000000);
  g_assert_true (concord_money_parse ("2100000000.00", &cents, NULL));
  g_assert_cmpint (cents, ==, 210000000000);
  g_assert_true (concord_money_parse ("1200.5 EUR", &cents, NULL));
  g_assert_cmpint (cents, ==, 120050);
  /* Where "," groups thousands, "1.200,5" is refused rather than guessed. */
  g_assert_false (concord_money_parse ("1.200,5 EUR", &cents, NULL));
  g_assert_false (concord_money_parse ("-5", &cents, NULL));
  g_assert_false (concord_money_parse ("lots", &cents, NULL));
}

static void
test_fts_query (void)
{
  g_autofree char *q = concord_accounts_fts_query ("Kestrel \"paper\" OR* mills-2");
  g_autofree char *none = concord_accounts_fts_query (" -* ");

  g_assert_cmpstr (q, ==, "\"Kestrel\"* \"paper\"* \"OR\"* \"mills\"* \"2\"*");
  g_assert_null (none);
}

/* One letter finds names that start with it; from two letters on, any
 * word of the name, domain, industry, notes or contacts. */
static void
test_search_first_letter (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  g_autoptr(ConcordQueryModel) model = concord_accounts_model_new (fixture->workbook);
  ConcordAccountFilter filter = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 starting_with_k = test_query_int (fixture->workbook,
                                           "SELECT count(*) FROM accounts WHERE name LIKE 'k%'");

  filter.search = "K";
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, starting_with_k);
  g_assert_cmpint (starting_with_k, >, 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_true (g_ascii_tolower (concord_record_get_string (record, "name")[0]) == 'k');
    }

  /* Two letters search every indexed word again. */
  filter.search = "Pa";
  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=,
                   test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE name LIKE '%pa%' "
                                                      "AND name NOT LIKE 'pa%' AND name LIKE '% pa%'"));
}

/* The order each sort means, written out the plain way: every column
 * in its order, empty values last, then by id. */
static const char *const plain_order[CONCORD_ACCOUNT_N_SORTS] = {
  [CONCORD_ACCOUNT_SORT_NAME] = "a.name COLLATE NOCASE",
  [CONCORD_ACCOUNT_SORT_DOMAIN] = "a.domain COLLATE NOCASE",
  [CONCORD_ACCOUNT_SORT_TIER] = "instr ('strategic few many', a.tier)",
  [CONCORD_ACCOUNT_SORT_STAGE] = "instr ('target engaged opportunity customer paused lost', a.stage)",
  [CONCORD_ACCOUNT_SORT_FIT] = "a.fit",
  [CONCORD_ACCOUNT_SORT_ENGAGEMENT] = "a.engagement",
  [CONCORD_ACCOUNT_SORT_PIPELINE] = "a.pipeline_value",
  [CONCORD_ACCOUNT_SORT_SALES_OWNER] = "(SELECT name FROM people WHERE id = a.sales_owner_id) COLLATE NOCASE",
  [CONCORD_ACCOUNT_SORT_MARKETING_OWNER] = "(SELECT name FROM people WHERE id = a.marketing_owner_id) COLLATE NOCASE",
  [CONCORD_ACCOUNT_SORT_LAST_TOUCH] = "a.last_touch_on",
};

/* The statement the model is still reading its ids from. */
static sqlite3_stmt *
loading_statement (ConcordWorkbook *workbook)
{
  sqlite3 *db = concord_workbook_get_db (workbook);

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    if (sqlite3_stmt_busy (stmt) && sqlite3_sql (stmt) != NULL && g_str_has_prefix (sqlite3_sql (stmt), "SELECT a.id"))
      return stmt;

  return NULL;
}

static GArray *
read_ids (ConcordWorkbook *workbook,
          const char      *sql,
          int             *vm_steps)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  if (vm_steps != NULL)
    *vm_steps = sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_VM_STEP, 0);

  return ids;
}

/* Reads the rest of the list and checks that it holds @expected, in
 * that order. */
static void
assert_lists (ConcordQueryModel *model,
              GArray            *expected)
{
  while (concord_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (concord_query_model_get_id (model, i), ==, g_array_index (expected, gint64, i));
}

/* Every sort, both ways, over 20,000 accounts with empty values, equal
 * values, owners whose names differ only in case, owners whose names no
 * one shares (one with an accent, another the same name in lower case,
 * which NOCASE keeps apart) and owners that are not in the directory (a file written by another program): the list shows
 * its first rows before it has read a third of the ordered ids (unfiltered
 * or searched), and the whole list is in the order the sort means. */
static void
test_sorts_first_page (void)
{
  static const struct
  {
    const char *tier;
    gint64      owner_id;
    const char *search;
    const char *where;
    int         walks;   /* the first page comes off an index: its share of the steps is under 1 / walks */
  } filters[] = {
    { NULL, 0, NULL, "1", 3 },
    { "few", 0, NULL, "a.tier = 'few'", 2 },
    { NULL, 3, NULL, "(a.sales_owner_id = 3 OR a.marketing_owner_id = 3)", 0 },
    { NULL, 0, "account 1", "a.id IN (SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH '\"account\"* \"1\"*')", 0 },
    /* Broad: every account matches; reading the matches is a third. */
    { NULL, 0, "acc", "a.id IN (SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH '\"acc\"*')", 2 },
  };
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "many.concord", FALSE);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordQueryModel) model = NULL;
  g_autoptr(GError) error = NULL;

  test_raw_exec (path,
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24) "
    "INSERT INTO people (id, name) SELECT i, CASE WHEN i = 23 THEN 'Émile' WHEN i = 24 THEN 'émile' "
    "                                        WHEN i > 18 THEN printf ('Solo %02d', i) "
    "                                        WHEN i > 12 THEN lower (printf ('Owner %02d', i - 12)) "
    "                                        ELSE printf ('Owner %02d', i) END FROM n;"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
    "INSERT INTO accounts (name, domain, tier, stage, fit, engagement, pipeline_value, "
    "                      sales_owner_id, marketing_owner_id, last_touch_on) "
    "SELECT printf ('Account %05d', (i * 37) % 7000), "
    "       CASE WHEN i % 10 = 0 THEN NULL ELSE printf ('d%d.example', i % 5000) END, "
    "       CASE i % 3 WHEN 0 THEN 'strategic' WHEN 1 THEN 'few' ELSE 'many' END, "
    "       CASE i % 6 WHEN 0 THEN 'target' WHEN 1 THEN 'engaged' WHEN 2 THEN 'opportunity' "
    "                  WHEN 3 THEN 'customer' WHEN 4 THEN 'paused' ELSE 'lost' END, "
    "       CASE WHEN i % 13 = 0 THEN NULL ELSE i % 101 END, "
    "       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 3) % 101 END, "
    "       CASE WHEN i % 4 = 0 THEN NULL ELSE (i * 7919) % 100000 END, "
    "       CASE WHEN i % 9 = 0 THEN NULL WHEN i % 1000 = 7 THEN 999 ELSE 1 + i % 24 END, "
    "       CASE WHEN i % 11 = 0 THEN NULL WHEN i % 1500 = 3 THEN 'x' ELSE 1 + (i * 7) % 24 END, "
    "       CASE WHEN i % 3 = 0 THEN NULL ELSE date ('2026-01-01', '+' || (i % 300) || ' days') END "
    "FROM n;");
  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  model = concord_accounts_model_new (workbook);

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (int s = 0; s < CONCORD_ACCOUNT_N_SORTS; s++)
      for (int descending = 0; descending <= 1; descending++)
        {
          ConcordAccountFilter filter = { .tier = filters[f].tier, .owner_id = filters[f].owner_id,
                                          .search = filters[f].search, .sort = s, .descending = descending };
          const char *dir_sql = descending ? " DESC" : "";
          g_autofree char *plain = g_strdup_printf ("SELECT a.id FROM accounts a WHERE %s ORDER BY %s%s NULLS LAST, a.id%s",
                                                    filters[f].where, plain_order[s], dir_sql, dir_sql);
          g_autoptr(GArray) expected = read_ids (workbook, plain, NULL);
          g_autoptr(GArray) exported = NULL;

          g_test_message ("filter %u, sort %d%s: %u accounts", f, s, dir_sql, expected->len);
          g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
          g_assert_no_error (error);

          if (filters[f].walks > 0)
            {
              sqlite3_stmt *loading = loading_statement (workbook);
              char *sql;
              g_autoptr(GArray) whole = NULL;
              int first_steps, whole_steps;

              /* The first page is an index walk, not a sort of every row. */
              g_assert_true (concord_query_model_is_loading (model));
              g_assert_nonnull (loading);
              first_steps = sqlite3_stmt_status (loading, SQLITE_STMTSTATUS_VM_STEP, 0);
              sql = sqlite3_expanded_sql (loading);
              whole = read_ids (workbook, sql, &whole_steps);
              g_test_message ("%d of %d steps", first_steps, whole_steps);
              g_assert_cmpint (first_steps * filters[f].walks, <, whole_steps);
              sqlite3_free (sql);
            }

          assert_lists (model, expected);

          /* The export follows the same order. */
          exported = concord_accounts_filter_ids (workbook, &filter, &error);
          g_assert_no_error (error);
          g_assert_cmpmem (exported->data, exported->len * sizeof (gint64),
                           expected->data, expected->len * sizeof (gint64));
        }

  g_clear_object (&model);
  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* An owner sort's first page at the head of a large owner's accounts:
 * an owner whose name no one shares has their accounts read in order off
 * the owner's index, not sorted whole before the first row. Aaron and
 * "émile" hold most accounts, "ada" and "ADA" share a name (NOCASE), and
 * "Émile" is another name; the whole list keeps the order the sort means. */
static void
test_owner_sort_first_page (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "owners.concord", FALSE);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordQueryModel) model = NULL;
  g_autoptr(GError) error = NULL;

  test_raw_exec (path,
    "INSERT INTO people (id, name) VALUES (1, 'ada'), (2, 'ADA'), (3, 'Émile'), (4, 'émile'), (5, 'Aaron');"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
    "INSERT INTO accounts (name, sales_owner_id, marketing_owner_id) "
    "SELECT printf ('Account %05d', i), o, o FROM "
    "  (SELECT i, CASE WHEN i % 50 = 0 THEN NULL WHEN i % 50 < 5 THEN i % 50 "
    "                  WHEN i % 2 = 0 THEN 5 ELSE 4 END AS o FROM n);");
  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  model = concord_accounts_model_new (workbook);

  for (int s = CONCORD_ACCOUNT_SORT_SALES_OWNER; s <= CONCORD_ACCOUNT_SORT_MARKETING_OWNER; s++)
    for (int descending = 0; descending <= 1; descending++)
      {
        ConcordAccountFilter filter = { .sort = s, .descending = descending };
        const char *dir_sql = descending ? " DESC" : "";
        g_autofree char *plain = g_strdup_printf ("SELECT a.id FROM accounts a ORDER BY %s%s NULLS LAST, a.id%s",
                                                  plain_order[s], dir_sql, dir_sql);
        g_autoptr(GArray) expected = read_ids (workbook, plain, NULL);
        g_autoptr(GArray) whole = NULL;
        sqlite3_stmt *loading;
        char *sql;
        int first_steps, whole_steps;

        g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
        g_assert_no_error (error);
        loading = loading_statement (workbook);
        g_assert_nonnull (loading);
        first_steps = sqlite3_stmt_status (loading, SQLITE_STMTSTATUS_VM_STEP, 0);
        sql = sqlite3_expanded_sql (loading);
        whole = read_ids (workbook, sql, &whole_steps);
        sqlite3_free (sql);
        g_test_message ("sort %d%s: %d of %d steps", s, dir_sql, first_steps, whole_steps);
        /* Sorting the first owner's 9,000 accounts before the first row is
         * a sixth of the whole; walking to the first page, a sixtieth. */
        g_assert_cmpint (first_steps * 20, <, whole_steps);

        assert_lists (model, expected);
      }

  g_clear_object (&model);
  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* How many times the search's count (which picks the plan) has run. */
static int
search_counts (ConcordWorkbook *workbook)
{
  sqlite3 *db = concord_workbook_get_db (workbook);

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    if (sqlite3_sql (stmt) != NULL &&
        g_str_has_prefix (sqlite3_sql (stmt), "SELECT count(*) FROM (SELECT rowid FROM accounts_fts"))
      return sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_RUN, 0);

  return 0;
}

/* The query plan of the statement the model is still reading from, if
 * any. */
static char *
loading_plan (ConcordWorkbook *workbook)
{
  sqlite3_stmt *loading = loading_statement (workbook);
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) explain = NULL;
  char *sql;
  g_autofree char *explain_sql = NULL;

  if (loading == NULL)
    return NULL;
  sql = sqlite3_expanded_sql (loading);
  explain_sql = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_free (sql);
  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), explain_sql, -1, &explain, NULL), ==, SQLITE_OK);
  while (sqlite3_step (explain) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (explain, 3));

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* Typing on in a search that keeps few accounts (1,500 of 20,000)
 * counts its matches only once: "harbor l" keeps fewer than "harbor", and its one-letter word
 * would merge every indexed word starting with "l" a second time.
 * Typed back as far as the search last counted ("har"), it is not
 * counted either; typed back further, or another search, it is. Every
 * keystroke lists the accounts the plain query lists, in its order, and
 * reads its few matches off the search index one by one, in rowid order,
 * not gathered into a set first. */
static void
test_narrow_search (void)
{
  static const struct
  {
    const char *typed;
    int         counts;  /* the count's runs after the keystroke */
  } keystrokes[] = {
    { "har", 1 }, { "harb", 1 }, { "harbor", 1 }, { "harbor ", 1 }, { "harbor l", 1 }, { "harbor lo", 1 },
    { "harbor", 1 }, { "harb", 1 }, { "lo", 2 }, { "log", 2 }, { "log h", 2 }, { "ha", 3 },
  };
  guint planned = 0;
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "narrow.concord", FALSE);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordQueryModel) model = NULL;
  g_autoptr(GError) error = NULL;

  test_raw_exec (path,
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
    "INSERT INTO accounts (name) SELECT CASE i % 40 WHEN 0 THEN printf ('Harbor Logistics %05d', i) "
    "  WHEN 1 THEN printf ('Harbor Labs %05d', i) WHEN 2 THEN printf ('Logan Harbour %05d', i) "
    "  ELSE printf ('Account %05d', i) END FROM n;");
  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  model = concord_accounts_model_new (workbook);

  for (guint k = 0; k < G_N_ELEMENTS (keystrokes); k++)
    {
      ConcordAccountFilter filter = { .search = keystrokes[k].typed };
      g_autofree char *fts = concord_accounts_fts_query (keystrokes[k].typed);
      g_autofree char *plain = g_strdup_printf ("SELECT a.id FROM accounts a WHERE a.id IN "
                                                "(SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH '%s') "
                                                "ORDER BY a.name COLLATE NOCASE, a.id", fts);
      g_autoptr(GArray) expected = read_ids (workbook, plain, NULL);
      g_autofree char *plan = NULL;

      g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
      g_assert_no_error (error);
      g_test_message ("\"%s\": %u accounts, counted %d times", keystrokes[k].typed, expected->len,
                      search_counts (workbook));
      g_assert_cmpint (search_counts (workbook), ==, keystrokes[k].counts);
      /* Unless the search is the one before ("harbor " after "harbor"). */
      plan = loading_plan (workbook);
      if (plan != NULL)
        {
          g_test_message ("%s", plan);
          g_assert_true (g_str_has_prefix (plan, "SCAN f VIRTUAL TABLE"));
          g_assert_null (strstr (plan, "LIST SUBQUERY"));
          planned++;
        }

      g_assert_cmpuint (expected->len, >, 0);
      assert_lists (model, expected);
    }
  g_assert_cmpuint (planned, ==, G_N_ELEMENTS (keystrokes) - 1);

  g_clear_object (&model);
  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* sqlite3_mprintf()'s text, in memory g_free() frees. */
static char *
sql_printf (const char *format,
            ...)
{
  va_list args;
  char *sql, *copy;

  va_start (args, format);
  sql = sqlite3_vmprintf (format, args);
  va_end (args);
  copy = g_strdup (sql);
  sqlite3_free (sql);

  return copy;
}

/* Words in many scripts, cases and accents, with punctuation inside
 * and around them, for the search's texts. */
static const char *const search_words[] = {
  "Émile", "école", "ÉCOLE", "e\u0301cole", "Über", "über-Markt", "Straße", "STRASSE", "Ørsted", "øre",
  "Ñandú", "İzmir", "ıslak", "Œuvre", "ﬁnance", "O'Brien", "AT&T", "e-commerce", "3M", "4ever",
  "Ωmega", "ωmega", "Яндекс", "яблоко", "東京", "naïve", "NAÏVE", "Ärzte", "ärger", "Harbor",
  "harbour", "x.y", "l'Oréal", "Łódź", "łąka", "Ǆemal", "ǅ", "Ａｍａｚｏｎ", "(Kestrel)", "_mills_",
};

/* Every letter the test searches for as the last word. */
static const char *const search_letters[] = {
  "e", "E", "é", "É", "u", "ü", "Ü", "s", "S", "ß", "ø", "Ø", "o", "n", "ñ", "i", "I", "İ", "ı", "œ",
  "ﬁ", "f", "3", "4", "ω", "Ω", "я", "Я", "東", "ä", "Ä", "a", "ł", "Ł", "l", "ǆ", "ǅ", "Ａ", "ａ", "x",
  "h", "H", "k", "m", "_", "b", "q",
};

/* 3,000 accounts made of those words, a third with contacts (some
 * without a title), a fifth without notes; "harbor" 1 in 40. */
static char *
make_search_workbook (const char *dir)
{
  g_autofree char *path = test_make_workbook (dir, "words.concord", FALSE);
  g_autoptr(GString) sql = g_string_new ("CREATE TEMP TABLE w (i INTEGER PRIMARY KEY, t TEXT); INSERT INTO w VALUES ");

  for (guint i = 0; i < G_N_ELEMENTS (search_words); i++)
    {
      g_autofree char *quoted = sql_printf ("%Q", search_words[i]);

      g_string_append_printf (sql, "%s(%u, %s)", i ? ", " : "", i, quoted);
    }
  g_string_append_printf (sql, ";"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
    "INSERT INTO accounts (name, domain, industry, notes) SELECT "
    "  printf ('%%s %%s, %%d', (SELECT t FROM w WHERE w.i = n.i %% %u), (SELECT t FROM w WHERE w.i = n.i * 7 %% %u), n.i), "
    "  printf ('d%%d.example', n.i), (SELECT t FROM w WHERE w.i = n.i * 13 %% %u), "
    "  CASE n.i %% 5 WHEN 0 THEN NULL ELSE printf ('%%s; notes: %%s!', (SELECT t FROM w WHERE w.i = n.i * 3 %% %u), "
    "    (SELECT t FROM w WHERE w.i = n.i * 11 %% %u)) END FROM n;"
    "INSERT INTO contacts (account_id, name, title) SELECT id, "
    "  (SELECT t FROM w WHERE w.i = id * 5 %% %u) || ' Person', "
    "  CASE id %% 2 WHEN 0 THEN NULL ELSE (SELECT t FROM w WHERE w.i = id * 17 %% %u) END "
    "FROM accounts WHERE id %% 3 = 0;",
    (guint) G_N_ELEMENTS (search_words), (guint) G_N_ELEMENTS (search_words), (guint) G_N_ELEMENTS (search_words),
    (guint) G_N_ELEMENTS (search_words), (guint) G_N_ELEMENTS (search_words), (guint) G_N_ELEMENTS (search_words),
    (guint) G_N_ELEMENTS (search_words));
  test_raw_exec (path, sql->str);

  return g_steal_pointer (&path);
}

/* The check a short last word gets keeps exactly the accounts FTS5
 * finds with that word as a prefix query: over every account, for every
 * letter (case, accents, other scripts, a ligature, digits), with the
 * texts of accounts and of their contacts. */
static void
test_short_word_check (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = make_search_workbook (dir);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *check = concord_account_search_word_check ("?1");
  g_autofree char *check_sql = g_strdup_printf ("SELECT a.id FROM accounts a WHERE %s ORDER BY a.id", check);
  guint checked = 0;

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  for (guint l = 0; l < G_N_ELEMENTS (search_letters); l++)
    {
      g_autofree char *token = concord_account_search_prefix_token (workbook, search_letters[l]);
      g_autofree char *fts = g_strdup_printf ("\"%s\"*", search_letters[l]);
      g_autofree char *fts_sql = sql_printf ("SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH %Q ORDER BY rowid", fts);
      g_autoptr(GArray) expected = read_ids (workbook, fts_sql, NULL);
      g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(sqlite3_stmt) stmt = NULL;

      /* "_" is no word for the index; every other letter is one. */
      if (g_str_equal (search_letters[l], "_"))
        {
          g_assert_null (token);
          continue;
        }
      g_assert_nonnull (token);

      g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), check_sql, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (found, id);
        }
      g_test_message ("\"%s\" (token \"%s\"): %u accounts", search_letters[l], token, expected->len);
      g_assert_cmpuint (found->len, ==, expected->len);
      for (guint i = 0; i < expected->len; i++)
        g_assert_cmpint (g_array_index (found, gint64, i), ==, g_array_index (expected, gint64, i));
      checked += expected->len > 0;
    }
  g_assert_cmpuint (checked, >, 30);

  /* Only the store calls the check: a view or trigger in a file cannot. */
  g_assert_cmpint (sqlite3_exec (concord_workbook_get_db (workbook),
                                 "CREATE VIEW v AS SELECT " CONCORD_WORD_PREFIX_FUNCTION " ('a', 'abc')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (concord_workbook_get_db (workbook), "SELECT * FROM v", NULL, NULL, NULL), ==, SQLITE_ERROR);

  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* How many times a short last word's sample (which picks its plan) has
 * run. */
static int
short_word_samples (ConcordWorkbook *workbook)
{
  sqlite3 *db = concord_workbook_get_db (workbook);

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    if (sqlite3_sql (stmt) != NULL && strstr (sqlite3_sql (stmt), "AS kept FROM accounts_fts") != NULL)
      return sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_RUN, 0);

  return 0;
}

/* A search whose last word has one letter lists what FTS5 lists for the
 * whole search, in the same order, whichever way the store finds it:
 * after other words that keep few accounts or many, in several sorts.
 * When the other words keep few and most of those have a word with the
 * letter ("harbor l"), the one-letter word never reaches FTS5. */
static void
test_short_last_word (void)
{
  static const char *const others[] = { "harbor", "notes", "école", "person", "naïve 3" };
  static const ConcordAccountSort sorts[] = {
    CONCORD_ACCOUNT_SORT_NAME, CONCORD_ACCOUNT_SORT_DOMAIN, CONCORD_ACCOUNT_SORT_SALES_OWNER,
  };
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = make_search_workbook (dir);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordQueryModel) model = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0, searched = 0;

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  model = concord_accounts_model_new (workbook);

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint o = 0; o < G_N_ELEMENTS (others); o++)
      for (guint l = 0; l < G_N_ELEMENTS (search_letters); l++)
        {
          g_autofree char *typed = g_strdup_printf ("%s %s", others[o], search_letters[l]);
          ConcordAccountFilter filter = { .search = typed, .sort = sorts[s] };
          g_autofree char *fts = concord_accounts_fts_query (typed);
          g_autofree char *plain = sql_printf ("SELECT a.id FROM accounts a WHERE a.id IN "
                                                    "(SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH %Q) "
                                                    "ORDER BY %s, a.id", fts,
                                                    sorts[s] == CONCORD_ACCOUNT_SORT_NAME ? "a.name COLLATE NOCASE" :
                                                    sorts[s] == CONCORD_ACCOUNT_SORT_DOMAIN ? "a.domain COLLATE NOCASE NULLS LAST" :
                                                    "(SELECT name FROM people WHERE id = a.sales_owner_id) COLLATE NOCASE NULLS LAST, a.sales_owner_id");
          g_autoptr(GArray) expected = read_ids (workbook, plain, NULL);
          sqlite3_stmt *loading;

          g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
          g_assert_no_error (error);
          loading = loading_statement (workbook);
          if (loading != NULL && strstr (sqlite3_sql (loading), CONCORD_WORD_PREFIX_FUNCTION) != NULL)
            checked++;
          searched++;
          assert_lists (model, expected);
        }
  g_test_message ("%u of %u searches checked the short word", checked, searched);
  g_assert_cmpuint (checked, >, 0);
  g_assert_cmpuint (checked, <, searched);

  /* "harbor" keeps 75 accounts, each with a word starting with "h":
   * its matches are checked, and no query of FTS5 has the letter. */
  {
    ConcordAccountFilter filter = { .search = "harbor h" };
    sqlite3_stmt *loading;
    char *sql;

    g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
    g_assert_no_error (error);
    loading = loading_statement (workbook);
    g_assert_nonnull (loading);
    sql = sqlite3_expanded_sql (loading);
    g_test_message ("%s", sql);
    g_assert_nonnull (strstr (sql, "MATCH '\"harbor\"*'"));
    g_assert_null (strstr (sql, "\"h\"*"));
    sqlite3_free (sql);
  }

  /* After another one-letter word, FTS5 merges for that one anyway: the
   * last is not sampled, let alone checked. */
  {
    ConcordAccountFilter filter = { .search = "harbor x h" };
    int sampled = short_word_samples (workbook);
    g_autoptr(GArray) expected = read_ids (workbook,
      "SELECT a.id FROM accounts a WHERE a.id IN (SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH "
      "'\"harbor\"* \"x\"* \"h\"*') ORDER BY a.name COLLATE NOCASE, a.id", NULL);

    g_assert_cmpint (sampled, >, 0);
    g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
    g_assert_no_error (error);
    g_assert_cmpint (short_word_samples (workbook), ==, sampled);
    g_assert_cmpuint (expected->len, >, 0);
    assert_lists (model, expected);
  }

  g_clear_object (&model);
  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* A word many names start with: its matches lie side by side at the end
 * of the name order. Walking the name index to the first page would pass
 * every account before them; the first page sorts the matches instead.
 * The ids are spread so that the workbook counts as 200,000 accounts
 * (the store estimates the size from the largest id). */
static void
test_clustered_search_first_page (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "clustered.concord", FALSE);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordQueryModel) model = NULL;
  g_autoptr(GError) error = NULL;
  ConcordAccountFilter filter = { .search = "zen" };
  sqlite3_stmt *loading;
  int passed;

  test_raw_exec (path,
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
    "INSERT INTO accounts (id, name) "
    "SELECT i * 10, CASE WHEN i > 12000 THEN printf ('Zenith %05d', i) ELSE printf ('Account %05d', i) END FROM n;");
  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  model = concord_accounts_model_new (workbook);

  g_assert_true (concord_accounts_apply_filter (model, &filter, &error));
  g_assert_no_error (error);
  loading = loading_statement (workbook);
  g_assert_nonnull (loading);
  /* Rows stepped over in a scan: a walk passes the 12,000 others. */
  passed = sqlite3_stmt_status (loading, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
  g_test_message ("%d rows passed", passed);
  g_assert_cmpint (passed, <, 1000);

  while (concord_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 8000);
  g_assert_cmpint (concord_query_model_get_id (model, 0), ==, 120010);
  g_assert_cmpint (concord_query_model_get_id (model, 7999), ==, 200000);

  g_clear_object (&model);
  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* Schema 4 gives a touch its owner: a schema 3 file is backed up and
 * upgraded with every touch and link kept and no owner; an owner is set,
 * counted as the person's item, and passes on when they are deleted. */
static void
test_touch_owner (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.concord", NULL);
  g_autofree char *backup = g_strconcat (path, ".v3.bak", NULL);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 touch, ada, ben;

  test_make_old_workbook (path, 3,
                          "PRAGMA foreign_keys = ON;"
                          "INSERT INTO people (name) VALUES ('Ada Park'), ('Ben Ode');"
                          "INSERT INTO accounts (name) VALUES ('Old Co');"
                          "INSERT INTO contacts (account_id, name) VALUES (1, 'Cy Rowe');"
                          "INSERT INTO touches (account_id, contact_id, touched_on, channel, team, note) "
                          "  VALUES (1, 1, '2026-01-12', 'call', 'sales', 'First call');");

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "PRAGMA user_version"), ==, CONCORD_SCHEMA_VERSION);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (test_query_int (workbook, "SELECT count (*) FROM touches WHERE contact_id = 1"
                                             " AND note = 'First call' AND owner_id IS NULL"), ==, 1);

  touch = test_query_int (workbook, "SELECT id FROM touches");
  ada = test_query_int (workbook, "SELECT id FROM people WHERE name = 'Ada Park'");
  ben = test_query_int (workbook, "SELECT id FROM people WHERE name = 'Ben Ode'");
  concord_fields_set_id (fields, "owner_id", ada);
  g_assert_true (concord_accounts_update_touch (workbook, touch, fields, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT owner_id FROM touches"), ==, ada);
  g_assert_cmpint (concord_people_count_owned_items (workbook, ada, &error), ==, 1);

  /* A deleted owner hands the touch on, or leaves it without one. */
  g_assert_true (concord_people_delete (workbook, ada, ben, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT owner_id FROM touches"), ==, ben);
  g_assert_true (concord_people_delete (workbook, ben, 0, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT owner_id IS NULL FROM touches"), ==, 1);

  /* An owner that is not a person is refused with the field's name. */
  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_string (fields, "owner_id", "Ada");
  g_assert_false (concord_accounts_update_touch (workbook, touch, fields, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Owner"));

  g_clear_object (&workbook);
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/accounts/search-first-letter", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_search_first_letter, workbook_fixture_teardown);
  g_test_add ("/accounts/coverage", WorkbookFixture, NULL,
              workbook_fixture_setup, test_coverage, workbook_fixture_teardown);
  g_test_add ("/accounts/coverage/sample", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_sample_coverage, workbook_fixture_teardown);
  g_test_add ("/accounts/stage-change", WorkbookFixture, NULL,
              workbook_fixture_setup, test_stage_change_recorded, workbook_fixture_teardown);
  g_test_add ("/accounts/validation", WorkbookFixture, NULL,
              workbook_fixture_setup, test_validation, workbook_fixture_teardown);
  g_test_add ("/accounts/validation/null", WorkbookFixture, NULL,
              workbook_fixture_setup, test_validation_null, workbook_fixture_teardown);
  g_test_add ("/accounts/bulk-update-fails-whole", WorkbookFixture, NULL,
              workbook_fixture_setup, test_bulk_update_fails_whole, workbook_fixture_teardown);
  g_test_add ("/accounts/touch/last-touch", WorkbookFixture, NULL,
              workbook_fixture_setup, test_touch_keeps_last_touch, workbook_fixture_teardown);
  g_test_add ("/accounts/bulk-update-undo", WorkbookFixture, NULL,
              workbook_fixture_setup, test_bulk_update_undo, workbook_fixture_teardown);
  g_test_add ("/accounts/list/filter-and-search", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_filter_and_search, workbook_fixture_teardown);
  g_test_add ("/accounts/list/lazy-large", WorkbookFixture, NULL,
              workbook_fixture_setup, test_lazy_model_large, workbook_fixture_teardown);
  g_test_add ("/accounts/export", WorkbookFixture, NULL,
              workbook_fixture_setup, test_export, workbook_fixture_teardown);
  g_test_add ("/accounts/export/cli", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_export_cli, workbook_fixture_teardown);
  g_test_add_func ("/accounts/touch-owner", test_touch_owner);
  g_test_add_func ("/accounts/list/sorts-first-page", test_sorts_first_page);
  g_test_add_func ("/accounts/list/clustered-search-first-page", test_clustered_search_first_page);
  g_test_add_func ("/accounts/list/owner-sort-first-page", test_owner_sort_first_page);
  g_test_add_func ("/accounts/list/narrow-search", test_narrow_search);
  g_test_add_func ("/accounts/list/short-word-check", test_short_word_check);
  g_test_add_func ("/accounts/list/short-last-word", test_short_last_word);
  g_test_add_func ("/accounts/money", test_money);
  g_test_add_func ("/accounts/fts-query", test_fts_query);

  return g_test_run ();
}
