/* test-accounts-page.c: the accounts page and the import dialog, driven
 * through their actions and widgets as a user would */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "concord-account-cell.h"
#include "concord-account-import-dialog.h"
#include "concord-accounts.h"
#include "concord-accounts-page.h"
#include "concord-date-row.h"
#include "concord-record-drop-down.h"
#include "concord-query-model.h"
#include "concord-record-selection.h"
#include "concord-values.h"
#include "concord-test-util.h"
#include "concord-values.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"
#include "concord-workbook-private.h"

static gboolean
deadline_passed (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Waits for the search entry's typing delay and the list to follow: the
 * main loop sleeps until a source is due, so nothing here guesses a time. */
static gboolean
wait_for_items (GListModel *model,
                guint       n_items)
{
  gboolean late = FALSE;
  guint deadline = g_timeout_add_seconds (3, deadline_passed, &late);

  while (!late && g_list_model_get_n_items (model) != n_items)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (deadline);

  return g_list_model_get_n_items (model) == n_items;
}

static void
test_filter_list (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook,
                                                                        1200, 800, &window));
  GListModel *model = concord_accounts_page_get_model (page);
  GtkWidget *search = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  GtkWidget *tier = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, 0);
  GtkWidget *stage = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, 1);
  g_autoptr(ConcordRecord) first = NULL;
  gint64 total = test_query_int (fixture->workbook, "SELECT count(*) FROM accounts");

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);

  /* Tier: 1:1 strategic is the first choice after "All tiers". */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (tier), 1);
  test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE tier = 'strategic'"));

  /* Stage on top of tier: strategic customers. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (stage), 4);
  test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (concord_record_get_string (first, "name"), ==, "Orvane Water Utility");
  g_clear_object (&first);

  /* Its last touch reads as every other date does, not as stored. */
  {
    g_autofree char *stored = test_query_string (fixture->workbook,
                                                 "SELECT last_touch_on FROM accounts WHERE name = 'Orvane Water Utility'");
    g_autofree char *shown = concord_date_format (stored);

    g_assert_nonnull (test_find_label (GTK_WIDGET (page), shown));
    g_assert_null (test_find_label (GTK_WIDGET (page), stored));
  }

  /* Search as you type, through contacts: "Marta Kowalczyk" works at Orvane. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (stage), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (tier), 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "kowal");
  g_assert_true (wait_for_items (model, 1));
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (concord_record_get_string (first, "name"), ==, "Orvane Water Utility");

  /* Nothing matches: the "no match" state offers to clear the filters. */
  gtk_editable_set_text (GTK_EDITABLE (search), "zzzzqqq");
  g_assert_true (wait_for_items (model, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.clear-filters", NULL));
  test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);

  test_destroy_window (window);
}

static void
on_items_changed_track_most (GListModel *model,
                             guint       position,
                             guint       removed,
                             guint       added,
                             guint      *most)
{
  *most = MAX (*most, g_list_model_get_n_items (model));
}

typedef struct
{
  GListModel *model;
  const char *name;
} OnlyRow;

static gboolean
lists_only (gpointer data)
{
  OnlyRow *only = data;
  g_autoptr(ConcordRecord) first = NULL;

  if (g_list_model_get_n_items (only->model) != 1)
    return FALSE;
  first = g_list_model_get_item (only->model, 0);
  return g_strcmp0 (concord_record_get_string (first, "name"), only->name) == 0;
}

/* Types @text at the end of @entry one character at a time, as keys do. */
static void
type_text (GtkWidget  *entry,
           const char *text)
{
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      int position = -1;

      gtk_editable_set_position (GTK_EDITABLE (entry), -1);
      position = gtk_editable_get_position (GTK_EDITABLE (entry));
      gtk_editable_insert_text (GTK_EDITABLE (entry), c, g_utf8_next_char (c) - c, &position);
      test_spin ();
    }
}

/* Search as the user types it, and text typed over the search at one go:
 * the rows on screen follow, and the list never passes through every
 * account on the way from one search to the next. */
static void
test_search_typing (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook,
                                                                        1200, 800, &window));
  GListModel *model = concord_accounts_page_get_model (page);
  GtkWidget *search = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  GtkWidget *list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  guint total = test_query_int (fixture->workbook, "SELECT count(*) FROM accounts");
  guint most = 0;
  gulong handler;

  g_assert_cmpuint (total, >, 1);
  test_wait_for_frame (list);
  g_assert_nonnull (test_find_label (list, "Kestrel Paper Mills"));

  /* "Marta Kowalczyk" works at Orvane: one row, and only it, on screen. */
  gtk_widget_grab_focus (search);
  type_text (search, "kowal");
  test_wait_until (lists_only, &(OnlyRow) { model, "Orvane Water Utility" }, 5, "Orvane alone");
  test_wait_for_frame (list);
  g_assert_nonnull (test_find_label (list, "Orvane Water Utility"));
  g_assert_null (test_find_label (list, "Kestrel Paper Mills"));

  /* Typed over at one go (select all, then type or paste): the entry is
   * emptied on the way, which must not list every account. */
  handler = g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_track_most), &most);
  gtk_editable_set_text (GTK_EDITABLE (search), "kestrel");
  test_wait_until (lists_only, &(OnlyRow) { model, "Kestrel Paper Mills" }, 5, "Kestrel alone");
  g_signal_handler_disconnect (model, handler);
  g_assert_cmpuint (most, <, total);
  test_wait_for_frame (list);
  g_assert_nonnull (test_find_label (list, "Kestrel Paper Mills"));
  g_assert_null (test_find_label (list, "Orvane Water Utility"));

  /* Cleared: every account again. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (wait_for_items (model, total));
  test_wait_for_frame (list);
  g_assert_nonnull (test_find_label (list, "Orvane Water Utility"));

  test_destroy_window (window);
}

typedef struct
{
  guint calls;
  guint lowest;  /* the lowest position announced */
} Announced;

static void
on_items_changed_note (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Announced  *announced)
{
  announced->calls++;
  announced->lowest = MIN (announced->lowest, position);
}

/* A search keeps the row widgets on screen and points them at the rows
 * it found; the account the user selected stays selected wherever the
 * search puts it, and afterwards in the whole list again. */
static void
test_search_keeps_rows (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook,
                                                                        1200, 800, &window));
  ConcordQueryModel *model = CONCORD_QUERY_MODEL (concord_accounts_page_get_model (page));
  GtkSelectionModel *selection = concord_accounts_page_get_selection (page);
  GtkWidget *search = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  GtkWidget *list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  guint total = test_query_int (fixture->workbook, "SELECT count(*) FROM accounts");
  gint64 orvane = test_query_int (fixture->workbook, "SELECT id FROM accounts WHERE name = 'Orvane Water Utility'");
  g_autoptr(ConcordRecord) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_autofree char *first_name = g_strdup (concord_record_get_string (first, "name"));
  Announced announced = { 0, G_MAXUINT };
  GtkWidget *label;
  guint position;
  gulong handler;

  test_wait_for_frame (list);
  label = test_find_label (list, first_name);
  g_assert_nonnull (label);
  g_object_add_weak_pointer (G_OBJECT (label), (gpointer *) &label);

  g_assert_true (concord_query_model_find (model, orvane, &position));
  g_assert_cmpuint (position, >, 0);
  g_assert_true (gtk_selection_model_select_item (selection, position, TRUE));

  handler = g_signal_connect (selection, "items-changed", G_CALLBACK (on_items_changed_note), &announced);
  gtk_editable_set_text (GTK_EDITABLE (search), "kowal");
  test_wait_until (lists_only, &(OnlyRow) { G_LIST_MODEL (model), "Orvane Water Utility" }, 5, "Orvane alone");
  test_wait_for_frame (list);
  g_signal_handler_disconnect (selection, handler);

  /* Only the end of the list was announced: the first row's widgets stay
   * and show Orvane now. */
  g_assert_cmpuint (announced.calls, >, 0);
  g_assert_cmpuint (announced.lowest, ==, 1);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Orvane Water Utility");
  g_assert_true (gtk_selection_model_is_selected (selection, 0));

  /* Cleared: Orvane, and only Orvane, is selected in its place again. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (wait_for_items (G_LIST_MODEL (model), total));
  test_wait_for_frame (list);
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
    g_assert_true (gtk_bitset_contains (selected, position));
  }

  /* A search without it, then none: a selection the user did not see
   * change does not come back. */
  gtk_editable_set_text (GTK_EDITABLE (search), "kestrel");
  test_wait_until (lists_only, &(OnlyRow) { G_LIST_MODEL (model), "Kestrel Paper Mills" }, 5, "Kestrel alone");
  g_assert_false (gtk_selection_model_is_selected (selection, 0));
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (wait_for_items (G_LIST_MODEL (model), total));
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 0);
  }

  if (label != NULL)
    g_object_remove_weak_pointer (G_OBJECT (label), (gpointer *) &label);
  test_destroy_window (window);
}

