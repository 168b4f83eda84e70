/* test-query-model.c: the lazy list over a query */
#include "config.h"

#include "concord-query-model.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

typedef struct
{
  guint position, removed, added, calls;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->calls++;
}

static void
test_lists_and_follows (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, "accounts");
  g_autoptr(GError) error = NULL;
  Change change = { 0 };

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &change);

  g_assert_true (concord_query_model_set_query (model,
                                                "SELECT id FROM accounts ORDER BY name COLLATE NOCASE",
                                                NULL, &error));
  test_add_account (workbook, "Marlow Textiles");
  test_add_account (workbook, "Brightwater Foods");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  /* Only the new row is announced, where the order puts it. */
  change.calls = 0;
  test_add_account (workbook, "Kestrel Paper");
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, 1);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);

  {
    g_autoptr(ConcordRecord) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(ConcordRecord) last = g_list_model_get_item (G_LIST_MODEL (model), 2);

    g_assert_cmpstr (concord_record_get_string (first, "name"), ==, "Brightwater Foods");
    g_assert_cmpstr (concord_record_get_string (last, "name"), ==, "Marlow Textiles");
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 3));
  }

  /* Undo takes it away again. */
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
}

static void
on_record_changed (ConcordRecord *record,
                   guint         *count)
{
  (*count)++;
}

static void
test_live_record_refreshes (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, "accounts");
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(ConcordRecord) record = NULL;
  g_autoptr(ConcordRecord) again = NULL;
  g_autoptr(GError) error = NULL;
  Change change = { 0 };
  guint record_changes = 0;
  gint64 id;

  id = test_add_account (workbook, "Orvane Utilities");
  test_add_account (workbook, "Corvel Water");
  record = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (concord_record_get_id (record), ==, id);
  g_signal_connect (record, "changed", G_CALLBACK (on_record_changed), &record_changes);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &change);

  concord_fields_set_int (fields, "fit", 85);
  g_assert_true (concord_workbook_update (workbook, "accounts", id, fields, &error));

  /* Same ids in the same order: the row updates in place. */
  g_assert_cmpuint (change.calls, ==, 0);
  g_assert_cmpuint (record_changes, ==, 1);
  g_assert_cmpint (concord_record_get_int (record, "fit"), ==, 85);

  again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (again == record);
}