static void
on_search_changed_count (GtkSearchEntry *entry,
                         guint          *count)
{
  (*count)++;
}

/* A keystroke's results are in the list once the main loop has handled
 * what is ready, without a typing delay; keys typed faster than the list
 * follows are searched for once. */
static void
test_search_without_delay (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook,
                                                                        1200, 800, &window));
  GListModel *model = concord_accounts_page_get_model (page);
  GtkWidget *search = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  GtkWidget *list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  guint searches = 0;

  test_wait_for_frame (list);
  gtk_widget_grab_focus (search);
  g_signal_connect (search, "search-changed", G_CALLBACK (on_search_changed_count), &searches);

  /* Five keys before the main loop runs once. */
  for (const char *c = "kowal"; *c != '\0'; c++)
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (search));

      gtk_editable_insert_text (GTK_EDITABLE (search), c, 1, &position);
      gtk_editable_set_position (GTK_EDITABLE (search), position);
    }
  /* Only what is due now: no timer that is still to come. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (searches, ==, 1);
  g_assert_true (lists_only (&(OnlyRow) { model, "Orvane Water Utility" }));
  test_wait_for_frame (list);
  g_assert_nonnull (test_find_label (list, "Orvane Water Utility"));

  test_destroy_window (window);
}

typedef struct
{
  GtkWidget  *root;
  const char *words;
} LabelsGone;

static gboolean
label_says (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/* No label under the root says the words any longer. */
static gboolean
labels_gone (gpointer data)
{
  LabelsGone *gone = data;

  return test_find_widget (gone->root, label_says, gone->words) == NULL;
}

typedef struct
{
  GtkWidget  *list;
  const char *awaited;
  gboolean    handled;
  guint      on_screen;   /* rows the search showed at once */
  guint      off_screen;  /* rows left for later, off screen */
} FirstLook;

/* What the list shows when the page has handled a keystroke, before any
 * frame: the rows on screen say "alpha", rows far off it may still say
 * "beta". */
static void
on_search_handled (GtkSearchEntry *entry,
                   FirstLook      *look)
{
  g_autoptr(GPtrArray) labels = test_collect_widgets (look->list, label_says, "Account ");
  int height = gtk_widget_get_height (look->list);

  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (entry)), look->awaited))
    return;
  look->handled = TRUE;
  if (!g_str_equal (look->awaited, "alpha"))
    return;
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (label, look->list, &bounds));
      /* GTK 4.8 leaves the rows it keeps off screen unplaced. */
      if (bounds.size.height > 0 && bounds.origin.y + bounds.size.height >= 0 && bounds.origin.y <= height)
        {
          g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "alpha"));
          look->on_screen++;
        }
      else if (strstr (gtk_label_get_text (GTK_LABEL (label)), "beta") != NULL)
        look->off_screen++;
    }
}

/* GTK keeps a few hundred rows beyond the screen, and a search points
 * each at another account: the rows on screen show theirs at once, the
 * others right after, so the first frame has few labels to measure. */
/* 400 accounts, "Account 000 alpha", "Account 001 beta" and so on. */
static void
add_alpha_beta_accounts (ConcordWorkbook *workbook)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordEdit) edit = concord_workbook_edit (workbook, "Add", &error);

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *name = g_strdup_printf ("Account %03u %s", i, i % 2 ? "beta" : "alpha");

      test_add_account (workbook, name);
    }
  g_assert_true (concord_edit_commit (edit, &error));
  g_assert_no_error (error);
}

static void
test_search_off_screen_later (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page;
  GtkWidget *search, *list;
  FirstLook look = { 0 };

  add_alpha_beta_accounts (fixture->workbook);
  page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook, 1200, 500, &window));
  search = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  look.list = list;
  look.awaited = "alpha";
  test_wait_for_frame (list);
  g_assert_nonnull (test_find_label (list, "Account 001 beta"));

  g_signal_connect_after (search, "search-changed", G_CALLBACK (on_search_handled), &look);
  gtk_editable_set_text (GTK_EDITABLE (search), "alpha");
  test_wait_until (labels_gone, &(LabelsGone) { list, "beta" }, 5, "every row to show a match");
  g_assert_cmpuint (look.on_screen, >, 0);
  g_assert_cmpuint (look.off_screen, >, 0);
  g_assert_nonnull (test_find_label (list, "Account 398 alpha"));

  /* Down the found rows with the keyboard, beyond the screen: the row
   * with the focus is the account selected, and says so. */
  {
    GtkWidget *rows = test_find_type (list, GTK_TYPE_LIST_VIEW);
    GtkSelectionModel *selection = concord_accounts_page_get_selection (page);
    g_autoptr(GtkBitset) selected = NULL;
    g_autoptr(ConcordRecord) record = NULL;
    GtkWidget *focus, *label;
    guint at;

    g_assert_true (gtk_widget_activate_action (rows, "list.select-item", "(ubb)", 0, FALSE, FALSE));
    g_assert_true (gtk_widget_grab_focus (rows));
    for (guint i = 0; i < 40; i++)
      test_press_key (rows, GDK_KEY_Down, 0);
    selected = gtk_selection_model_get_selection (selection);
    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
    at = gtk_bitset_get_minimum (selected);
    g_assert_cmpuint (at, >=, 39);
    record = g_list_model_get_item (concord_accounts_page_get_model (page), at);
    focus = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_nonnull (focus);
    label = test_find_widget (focus, label_says, "Account ");
    g_assert_nonnull (label);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, concord_record_get_string (record, "name"));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "alpha"));
    gtk_selection_model_unselect_all (selection);
    gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)), 0);
    test_spin ();
  }

  /* Scrolled at once after the next search: no row shows the one before. */
  look.awaited = "beta";
  look.handled = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (search), "beta");
  while (!look.handled)
    g_main_context_iteration (NULL, TRUE);
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list)), 300);
  g_assert_true (labels_gone (&(LabelsGone) { list, "alpha" }));

  test_destroy_window (window);
}

/* Waits until @model holds its whole query and the list has drawn it. */
static void
wait_until_listed (ConcordQueryModel *model,
                   GtkWidget         *list)
{
  while (concord_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  test_wait_for_frame (list);
}

/* 400 alpha and 400 beta accounts, each more than the list holds rows,
 * on a page in a window tall enough for a screenful. */
static ConcordAccountsPage *
present_many_alpha_beta (WorkbookFixture    *fixture,
                         GtkWindow         **window,
                         ConcordQueryModel **model,
                         GtkWidget         **search,
                         GtkWidget         **list)
{
  ConcordAccountsPage *page;

  add_alpha_beta_accounts (fixture->workbook);
  add_alpha_beta_accounts (fixture->workbook);
  page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook, 1200, 800, window));
  *model = CONCORD_QUERY_MODEL (concord_accounts_page_get_model (page));
  *search = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  *list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);

  return page;
}

/* A keystroke that finds as many accounts as the list holds rows shows
 * them in the rows it has: none is taken away and built again before the
 * frame that shows the results. */