static void
test_params_and_lazy (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, "accounts");
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_begin (workbook, "Add many", &error));
  for (int i = 0; i < 2000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Account %04d", i);
      test_add_account (workbook, name);
    }
  g_assert_true (concord_workbook_commit (workbook, &error));

  g_ptr_array_add (params, g_variant_new_string ("Account 01%"));
  g_assert_true (concord_query_model_set_query (model,
                                                "SELECT id FROM accounts WHERE name LIKE ?1 ORDER BY name",
                                                params, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_cmpint (concord_query_model_get_id (model, 0), >, 0);

  {
    g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (model), 99);
    guint position = 0;

    g_assert_cmpstr (concord_record_get_string (record, "name"), ==, "Account 0199");
    g_assert_true (concord_query_model_find (model, concord_record_get_id (record), &position));
    g_assert_cmpuint (position, ==, 99);
  }

  /* A bad query is an error, and the list keeps what it had. */
  g_assert_false (concord_query_model_set_query (model, "SELECT nonsense FROM", NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  {
    g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (model), 99);

    g_assert_cmpstr (concord_record_get_string (record, "name"), ==, "Account 0199");
  }
}

typedef struct
{
  GListModel *model;
  GArray     *calls;  /* position, removed, added, n_items seen during the signal */
} ChangeLog;

static void
log_change (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            ChangeLog  *log)
{
  guint entry[4] = { position, removed, added, g_list_model_get_n_items (model) };

  g_array_append_vals (log->calls, entry, 4);
}

/* What a new query shows before the main loop runs. */
#define QUERY_WINDOW 100

static void
wait_loaded (ConcordQueryModel *model)
{
  while (concord_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

/* A search that swaps most of a long list is announced as a removal, then
 * an insertion, the list consistent at each step; a small change is one. */
static void
test_large_replacement (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, "accounts");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint));
  ChangeLog log = { G_LIST_MODEL (model), calls };
  const char *sql = "SELECT id FROM accounts WHERE name LIKE ?1 ORDER BY name";

  g_assert_true (concord_workbook_begin (workbook, "Add many", &error));
  for (int i = 0; i < 3000; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %04d", i % 2 ? "Odd" : "Even", i);
      test_add_account (workbook, name);
    }
  g_assert_true (concord_workbook_commit (workbook, &error));

  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string ("Even%")));
  g_assert_true (concord_query_model_set_query (model, sql, params, &error));
  g_assert_no_error (error);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1500);
  g_signal_connect (model, "items-changed", G_CALLBACK (log_change), &log);

  g_ptr_array_set_size (params, 0);
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string ("Odd%")));
  g_assert_true (concord_query_model_set_query (model, sql, params, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls->len, ==, 8);
  /* Removed: 1500 gone, none added, nothing left meanwhile. */
  g_assert_cmpuint (g_array_index (calls, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (calls, guint, 1), ==, 1500);
  g_assert_cmpuint (g_array_index (calls, guint, 2), ==, 0);
  g_assert_cmpuint (g_array_index (calls, guint, 3), ==, 0);
  /* Then inserted. */
  g_assert_cmpuint (g_array_index (calls, guint, 5), ==, 0);
  g_assert_cmpuint (g_array_index (calls, guint, 6), ==, QUERY_WINDOW);
  g_assert_cmpuint (g_array_index (calls, guint, 7), ==, QUERY_WINDOW);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1500);
  {
    g_autoptr(ConcordRecord) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (concord_record_get_string (first, "name"), ==, "Odd 0001");
  }

  /* A view that keeps its rows in place asks for the replacement as one
   * change, so it knows which positions stay. */
  concord_query_model_set_whole_replacements (model, TRUE);
  g_array_set_size (calls, 0);
  g_ptr_array_set_size (params, 0);
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string ("Even%")));
  g_assert_true (concord_query_model_set_query (model, sql, params, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls->len, ==, 4);
  g_assert_cmpuint (g_array_index (calls, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (calls, guint, 1), ==, 1500);
  g_assert_cmpuint (g_array_index (calls, guint, 2), ==, QUERY_WINDOW);
  g_assert_cmpuint (g_array_index (calls, guint, 3), ==, QUERY_WINDOW);
  g_ptr_array_set_size (params, 0);
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string ("Odd%")));
  g_assert_true (concord_query_model_set_query (model, sql, params, &error));
  g_assert_no_error (error);
  wait_loaded (model);

  /* Such a view asks for as many ids at once as it holds rows, never
   * fewer than a screenful. */
  concord_query_model_set_first_window (model, 250);
  g_array_set_size (calls, 0);
  g_ptr_array_set_size (params, 0);
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string ("Even%")));
  g_assert_true (concord_query_model_set_query (model, sql, params, &error));
  g_assert_cmpuint (calls->len, ==, 4);
  g_assert_cmpuint (g_array_index (calls, guint, 2), ==, 250);
  concord_query_model_set_first_window (model, 10);
  g_array_set_size (calls, 0);
  g_ptr_array_set_size (params, 0);
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string ("Odd%")));
  g_assert_true (concord_query_model_set_query (model, sql, params, &error));
  g_assert_cmpuint (calls->len, ==, 4);
  g_assert_cmpuint (g_array_index (calls, guint, 2), ==, QUERY_WINDOW);
  wait_loaded (model);

  /* A small change stays one announcement. */
  g_array_set_size (calls, 0);
  test_add_account (workbook, "Odd 9999");
  g_assert_cmpuint (calls->len, ==, 4);
  g_assert_cmpuint (g_array_index (calls, guint, 0), ==, 1500);
  g_assert_cmpuint (g_array_index (calls, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (calls, guint, 2), ==, 1);
  g_assert_cmpuint (g_array_index (calls, guint, 3), ==, 1501);
}

typedef struct
{
  GListModel *model;
  guint       n_items;   /* as the announcements tell it */
  gboolean    appended;  /* every announcement while loading added at the end */
} Growth;

static void
follow_growth (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Growth     *growth)
{
  if (position != growth->n_items - removed || removed != 0)
    growth->appended = FALSE;
  growth->n_items = growth->n_items - removed + added;
  g_assert_cmpuint (growth->n_items, ==, g_list_model_get_n_items (model));
}

static void
add_numbered_accounts (ConcordWorkbook *workbook,
                       guint            n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_begin (workbook, "Add many", &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Account %05u", i);
      test_add_account (workbook, name);
    }
  g_assert_true (concord_workbook_commit (workbook, &error));
}

/* A long list shows its first rows at once and reads the rest while the
 * main loop is idle, each chunk announced as rows added at the end. */
static void
test_first_window_then_rest (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, "accounts");
  g_autoptr(GError) error = NULL;
  Growth growth = { G_LIST_MODEL (model), 0, TRUE };
  guint n;

  add_numbered_accounts (workbook, 6000);
  /* The refresh after the commit reads its rest while idle too. */
  while (concord_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6000);

  g_assert_true (concord_query_model_set_query (model,
                                                "SELECT id FROM accounts ORDER BY name DESC",
                                                NULL, &error));
  g_assert_no_error (error);
  g_assert_true (concord_query_model_is_loading (model));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, 6000);
  {
    g_autoptr(ConcordRecord) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (concord_record_get_string (first, "name"), ==, "Account 05999");
  }

  growth.n_items = n;
  g_signal_connect (model, "items-changed", G_CALLBACK (follow_growth), &growth);
  while (concord_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (growth.appended);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6000);
  {
    g_autoptr(ConcordRecord) last = g_list_model_get_item (G_LIST_MODEL (model), 5999);

    g_assert_cmpstr (concord_record_get_string (last, "name"), ==, "Account 00000");
  }
}

/* Looking for a row not read yet reads the rest; so does a write, which
 * then shows as any edit does. */
static void
test_loading_finishes_when_needed (WorkbookFixture *fixture,
                                   gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, "accounts");
  g_autoptr(GError) error = NULL;
  const char *sql = "SELECT id FROM accounts ORDER BY name";
  g_autoptr(ConcordRecord) last = NULL;
  guint position = 0;
  gint64 id;

  add_numbered_accounts (workbook, 4000);
  g_assert_true (concord_query_model_set_query (model, sql, NULL, &error));
  g_assert_true (concord_query_model_is_loading (model));
  id = test_query_int (workbook, "SELECT id FROM accounts WHERE name = 'Account 03999'");
  g_assert_true (concord_query_model_find (model, id, &position));
  g_assert_cmpuint (position, ==, 3999);
  g_assert_false (concord_query_model_is_loading (model));

  /* Another query, loading again; an insert reads the rest first. */
  g_assert_true (concord_query_model_set_query (model, "SELECT id FROM accounts ORDER BY name DESC",
                                                NULL, &error));
  g_assert_true (concord_query_model_is_loading (model));
  id = test_add_account (workbook, "Account 99999");
  /* The refresh after it shows its first rows at once, the rest while
   * idle. */
  while (concord_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4001);
  g_assert_cmpint (concord_query_model_get_id (model, 0), ==, id);
  last = g_list_model_get_item (G_LIST_MODEL (model), 4000);
  g_assert_cmpstr (concord_record_get_string (last, "name"), ==, "Account 00000");

  /* Copying the file while a list loads copies it whole. */
  g_assert_true (concord_query_model_set_query (model, sql, NULL, &error));
  g_assert_true (concord_query_model_is_loading (model));
  {
    g_autofree char *copy = g_build_filename (fixture->dir, "copy.concord", NULL);

    g_assert_true (concord_workbook_save_copy (workbook, copy, &error));
    g_assert_no_error (error);
  }
  g_assert_false (concord_query_model_is_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4001);
}

/* What a view knows of the list: the ids as the announcements tell them,
 * each added one read from the model when announced. */
typedef struct
{
  ConcordQueryModel *model;
  GArray            *seen;   /* gint64 */
  GArray            *calls;  /* position, removed, added */
} Mirror;

static void
follow_mirror (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Mirror     *mirror)
{
  guint entry[3] = { position, removed, added };

  g_assert_cmpuint (position + removed, <=, mirror->seen->len);
  g_array_remove_range (mirror->seen, position, removed);
  for (guint i = 0; i < added; i++)
    {
      gint64 id = concord_query_model_get_id (mirror->model, position + i);

      g_array_insert_val (mirror->seen, position + i, id);
    }
  g_assert_cmpuint (mirror->seen->len, ==, g_list_model_get_n_items (model));
  g_array_append_vals (mirror->calls, entry, 3);
}

static void
mirror_init (Mirror            *mirror,
             ConcordQueryModel *model)
{
  mirror->model = model;
  mirror->seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  mirror->calls = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      gint64 id = concord_query_model_get_id (model, i);

      g_array_append_val (mirror->seen, id);
    }
  g_signal_connect (model, "items-changed", G_CALLBACK (follow_mirror), mirror);
}