static void
test_search_builds_no_rows (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordQueryModel *model;
  GtkWidget *search, *list;
  g_autoptr(GPtrArray) cells = NULL;
  guint created, rows;

  present_many_alpha_beta (fixture, &window, &model, &search, &list);
  gtk_editable_set_text (GTK_EDITABLE (search), "alpha");
  wait_until_listed (model, list);
  cells = test_collect_type (list, CONCORD_TYPE_ACCOUNT_CELL);
  rows = cells->len / 10;
  /* GTK 4.8 holds rows for some two hundred items whatever the height. */
  g_assert_cmpuint (rows, >, 100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, rows);

  created = concord_account_cell_get_n_created ();
  gtk_editable_set_text (GTK_EDITABLE (search), "beta");
  wait_until_listed (model, list);
  g_assert_cmpuint (concord_account_cell_get_n_created () - created, ==, 0);
  g_clear_pointer (&cells, g_ptr_array_unref);
  cells = test_collect_type (list, CONCORD_TYPE_ACCOUNT_CELL);
  g_assert_cmpuint (cells->len / 10, ==, rows);
  test_wait_until (labels_gone, &(LabelsGone) { list, "alpha" }, 5, "every row to show a match");
  g_assert_nonnull (test_find_label (list, "Account 001 beta"));

  test_destroy_window (window);
}

/* How many labels under @root say @words. */
static guint
count_labels (GtkWidget  *root,
              const char *words)
{
  g_autoptr(GPtrArray) labels = test_collect_type (root, GTK_TYPE_LABEL);
  guint n = 0;

  for (guint i = 0; i < labels->len; i++)
    if (label_says (g_ptr_array_index (labels, i), words))
      n++;

  return n;
}

typedef struct
{
  GtkWidget *list;
  gboolean   handled;
  gboolean   painted;
  guint      stale_handled;  /* labels showing the search before, once the page handled the keystroke */
  guint      stale_painted;  /* the same, once the frame with the results is painted */
} PaintLook;

static void
on_beta_handled (GtkSearchEntry *entry,
                 PaintLook      *look)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), "beta") != 0 || look->handled)
    return;

  look->handled = TRUE;
  look->stale_handled = count_labels (look->list, "alpha");
}

static void
on_first_paint (GdkFrameClock *clock,
                PaintLook     *look)
{
  if (!look->handled || look->painted)
    return;

  look->painted = TRUE;
  look->stale_painted = count_labels (look->list, "alpha");
}

/* The frame that shows a keystroke's results lays out the rows on screen
 * only: the rows the list keeps off screen show their new accounts once
 * it is painted. */
static void
test_search_off_screen_after_paint (WorkbookFixture *fixture,
                                    gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordQueryModel *model;
  GtkWidget *search, *list;
  PaintLook look = { 0 };
  gulong handler;

  present_many_alpha_beta (fixture, &window, &model, &search, &list);
  look.list = list;
  gtk_editable_set_text (GTK_EDITABLE (search), "alpha");
  wait_until_listed (model, list);
  test_wait_until (labels_gone, &(LabelsGone) { list, "beta" }, 5, "every row to show a match");
  g_assert_cmpuint (count_labels (list, "alpha"), >, 100);

  /* Typed right after a frame, as a user types while the list is drawn:
   * the next frame's time is a while off, and the main loop idle meanwhile. */
  test_wait_for_frame (list);
  g_signal_connect_after (search, "search-changed", G_CALLBACK (on_beta_handled), &look);
  handler = g_signal_connect (gtk_widget_get_frame_clock (list), "after-paint", G_CALLBACK (on_first_paint), &look);
  gtk_editable_set_text (GTK_EDITABLE (search), "beta");
  while (!look.painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (list), handler);

  /* The rows on screen show betas at once; those off screen wait. */
  g_assert_cmpuint (look.stale_handled, >, 0);
  g_assert_cmpuint (look.stale_handled, <, count_labels (list, "Account "));
  g_assert_cmpuint (look.stale_painted, ==, look.stale_handled);
  test_wait_until (labels_gone, &(LabelsGone) { list, "alpha" }, 5, "every row to show a match");
  g_assert_nonnull (test_find_label (list, "Account 001 beta"));

  test_destroy_window (window);
}

typedef struct
{
  guint    reads;     /* accounts read from the file */
  gboolean counting;
  guint    at_once;   /* of those, while the page handled the keystroke */
} AccountReads;

static int
count_account_read (unsigned  type,
                    void     *data,
                    void     *statement,
                    void     *sql)
{
  AccountReads *reads = data;

  if (reads->counting && g_str_equal (sqlite3_sql (statement), "SELECT * FROM accounts WHERE id = ?1"))
    reads->reads++;

  return 0;
}

static void
on_search_handled_count (GtkSearchEntry *entry,
                         AccountReads   *reads)
{
  reads->at_once = reads->reads;
}

/* A keystroke reads the accounts of the rows on screen; the few hundred
 * rows GTK keeps beyond it read theirs afterwards. */
static void
test_search_reads_shown_rows (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  sqlite3 *db = concord_workbook_get_db (fixture->workbook);
  GtkWindow *window = NULL;
  ConcordAccountsPage *page;
  GtkWidget *search, *list;
  g_autoptr(GPtrArray) kept = NULL;
  AccountReads reads = { 0 };

  add_alpha_beta_accounts (fixture->workbook);
  page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook, 1200, 500, &window));
  search = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  test_wait_for_frame (list);
  kept = test_collect_widgets (list, label_says, "Account ");
  g_assert_cmpuint (kept->len, >, 100);

  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, count_account_read, &reads);
  g_signal_connect_after (search, "search-changed", G_CALLBACK (on_search_handled_count), &reads);
  reads.counting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (search), "alpha");
  test_wait_until (labels_gone, &(LabelsGone) { list, "beta" }, 5, "every row to show a match");
  reads.counting = FALSE;
  sqlite3_trace_v2 (db, 0, NULL, NULL);

  /* The rows on screen, not every row kept. */
  g_assert_cmpuint (reads.at_once, >, 0);
  g_assert_cmpuint (reads.at_once * 4, <, kept->len);
  /* The others, since, each once. */
  g_assert_cmpuint (reads.reads, <=, kept->len);
  g_assert_nonnull (test_find_label (list, "Account 398 alpha"));

  test_destroy_window (window);
}

static gboolean
list_is_whole (gpointer model)
{
  return !concord_query_model_is_loading (model);
}

/* A change keeps the selection on its account at the cost of the ids it
 * brings: deleting 10,000 accounts of 12,000 does not read every id. */
static void
test_selection_follows_cheaply (WorkbookFixture *fixture,
                                gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkWindow *window = NULL;
  ConcordAccountsPage *page;
  ConcordQueryModel *model;
  GtkSelectionModel *selection;
  GtkWidget *list;
  gint64 kept = 0;
  guint position;
  guint64 read_before;

  {
    g_autoptr(ConcordEdit) edit = concord_workbook_edit (fixture->workbook, "Add", &error);

    for (guint i = 0; i < 12000; i++)
      {
        g_autofree char *name = g_strdup_printf ("Account %05u", i);
        gint64 id = test_add_account (fixture->workbook, name);

        if (i < 10000)
          g_array_append_val (gone, id);
        else if (i == 11000)
          kept = id;
      }
    g_assert_true (concord_edit_commit (edit, &error));
    g_assert_no_error (error);
  }

  page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook, 1200, 500, &window));
  model = CONCORD_QUERY_MODEL (concord_accounts_page_get_model (page));
  selection = concord_accounts_page_get_selection (page);
  list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  test_wait_for_frame (list);
  g_assert_true (concord_query_model_find (model, kept, &position));
  g_assert_cmpuint (position, ==, 11000);
  g_assert_true (gtk_selection_model_select_item (selection, position, TRUE));

  read_before = concord_record_selection_get_ids_read (CONCORD_RECORD_SELECTION (selection));
  g_assert_true (concord_accounts_delete_many (fixture->workbook, (const gint64 *) gone->data, gone->len, &error));
  g_assert_no_error (error);
  test_wait_until (list_is_whole, model, 5, "the list to be read whole");
  test_wait_for_frame (list);

  /* Still on the same account, now the 1,001st. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2000);
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
    g_assert_cmpuint (gtk_bitset_get_minimum (selected), ==, 1000);
    g_assert_true (gtk_selection_model_is_selected (selection, 1000));
    g_assert_cmpint (concord_query_model_get_id (model, 1000), ==, kept);
  }
  g_assert_cmpuint (concord_record_selection_get_ids_read (CONCORD_RECORD_SELECTION (selection)) - read_before,
                    <, 10000);

  test_destroy_window (window);
}

/* An owner renamed while their accounts are on screen: the rows name
 * them anew, and the list shows the same accounts. */
static void
test_owner_renamed (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook,
                                                                        1400, 800, &window));
  GListModel *model = concord_accounts_page_get_model (page);
  GtkWidget *list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  g_autoptr(ConcordRecord) first = g_list_model_get_item (model, 0);
  gint64 owner = concord_record_get_int (first, "sales_owner_id");
  g_autofree char *query = g_strdup_printf ("SELECT name FROM people WHERE id = %" G_GINT64_FORMAT, owner);
  g_autofree char *old_name = test_query_string (fixture->workbook, query);
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpint (owner, >, 0);
  test_wait_for_frame (list);
  g_assert_nonnull (test_find_label (list, old_name));

  concord_fields_set_string (fields, "name", "Renata Quist");
  g_assert_true (concord_workbook_update (fixture->workbook, "people", owner, fields, &error));
  g_assert_no_error (error);
  test_wait_for_label (list, "Renata Quist");
  test_wait_until (labels_gone, &(LabelsGone) { list, old_name }, 5, "the old name gone");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* Undone: the old name again. */
  g_assert_true (concord_workbook_undo (fixture->workbook, &error));
  g_assert_no_error (error);
  test_wait_for_label (list, old_name);

  test_destroy_window (window);
}

static void
test_bulk_change_and_undo (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook,
                                                                        1200, 800, &window));
  GtkSelectionModel *selection = concord_accounts_page_get_selection (page);
  gint64 total = test_query_int (fixture->workbook, "SELECT count(*) FROM accounts");

  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  g_assert_true (gtk_selection_model_select_item (selection, 1, FALSE));
  g_assert_true (gtk_selection_model_select_item (selection, 2, FALSE));
  test_spin ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.set-stage", "s", "paused"));
  test_spin ();
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE stage = 'paused'"), >=, 3);
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Change Stage of 3 Accounts");

  /* One Undo takes the whole bulk change back. */
  g_assert_true (concord_workbook_undo (fixture->workbook, NULL));
  test_spin ();
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE stage = 'paused'"), ==, 1);

  /* New account: Ctrl+N's action opens the editor on it; Escape returns. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.new", NULL));
  test_spin ();
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, total + 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.delete", NULL));
  test_spin ();
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, total);
  g_assert_cmpuint (g_list_model_get_n_items (concord_accounts_page_get_model (page)), ==, total);

  test_destroy_window (window);
}

/* The page in a window of its own, with the account named @name opened
 * from the list as a double click does. */
static GtkWidget *
open_editor (WorkbookFixture      *fixture,
             const char           *name,
             GtkWindow           **window,
             ConcordAccountsPage **page_out,
             guint                *position_out)
{
  ConcordAccountsPage *page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook,
                                                                        1200, 800, window));
  GtkWidget *column_view = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM accounts WHERE name = '%s'", name);
  gint64 id = test_query_int (fixture->workbook, sql);
  GtkWidget *editor;
  guint position;

  g_assert_true (concord_query_model_find (CONCORD_QUERY_MODEL (concord_accounts_page_get_model (page)),
                                           id, &position));
  g_signal_emit_by_name (column_view, "activate", position);
  test_spin ();
  editor = test_find_nth_type (GTK_WIDGET (page), g_type_from_name ("ConcordAccountEditor"), 0);
  g_assert_true (gtk_widget_get_mapped (editor));
  if (position_out != NULL)
    *position_out = position;
  if (page_out != NULL)
    *page_out = page;

  return editor;
}

/* Focuses @field and replaces its text, as typing does. */
static void
type_into (GtkWidget  *field,
           const char *text)
{
  g_assert_true (gtk_widget_grab_focus (field));
  test_spin ();
  gtk_editable_set_text (GTK_EDITABLE (field), text);
  test_spin ();
}

/* A column of one account, as another program reading the file sees it. */
static char *
stored_field (WorkbookFixture *fixture,
              const char      *column,
              gint64           id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) other = concord_workbook_open (fixture->path, CONCORD_OPEN_READ_ONLY, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM accounts WHERE id = %" G_GINT64_FORMAT, column, id);

  g_assert_no_error (error);
  return test_query_string (other, sql);
}

/* Before its first frame GTK builds and measures every row of the list's
 * first screens: of each row only the account's text is measured (it
 * gives the row its height), yet every row shows its values. */
static void
test_first_page_measures_one_cell_per_row (WorkbookFixture *fixture,
                                           gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  GtkWindow *window = NULL;
  ConcordAccountsPage *page;
  GtkWidget *list;
  guint measured, rows;

  {
    g_autoptr(ConcordEdit) edit = concord_workbook_edit (fixture->workbook, "Add", &error);

    for (guint i = 0; i < 300; i++)
      {
        g_autofree char *name = g_strdup_printf ("Account %03u", i);

        test_add_account (fixture->workbook, name);
      }
    g_assert_true (concord_edit_commit (edit, &error));
    g_assert_no_error (error);
  }

  measured = concord_account_cell_get_n_measured ();
  page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook, 1200, 800, &window));
  list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  test_wait_for_frame (list);
  measured = concord_account_cell_get_n_measured () - measured;

  /* Ten columns: a tenth of the cells are the accounts'. */
  cells = test_collect_type (list, CONCORD_TYPE_ACCOUNT_CELL);
  rows = cells->len / 10;
  g_assert_cmpuint (rows, >=, 20);
  g_assert_cmpuint (measured, >=, rows);
  g_assert_cmpuint (measured, <=, 2 * rows);

  /* What the first rows show, column by column. */
  g_assert_nonnull (test_find_label (list, "Account 000"));
  g_assert_nonnull (test_find_label (list, "Account 019"));

  test_destroy_window (window);
}

/* The owner filter reads the people when its list first opens, not with
 * the page; what it then offers and keeps is as before. */
static void
test_owner_filter_fills_when_opened (WorkbookFixture *fixture,
                                     gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page = CONCORD_ACCOUNTS_PAGE (test_present_page (CONCORD_TYPE_ACCOUNTS_PAGE, fixture->workbook,
                                                                        1200, 800, &window));
  GListModel *model = concord_accounts_page_get_model (page);
  GtkWidget *owner = test_find_type (GTK_WIDGET (page), CONCORD_TYPE_RECORD_DROP_DOWN);
  GtkWidget *inner = test_find_type (owner, GTK_TYPE_DROP_DOWN);
  GtkWidget *button = test_find_type (inner, GTK_TYPE_TOGGLE_BUTTON);
  gint64 people = test_query_int (fixture->workbook, "SELECT count(*) FROM people");
  gpointer item;
  g_autofree char *sql = NULL;
  gint64 id;

  g_assert_cmpint (people, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (inner))), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (inner)), ==, 0);

  /* Opened with a click: "Any owner" and every person. */
  g_signal_emit_by_name (button, "clicked");
  test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (inner))), ==, people + 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (inner)), ==, 0);
  g_assert_cmpint (concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (owner)), ==, 0);

  /* Picking the first person keeps their accounts. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (inner), 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
  test_spin ();
  item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (inner));
  id = concord_record_get_id (CONCORD_RECORD (item));
  g_assert_cmpint (concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (owner)), ==, id);
  sql = g_strdup_printf ("SELECT count(*) FROM accounts WHERE sales_owner_id = %" G_GINT64_FORMAT
                         " OR marketing_owner_id = %" G_GINT64_FORMAT, id, id);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, test_query_int (fixture->workbook, sql));

  test_destroy_window (window);
}

/* By name: before it is first built, the editor's type may not exist. */
static gboolean
is_account_editor (GtkWidget     *widget,
                   gconstpointer  data)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (widget), "ConcordAccountEditor");
}