static void
mirror_clear (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_data (mirror->model, mirror);
  g_array_unref (mirror->seen);
  g_array_unref (mirror->calls);
}

/* The ids @sql gives now, read apart from any model. */
static GArray *
query_ids (ConcordWorkbook *workbook,
           const char      *sql)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  return ids;
}

/* The model lists what the query gives, and a view that followed the
 * announcements holds the same. */
static void
assert_model_is (Mirror     *mirror,
                 GArray     *expected,
                 guint       first)
{
  guint n = first != 0 ? first : expected->len;

  if (first == 0)
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mirror->model)), ==, expected->len);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (concord_query_model_get_id (mirror->model, i), ==,
                       g_array_index (expected, gint64, i));
      g_assert_cmpint (g_array_index (mirror->seen, gint64, i), ==,
                       g_array_index (expected, gint64, i));
    }
  g_assert_cmpuint (mirror->seen->len, ==, g_list_model_get_n_items (G_LIST_MODEL (mirror->model)));
}

#define SORTED "SELECT id FROM accounts ORDER BY name"

/* An edit in a long list is shown in its first rows at once, and only the
 * rows that moved are announced: the ones around them keep their place.
 * The rest follows while idle, as one change after the first rows. */
static void
test_refresh_first_window_then_rest (WorkbookFixture *fixture,
                                     gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, "accounts");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;
  Mirror mirror;
  gint64 moved;

  add_numbered_accounts (workbook, 6000);
  g_assert_true (concord_query_model_set_query (model, SORTED, NULL, &error));
  wait_loaded (model);
  mirror_init (&mirror, model);

  /* The eleventh row goes to the end. */
  moved = concord_query_model_get_id (model, 10);
  test_rename (workbook, "accounts", moved, "Zz last");
  expected = query_ids (workbook, SORTED);
  g_assert_true (concord_query_model_is_loading (model));
  assert_model_is (&mirror, expected, 2000);
  g_assert_cmpuint (mirror.calls->len, ==, 3);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 0), ==, 10);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 2), ==, 0);

  wait_loaded (model);
  assert_model_is (&mirror, expected, 0);
  g_assert_cmpint (concord_query_model_get_id (model, 5999), ==, moved);
  g_assert_cmpuint (mirror.calls->len, ==, 6);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 3), ==, 5999);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 4), ==, 0);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 5), ==, 1);

  /* And back to the first rows: announced at once where it lands, then
   * taken from the end. */
  g_array_set_size (mirror.calls, 0);
  test_rename (workbook, "accounts", moved, "Account 00003a");
  g_clear_pointer (&expected, g_array_unref);
  expected = query_ids (workbook, SORTED);
  assert_model_is (&mirror, expected, 2000);
  g_assert_cmpuint (mirror.calls->len, ==, 3);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 0), ==, 4);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 2), ==, 1);
  wait_loaded (model);
  assert_model_is (&mirror, expected, 0);
  g_assert_cmpuint (mirror.calls->len, ==, 6);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 3), ==, 6000);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 4), ==, 1);
  g_assert_cmpuint (g_array_index (mirror.calls, guint, 5), ==, 0);

  /* Undo, a deletion and an insertion, each while the last is read. */
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  test_add_account (workbook, "Account 00500a");
  g_assert_true (concord_workbook_delete (workbook, "accounts",
                                          concord_query_model_get_id (model, 2), &error));
  g_assert_no_error (error);
  g_clear_pointer (&expected, g_array_unref);
  expected = query_ids (workbook, SORTED);
  assert_model_is (&mirror, expected, 2000);
  wait_loaded (model);
  assert_model_is (&mirror, expected, 0);

  mirror_clear (&mirror);
}

/* A search reads no more ids before its first frame than a tall window
 * and the rows a list view keeps beside it need; the rest follows while
 * idle, each announced as rows added at the end. */