/* The list alone does not build the account editor; the first account
 * opened does, and that editor keeps every way an edit reaches the file. */
static void
test_editor_built_on_first_use (WorkbookFixture *fixture,
                                gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *page, *column_view, *editor, *search;
  g_autofree char *old_domain = NULL;
  g_autofree char *value = NULL;
  GtkWidget *weak;
  gint64 id;

  g_assert_true (concord_window_show_page (window, "accounts"));
  page = concord_window_get_page (window, "accounts");
  column_view = test_find_type (page, GTK_TYPE_COLUMN_VIEW);
  test_wait_for_frame (column_view);
  g_assert_null (test_find_widget (page, is_account_editor, NULL));

  /* Activating a row, as Enter or a double click does, opens it. */
  id = concord_query_model_get_id (CONCORD_QUERY_MODEL (concord_accounts_page_get_model (CONCORD_ACCOUNTS_PAGE (page))), 0);
  g_signal_emit_by_name (column_view, "activate", 0);
  test_spin ();
  editor = test_find_widget (page, is_account_editor, NULL);
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_mapped (editor));
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE industry = 'Shipbuilding'"), ==, 0);

  /* Tab leaves the field: saved. */
  type_into (test_find_row (editor, ADW_TYPE_ENTRY_ROW, "Industry"), "Shipbuilding");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  test_spin ();
  value = stored_field (fixture, "industry", id);
  g_assert_cmpstr (value, ==, "Shipbuilding");
  g_clear_pointer (&value, g_free);

  /* A click elsewhere (the window's search) leaves it too. */
  type_into (test_find_row (editor, ADW_TYPE_ENTRY_ROW, "Region"), "Baltics");
  search = test_find_type (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  g_assert_true (gtk_widget_grab_focus (search != NULL ? search : column_view));
  test_spin ();
  value = stored_field (fixture, "region", id);
  g_assert_cmpstr (value, ==, "Baltics");
  g_clear_pointer (&value, g_free);

  /* Another page shown: saved, and one undo step takes it back. */
  old_domain = stored_field (fixture, "domain", id);
  type_into (test_find_row (editor, ADW_TYPE_ENTRY_ROW, "Domain"), "baltic-ships.example");
  g_assert_true (concord_window_show_page (window, "plans"));
  test_spin ();
  value = stored_field (fixture, "domain", id);
  g_assert_cmpstr (value, ==, "baltic-ships.example");
  g_clear_pointer (&value, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  test_spin ();
  value = stored_field (fixture, "domain", id);
  g_assert_cmpstr (value, ==, old_domain);
  g_clear_pointer (&value, g_free);

  /* Closing the window saves what is still typed. */
  g_assert_true (concord_window_show_page (window, "accounts"));
  test_spin ();
  g_assert_true (test_find_widget (page, is_account_editor, NULL) == editor);
  type_into (test_find_row (editor, ADW_TYPE_ENTRY_ROW, "Industry"), "Shipyards");
  weak = GTK_WIDGET (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  gtk_window_close (GTK_WINDOW (window));
  test_spin ();
  g_assert_null (weak);
  value = stored_field (fixture, "industry", id);
  g_assert_cmpstr (value, ==, "Shipyards");
}

static void
test_editor_validation (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page = NULL;
  GtkWidget *fit, *engagement, *domain;
  guint position;
  GtkWidget *editor = open_editor (fixture, "Kestrel Paper Mills", &window, &page, &position);

  /* Name, domain, industry, region, employees, revenue, then ICP fit. */
  fit = test_find_nth_type (editor, ADW_TYPE_ENTRY_ROW, 6);
  engagement = test_find_nth_type (editor, ADW_TYPE_ENTRY_ROW, 7);
  gtk_editable_set_text (GTK_EDITABLE (fit), "140");
  g_signal_emit_by_name (fit, "apply");
  test_spin ();
  g_assert_true (gtk_widget_has_css_class (fit, "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (fit), ==, "ICP fit: must be between 0 and 100.");
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT fit FROM accounts WHERE name = 'Kestrel Paper Mills'"), ==, 82);

  /* A good value saves and is one undo step; the refused one stays on
   * screen, marked, until it is fixed. */
  gtk_editable_set_text (GTK_EDITABLE (engagement), "64");
  g_signal_emit_by_name (engagement, "apply");
  test_spin ();
  g_assert_true (gtk_widget_has_css_class (fit, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fit)), ==, "140");
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT engagement FROM accounts WHERE name = 'Kestrel Paper Mills'"), ==, 64);
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Change “Engagement (0–100)”");
  gtk_editable_set_text (GTK_EDITABLE (fit), "90");
  g_signal_emit_by_name (fit, "apply");
  test_spin ();
  g_assert_false (gtk_widget_has_css_class (fit, "error"));
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT fit FROM accounts WHERE name = 'Kestrel Paper Mills'"), ==, 90);

  /* Emptying a field that may be empty clears it. */
  domain = test_find_nth_type (editor, ADW_TYPE_ENTRY_ROW, 1);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT domain IS NULL FROM accounts WHERE name = 'Kestrel Paper Mills'"), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (domain), "");
  g_signal_emit_by_name (domain, "apply");
  test_spin ();
  g_assert_false (gtk_widget_has_css_class (domain, "error"));
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT domain IS NULL FROM accounts WHERE name = 'Kestrel Paper Mills'"), ==, 1);
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Change “Domain”");

  /* Escape's action goes back to the list, on the same account. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.show-list", NULL));
  test_spin ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_STACK, 0))),
                   ==, "list");
  g_assert_true (gtk_selection_model_is_selected (concord_accounts_page_get_selection (page), position));

  test_destroy_window (window);
}

/* A widget of no size that counts how often it is measured. */
typedef struct
{
  GtkWidget parent_instance;
  guint     n_measures;
} MeasureCounter;

typedef GtkWidgetClass MeasureCounterClass;

static GType measure_counter_get_type (void);
G_DEFINE_TYPE (MeasureCounter, measure_counter, GTK_TYPE_WIDGET)

static void
measure_counter_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  ((MeasureCounter *) widget)->n_measures++;
  *minimum = *natural = 0;
}

static void
measure_counter_class_init (MeasureCounterClass *klass)
{
  klass->measure = measure_counter_measure;
}

static void
measure_counter_init (MeasureCounter *self)
{
}

static gboolean
transition_over (gpointer data)
{
  return !gtk_stack_get_transition_running (GTK_STACK (data));
}

/* Back on the list after an account was opened, a search lays out the
 * list alone: the hidden editor is not measured, even when its content
 * changed while it was hidden. */
static void
test_search_skips_hidden_editor (WorkbookFixture *fixture,
                                 gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordAccountsPage *page = NULL;
  GtkWidget *editor = open_editor (fixture, "Kestrel Paper Mills", &window, &page, NULL);
  GtkWidget *stack = test_template_child (GTK_WIDGET (page), CONCORD_TYPE_ACCOUNTS_PAGE, "stack");
  GtkWidget *search = test_find_nth_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  GtkWidget *list = test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  GListModel *model = concord_accounts_page_get_model (page);
  MeasureCounter *counter = g_object_new (measure_counter_get_type (), NULL);

  gtk_box_append (GTK_BOX (gtk_stack_get_child_by_name (GTK_STACK (stack), "editor")), GTK_WIDGET (counter));
  test_wait_for_frame (editor);
  g_assert_cmpuint (counter->n_measures, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.show-list", NULL));
  test_wait_until (transition_over, stack, 5, "the slide back to the list");
  test_wait_for_frame (list);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "list");
  g_assert_false (gtk_widget_get_mapped (editor));

  counter->n_measures = 0;
  gtk_widget_queue_resize (GTK_WIDGET (counter));
  gtk_widget_grab_focus (search);
  type_text (search, "kowal");
  test_wait_until (lists_only, &(OnlyRow) { model, "Orvane Water Utility" }, 5, "Orvane alone");
  test_wait_for_frame (list);
  g_assert_nonnull (test_find_label (list, "Orvane Water Utility"));
  g_assert_false (gtk_widget_get_mapped (editor));
  g_assert_cmpuint (counter->n_measures, ==, 0);

  test_destroy_window (window);
}

/* The contact picker's position of @name ("None" first). */
static guint
contact_position (GtkWidget  *row,
                  const char *name)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ConcordRecord) contact = g_list_model_get_item (model, i);

      if (g_strcmp0 (concord_record_get_string (contact, "name"), name) == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* A touch is logged with its contact, shows its date as every other date
 * does, and is edited and removed from its row. */
static void
test_touches (WorkbookFixture *fixture,
              gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  GtkWindow *window = NULL;
  GtkWidget *editor = open_editor (fixture, "Kestrel Paper Mills", &window, NULL, NULL);
  GtkWidget *expander = test_find_row (editor, ADW_TYPE_EXPANDER_ROW, "Log a Touch");
  GtkWidget *date = test_find_nth_type (editor, CONCORD_TYPE_DATE_ROW, 0);
  GtkWidget *contact = test_find_row (editor, ADW_TYPE_COMBO_ROW, "Contact");
  GtkWidget *note = test_find_row (editor, ADW_TYPE_ENTRY_ROW, "Note");
  GtkWidget *row, *owner;
  gint64 liv = test_query_int (wb, "SELECT id FROM contacts WHERE name = 'Liv Aasen'");
  gint64 daniel = test_query_int (wb, "SELECT id FROM people WHERE name = 'Daniel Kuehn'");
  GtkWidget *made_by = test_find_row (editor, ADW_TYPE_ACTION_ROW, "Made by");
  ConcordRecordDropDown *owner_picker = CONCORD_RECORD_DROP_DOWN (test_find_type (made_by, CONCORD_TYPE_RECORD_DROP_DOWN));
  gint64 touches = test_query_int (wb, "SELECT count (*) FROM touches");
  gint64 id;
  g_autoptr(GObject) none = NULL;

  g_assert_nonnull (expander);
  g_assert_nonnull (contact);
  /* The list's Last Touch reads like every other date too. */
  {
    g_autofree char *last = test_query_string (wb, "SELECT last_touch_on FROM accounts WHERE name = 'Kestrel Paper Mills'");
    g_autofree char *shown = concord_date_format (last);

    g_assert_nonnull (test_find_label (GTK_WIDGET (window), shown));
  }
  /* Empty pickers all say None. */
  none = g_list_model_get_item (adw_combo_row_get_model (ADW_COMBO_ROW (contact)), 0);
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (none)), ==, "None");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (contact)), ==, 0);
  owner = test_find_row (editor, ADW_TYPE_ACTION_ROW, "Sales owner");
  g_assert_nonnull (owner);
  {
    GtkWidget *picker = test_find_nth_type (owner, GTK_TYPE_DROP_DOWN, 0);
    g_autoptr(GObject) first = g_list_model_get_item (gtk_drop_down_get_model (GTK_DROP_DOWN (picker)), 0);

    g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (first)), ==, "None");
  }

  concord_date_row_set_date (CONCORD_DATE_ROW (date), "2026-03-02");
  adw_combo_row_set_selected (ADW_COMBO_ROW (contact), contact_position (contact, "Liv Aasen"));
  gtk_editable_set_text (GTK_EDITABLE (note), "Asked for the vibration case study.");
  g_assert_cmpint (concord_record_drop_down_get_selected_id (owner_picker), ==, 0);
  concord_record_drop_down_set_selected_id (owner_picker, daniel);
  g_assert_true (gtk_widget_activate_action (editor, "account.log-touch", NULL));
  test_spin ();
  g_assert_cmpint (test_query_int (wb, "SELECT owner_id FROM touches WHERE note = 'Asked for the vibration case study.'"),
                   ==, daniel);
  g_assert_cmpint (concord_record_drop_down_get_selected_id (owner_picker), ==, 0);
  id = test_query_int (wb, "SELECT id FROM touches WHERE note = 'Asked for the vibration case study.'");
  g_assert_cmpint (test_query_int (wb, "SELECT contact_id FROM touches WHERE note = 'Asked for the vibration case study.'"),
                   ==, liv);
  row = test_find_row (editor, ADW_TYPE_ACTION_ROW, "2 Mar 2026 · Email · Sales · Liv Aasen");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "By Daniel Kuehn\nAsked for the vibration case study.");
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Log Touch");

  /* Renaming the contact in the committee, or the person on the People
   * page, shows in the touch's row at once; undo puts the names back. */
  {
    GtkWidget *committee = test_find_row (editor, ADW_TYPE_EXPANDER_ROW, "Liv Aasen");
    g_autoptr(ConcordFields) renamed = concord_fields_new ();

    g_assert_nonnull (committee);
    test_apply_text (committee, "Name", "Liv Aasen-Berg");
    g_assert_nonnull (test_find_row (editor, ADW_TYPE_ACTION_ROW, "2 Mar 2026 · Email · Sales · Liv Aasen-Berg"));
    concord_fields_set_string (renamed, "name", "Daniel Kühn");
    g_assert_true (concord_workbook_update (wb, "people", daniel, renamed, NULL));
    test_spin ();
    row = test_find_row (editor, ADW_TYPE_ACTION_ROW, "2 Mar 2026 · Email · Sales · Liv Aasen-Berg");
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     "By Daniel Kühn\nAsked for the vibration case study.");
    g_assert_true (concord_workbook_undo (wb, NULL));
    g_assert_true (concord_workbook_undo (wb, NULL));
    test_spin ();
    row = test_find_row (editor, ADW_TYPE_ACTION_ROW, "2 Mar 2026 · Email · Sales · Liv Aasen");
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     "By Daniel Kuehn\nAsked for the vibration case study.");
    g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Log Touch");
  }
  /* The form is ready for the next touch. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (contact)), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note)), ==, "");

  /* Edit from the row: the form shows the touch; Cancel leaves it. */
  g_signal_emit_by_name (test_find_actionable (row, "account.edit-touch"), "clicked");
  test_spin ();
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), ==, "Edit Touch");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note)), ==, "Asked for the vibration case study.");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (contact)), ==, contact_position (contact, "Liv Aasen"));
  g_assert_cmpstr (concord_date_row_get_date (CONCORD_DATE_ROW (date)), ==, "2026-03-02");
  g_assert_cmpint (concord_record_drop_down_get_selected_id (owner_picker), ==, daniel);
  g_assert_true (gtk_widget_activate_action (editor, "account.cancel-touch", NULL));
  test_spin ();
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), ==, "Log a Touch");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note)), ==, "");

  /* Save: the same touch changes, its contact cleared; one undo step. */
  g_assert_true (gtk_widget_activate_action (editor, "account.edit-touch", "x", id));
  test_spin ();
  gtk_editable_set_text (GTK_EDITABLE (note), "Sent the vibration case study.");
  adw_combo_row_set_selected (ADW_COMBO_ROW (contact), 0);
  concord_record_drop_down_set_selected_id (owner_picker, 0);
  g_assert_true (gtk_widget_activate_action (editor, "account.log-touch", NULL));
  test_spin ();
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM touches"), ==, touches + 1);
  g_assert_cmpint (test_query_int (wb, "SELECT id FROM touches WHERE contact_id IS NULL AND owner_id IS NULL"
                                       " AND note = 'Sent the vibration case study.'"), ==, id);
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Edit Touch");
  row = test_find_row (editor, ADW_TYPE_ACTION_ROW, "2 Mar 2026 · Email · Sales");
  g_assert_nonnull (row);
  g_assert_true (concord_workbook_undo (wb, NULL));
  test_spin ();
  g_assert_cmpint (test_query_int (wb, "SELECT contact_id FROM touches WHERE note = 'Asked for the vibration case study.'"),
                   ==, liv);

  /* Remove from the row; undo brings it back. */
  row = test_find_row (editor, ADW_TYPE_ACTION_ROW, "2 Mar 2026 · Email · Sales · Liv Aasen");
  g_signal_emit_by_name (test_find_nth_type (row, GTK_TYPE_BUTTON, 1), "clicked");
  test_spin ();
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM touches"), ==, touches);
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Remove Touch");

  test_destroy_window (window);
}

/* Plans are linked and unlinked from the account too, one undo step each;
 * the plan's own list of accounts follows. */
static void
test_link_plans (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  GtkWindow *window = NULL;
  GtkWidget *editor = open_editor (fixture, "Kestrel Paper Mills", &window, NULL, NULL);
  GtkWidget *link_row = test_find_row (editor, ADW_TYPE_ACTION_ROW, "Link a Plan");
  GtkWidget *picker, *row;
  gint64 kestrel = test_query_int (wb, "SELECT id FROM accounts WHERE name = 'Kestrel Paper Mills'");
  gint64 seller_kit = test_query_int (wb, "SELECT id FROM plans WHERE title = 'Seller kit for the vibration analytics release'");
  g_autofree char *linked_sql = g_strdup_printf ("SELECT count (*) FROM plan_accounts WHERE plan_id = %" G_GINT64_FORMAT
                                                 " AND account_id = %" G_GINT64_FORMAT, seller_kit, kestrel);

  g_assert_nonnull (link_row);
  picker = test_find_nth_type (link_row, CONCORD_TYPE_RECORD_DROP_DOWN, 0);
  g_assert_null (test_find_row (editor, ADW_TYPE_ACTION_ROW, "Seller kit for the vibration analytics release"));

  /* Nothing chosen: the group says what to do, nothing is written. */
  g_assert_true (gtk_widget_activate_action (editor, "account.link-plan", NULL));
  test_spin ();
  g_assert_nonnull (test_find_label (editor, "Choose a plan to link to this account."));

  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (picker), seller_kit);
  g_assert_true (gtk_widget_activate_action (editor, "account.link-plan", NULL));
  test_spin ();
  g_assert_cmpint (test_query_int (wb, linked_sql), ==, 1);
  g_assert_null (test_find_label (editor, "Choose a plan to link to this account."));
  row = test_find_row (editor, ADW_TYPE_ACTION_ROW, "Seller kit for the vibration analytics release");
  g_assert_nonnull (row);
  g_assert_cmpint (concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (picker)), ==, 0);

  /* A second link of the same plan is refused with the store's reason. */
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (picker), seller_kit);
  g_assert_true (gtk_widget_activate_action (editor, "account.link-plan", NULL));
  test_spin ();
  g_assert_nonnull (test_find_label (editor, "Kestrel Paper Mills is already a target account of this plan."));

  g_signal_emit_by_name (test_find_actionable (row, "account.unlink-plan"), "clicked");
  test_spin ();
  g_assert_cmpint (test_query_int (wb, linked_sql), ==, 0);
  g_assert_null (test_find_row (editor, ADW_TYPE_ACTION_ROW, "Seller kit for the vibration analytics release"));
  g_assert_true (concord_workbook_undo (wb, NULL));
  test_spin ();
  g_assert_cmpint (test_query_int (wb, linked_sql), ==, 1);
  g_assert_nonnull (test_find_row (editor, ADW_TYPE_ACTION_ROW, "Seller kit for the vibration analytics release"));

  test_destroy_window (window);
}