static void
test_query_first_window_is_small (WorkbookFixture *fixture,
                                  gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, "accounts");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;
  const char *search = "SELECT id FROM accounts WHERE name LIKE '%1%' ORDER BY name";
  Mirror mirror;
  guint n;

  add_numbered_accounts (workbook, 6000);
  wait_loaded (model);
  mirror_init (&mirror, model);

  g_assert_true (concord_query_model_set_query (model, search, NULL, &error));
  g_assert_no_error (error);
  expected = query_ids (workbook, search);
  g_assert_cmpuint (expected->len, >, 2000);
  g_assert_true (concord_query_model_is_loading (model));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, QUERY_WINDOW);
  assert_model_is (&mirror, expected, n);

  wait_loaded (model);
  assert_model_is (&mirror, expected, 0);
  for (guint i = 3; i + 2 < mirror.calls->len; i += 3)
    {
      /* After the first window, only rows added at the end. */
      g_assert_cmpuint (g_array_index (mirror.calls, guint, i + 1), ==, 0);
    }

  mirror_clear (&mirror);
}

/* A refresh or a new query while the rest of a refresh is read drops that
 * read; the list ends right, and nothing stale is announced. */
static void
test_refresh_during_refresh (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, "accounts");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;
  Mirror mirror;

  add_numbered_accounts (workbook, 6000);
  g_assert_true (concord_query_model_set_query (model, SORTED, NULL, &error));
  wait_loaded (model);
  mirror_init (&mirror, model);

  test_rename (workbook, "accounts", concord_query_model_get_id (model, 7), "Zz last");
  g_assert_true (concord_query_model_is_loading (model));
  g_assert_true (concord_query_model_refresh (model, &error));
  g_assert_no_error (error);
  g_assert_true (concord_query_model_is_loading (model));
  g_assert_true (concord_query_model_refresh (model, &error));
  expected = query_ids (workbook, SORTED);
  assert_model_is (&mirror, expected, 2000);
  wait_loaded (model);
  assert_model_is (&mirror, expected, 0);

  /* A new query while a refresh reads the rest. */
  test_rename (workbook, "accounts", concord_query_model_get_id (model, 3), "Zzz later");
  g_assert_true (concord_query_model_is_loading (model));
  g_assert_true (concord_query_model_set_query (model, SORTED " DESC", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&expected, g_array_unref);
  expected = query_ids (workbook, SORTED " DESC");
  assert_model_is (&mirror, expected, QUERY_WINDOW);
  wait_loaded (model);
  assert_model_is (&mirror, expected, 0);

  /* Looking for a row past the first window reads the rest first. */
  {
    gint64 moved = concord_query_model_get_id (model, 5000);
    guint position = 0;

    test_rename (workbook, "accounts", moved, "0 first");
    g_assert_true (concord_query_model_is_loading (model));
    g_assert_true (concord_query_model_find (model, moved, &position));
    g_assert_cmpuint (position, ==, 5999);
    g_assert_false (concord_query_model_is_loading (model));
    g_clear_pointer (&expected, g_array_unref);
    expected = query_ids (workbook, SORTED " DESC");
    assert_model_is (&mirror, expected, 0);
  }

  mirror_clear (&mirror);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/query-model/lists-and-follows", WorkbookFixture, NULL,
              workbook_fixture_setup, test_lists_and_follows, workbook_fixture_teardown);
  g_test_add ("/query-model/live-record-refreshes", WorkbookFixture, NULL,
              workbook_fixture_setup, test_live_record_refreshes, workbook_fixture_teardown);
  g_test_add ("/query-model/large-replacement", WorkbookFixture, NULL,
              workbook_fixture_setup, test_large_replacement, workbook_fixture_teardown);
  g_test_add ("/query-model/first-window-then-rest", WorkbookFixture, NULL,
              workbook_fixture_setup, test_first_window_then_rest, workbook_fixture_teardown);
  g_test_add ("/query-model/loading-finishes-when-needed", WorkbookFixture, NULL,
              workbook_fixture_setup, test_loading_finishes_when_needed, workbook_fixture_teardown);
  g_test_add ("/query-model/refresh-first-window-then-rest", WorkbookFixture, NULL,
              workbook_fixture_setup, test_refresh_first_window_then_rest, workbook_fixture_teardown);
  g_test_add ("/query-model/query-first-window-is-small", WorkbookFixture, NULL,
              workbook_fixture_setup, test_query_first_window_is_small, workbook_fixture_teardown);
  g_test_add ("/query-model/refresh-during-refresh", WorkbookFixture, NULL,
              workbook_fixture_setup, test_refresh_during_refresh, workbook_fixture_teardown);
  g_test_add ("/query-model/params-and-lazy", WorkbookFixture, NULL,
              workbook_fixture_setup, test_params_and_lazy, workbook_fixture_teardown);

  return g_test_run ();
}