static void
test_import_dialog (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "hubspot-companies.csv", NULL);
  GtkWidget *dialog = concord_account_import_dialog_new (fixture->workbook);
  gint64 before = test_query_int (fixture->workbook, "SELECT count(*) FROM accounts");
  gint64 deadline;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (concord_account_import_dialog_load_path (CONCORD_ACCOUNT_IMPORT_DIALOG (dialog), path));
  test_spin ();
  /* The preview says how the file writes its dates. */
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_template_child (dialog,
                                     CONCORD_TYPE_ACCOUNT_IMPORT_DIALOG, "preview_row"))),
                                   "\nThe file writes dates as 2026-01-12."));

  g_assert_true (gtk_widget_activate_action (dialog, "import.start", NULL));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (concord_workbook_in_edit (fixture->workbook) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  test_spin ();

  g_assert_false (concord_workbook_in_edit (fixture->workbook));
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, before + 4);
  g_assert_true (concord_workbook_undo (fixture->workbook, NULL));
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, before);

  test_destroy_window (dialog);
}

static GtkWidget *
template_child (GtkWidget  *dialog,
                const char *name)
{
  return test_template_child (dialog, CONCORD_TYPE_ACCOUNT_IMPORT_DIALOG, name);
}

/* A file that is not UTF-8: the preview says which line, Import waits,
 * and the user picks the encoding; the import then reads it right. */
static void
test_import_dialog_encoding (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "legacy.csv", NULL);
  GtkWidget *dialog = concord_account_import_dialog_new (fixture->workbook);
  GtkWidget *problem_list, *problem_row, *columns_list, *encoding_row;
  gint64 before = test_query_int (fixture->workbook, "SELECT count(*) FROM accounts");
  gint64 deadline;

  g_assert_true (g_file_set_contents (path, "Account Name,Website\nCaf\xe9 M\xfcller \x80,cafe.example\n", -1, NULL));

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (concord_account_import_dialog_load_path (CONCORD_ACCOUNT_IMPORT_DIALOG (dialog), path));
  test_spin ();

  problem_list = template_child (dialog, "encoding_problem_list");
  problem_row = template_child (dialog, "encoding_problem_row");
  columns_list = template_child (dialog, "columns_list");
  encoding_row = template_child (dialog, "encoding_row");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (template_child (dialog, "stack"))), ==, "map");
  g_assert_true (gtk_widget_get_visible (problem_list));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (problem_row)), ==,
                   "The file is not UTF-8 text");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (problem_row)),
                            "legacy.csv: Line 2 is not UTF-8 text (it has the byte 0xE9)"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (problem_row)), "looks like Windows-1252"));
  g_assert_null (gtk_widget_get_first_child (columns_list));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (encoding_row)), ==, 0);
  /* Import waits for a choice: the button and Ctrl+Return do nothing. */
  g_assert_false (gtk_widget_get_sensitive (template_child (dialog, "import_button")));
  gtk_widget_activate_action (dialog, "import.start", NULL);
  test_spin ();
  g_assert_false (concord_workbook_in_edit (fixture->workbook));
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, before);

  /* The user picks Windows-1252: the preview shows the names right. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (encoding_row), 1);
  test_spin ();
  g_assert_false (gtk_widget_get_visible (problem_list));
  g_assert_nonnull (gtk_widget_get_first_child (columns_list));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_first_child (columns_list))),
                            "Café Müller €"));
  g_assert_true (gtk_widget_get_sensitive (template_child (dialog, "import_button")));

  g_assert_true (gtk_widget_activate_action (dialog, "import.start", NULL));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (concord_workbook_in_edit (fixture->workbook) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  test_spin ();

  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE name = 'Café Müller €'"), ==, 1);

  test_destroy_window (dialog);
}

/* Runs the main loop while the workbook has an edit open: the preview's
 * count or the import itself. */
static void
wait_for_edit_to_end (ConcordWorkbook *workbook)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (concord_workbook_in_edit (workbook) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  test_spin ();
  g_assert_false (concord_workbook_in_edit (workbook));
}

/* The user turns the switch on; it turns at the end of its animation,
 * and the preview counts again. */
static void
turn_on (GtkWidget       *widget,
         ConcordWorkbook *workbook)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_activate (widget));
  while (!gtk_switch_get_active (GTK_SWITCH (widget)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  wait_for_edit_to_end (workbook);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (widget)));
}

/* The user presses Import; a button activated from the keyboard clicks
 * once it has shown itself pressed. Returns at the result page. */
static void
press_import (GtkWidget       *dialog,
              ConcordWorkbook *workbook)
{
  GtkStack *stack = GTK_STACK (template_child (dialog, "stack"));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_activate (template_child (dialog, "import_button")));
  while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "result") != 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  wait_for_edit_to_end (workbook);
}

/* An unclosed quote is one rejected line with its number; the rest is
 * read, and "import the good rows" imports them. */
static void
test_import_dialog_malformed_line (WorkbookFixture *fixture,
                                   gconstpointer    data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "report.csv", NULL);
  GtkWidget *dialog = concord_account_import_dialog_new (fixture->workbook);
  GtkWidget *problems;

  g_assert_true (g_file_set_contents (path,
                                      "\"Account Name\",\"Website\"\n"
                                      "\"Open Quote\",\"open.example\n"
                                      "\"Fine\",\"fine.example\"\n", -1, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (concord_account_import_dialog_load_path (CONCORD_ACCOUNT_IMPORT_DIALOG (dialog), path));
  wait_for_edit_to_end (fixture->workbook);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (template_child (dialog, "preview_row"))),
                                   "1 added, 0 updated, 0 skipped, 1 rejected\n"));

  turn_on (template_child (dialog, "skip_switch"), fixture->workbook);
  press_import (dialog, fixture->workbook);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (template_child (dialog, "result_summary"))), ==,
                   "1 added, 0 updated, 0 skipped, 1 rejected");
  problems = gtk_widget_get_first_child (template_child (dialog, "problems_list"));
  g_assert_nonnull (problems);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (problems)), ==, "Line 2");
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE domain = 'fine.example'"), ==, 1);

  test_destroy_window (dialog);
}

/* The preview says how many rows add, update, skip or are rejected, and
 * that an update changes a filled field; "Fill its empty fields only"
 * keeps it, and the import does what the preview said. */
static void
test_import_dialog_preview (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "companies.csv", NULL);
  GtkWidget *dialog = concord_account_import_dialog_new (fixture->workbook);
  GtkWidget *preview_row, *duplicate_row, *skip_switch;
  gint64 before = test_query_int (fixture->workbook, "SELECT count(*) FROM accounts");
  gboolean could_undo = concord_workbook_can_undo (fixture->workbook);
  g_autofree char *industry = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "Company name,Website,Industry\n"
                                      "Brightwater Foods,brightwater-foods.example,Retail\n"
                                      "New Co,newco.example,Retail\n"
                                      "New Co Again,newco.example,Retail\n", -1, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (concord_account_import_dialog_load_path (CONCORD_ACCOUNT_IMPORT_DIALOG (dialog), path));
  wait_for_edit_to_end (fixture->workbook);

  preview_row = template_child (dialog, "preview_row");
  duplicate_row = template_child (dialog, "duplicate_row");
  skip_switch = template_child (dialog, "skip_switch");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (preview_row)), ==, "Importing now would give");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (preview_row)), ==,
                   "1 added, 1 updated, 0 skipped, 1 rejected\n"
                   "Updates change 1 field that already holds something else; "
                   "choose “Fill its empty fields only” to keep it.\n"
                   "With rejected rows nothing is imported, unless you import the good rows.");
  /* Counting saved nothing. */
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, before);
  g_assert_cmpint (concord_workbook_can_undo (fixture->workbook), ==, could_undo);

  /* The user keeps what the workbook holds and imports the good rows. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (duplicate_row), 1);
  wait_for_edit_to_end (fixture->workbook);
  turn_on (skip_switch, fixture->workbook);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (skip_switch)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (preview_row)), ==,
                   "1 added, 1 updated, 0 skipped, 1 rejected");

  press_import (dialog, fixture->workbook);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (template_child (dialog, "stack"))), ==, "result");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (template_child (dialog, "result_summary"))), ==,
                   "1 added, 1 updated, 0 skipped, 1 rejected");
  industry = test_query_string (fixture->workbook, "SELECT industry FROM accounts WHERE domain = 'brightwater-foods.example'");
  g_assert_cmpstr (industry, ==, "Food and beverage manufacturing");
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, before + 1);

  /* Close shuts the window. */
  g_assert_true (gtk_widget_activate (template_child (dialog, "cancel_button")));
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (dialog != NULL && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_null (dialog);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/accounts-page/filter", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_filter_list, workbook_fixture_teardown);
  g_test_add ("/accounts-page/search-typing", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_search_typing, workbook_fixture_teardown);
  g_test_add ("/accounts-page/search-keeps-rows", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_search_keeps_rows, workbook_fixture_teardown);
  g_test_add ("/accounts-page/search-without-delay", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_search_without_delay, workbook_fixture_teardown);
  g_test_add ("/accounts-page/owner-renamed", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_owner_renamed, workbook_fixture_teardown);
  g_test_add ("/accounts-page/search-off-screen-later", WorkbookFixture, NULL,
              workbook_fixture_setup, test_search_off_screen_later, workbook_fixture_teardown);
  g_test_add ("/accounts-page/search-builds-no-rows", WorkbookFixture, NULL,
              workbook_fixture_setup, test_search_builds_no_rows, workbook_fixture_teardown);
  g_test_add ("/accounts-page/search-off-screen-after-paint", WorkbookFixture, NULL,
              workbook_fixture_setup, test_search_off_screen_after_paint, workbook_fixture_teardown);
  g_test_add ("/accounts-page/search-reads-shown-rows", WorkbookFixture, NULL,
              workbook_fixture_setup, test_search_reads_shown_rows, workbook_fixture_teardown);
  g_test_add ("/accounts-page/selection-follows-cheaply", WorkbookFixture, NULL,
              workbook_fixture_setup, test_selection_follows_cheaply, workbook_fixture_teardown);
  g_test_add ("/accounts-page/bulk-and-undo", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_bulk_change_and_undo, workbook_fixture_teardown);
  g_test_add ("/accounts-page/first-page-measures-one-cell-per-row", WorkbookFixture, NULL,
              workbook_fixture_setup, test_first_page_measures_one_cell_per_row, workbook_fixture_teardown);
  g_test_add ("/accounts-page/owner-filter-fills-when-opened", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_owner_filter_fills_when_opened, workbook_fixture_teardown);
  g_test_add ("/accounts-page/editor-built-on-first-use", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_editor_built_on_first_use, workbook_fixture_teardown);
  g_test_add ("/accounts-page/search-skips-hidden-editor", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_search_skips_hidden_editor, workbook_fixture_teardown);
  g_test_add ("/accounts-page/editor-validation", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_editor_validation, workbook_fixture_teardown);
  g_test_add ("/accounts-page/touches", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_touches, workbook_fixture_teardown);
  g_test_add ("/accounts-page/link-plans", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_link_plans, workbook_fixture_teardown);
  g_test_add ("/accounts-page/import-dialog", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_dialog, workbook_fixture_teardown);
  g_test_add ("/accounts-page/import-dialog-preview", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_import_dialog_preview, workbook_fixture_teardown);
  g_test_add ("/accounts-page/import-dialog-malformed-line", WorkbookFixture, NULL,
              workbook_fixture_setup, test_import_dialog_malformed_line, workbook_fixture_teardown);
  g_test_add ("/accounts-page/import-dialog-encoding", WorkbookFixture, NULL,
              workbook_fixture_setup, test_import_dialog_encoding, workbook_fixture_teardown);

  return g_test_run ();
}
