/* concord-accounts-page.c
 *
 * The target accounts as a sortable, filterable table over a lazy model:
 * sorting, filters and search all run in SQL (search through the FTS
 * index), so 100,000 accounts cost ids, not widgets. The column headers
 * drive the SQL sort; several selected rows can change tier, stage or
 * owners in one undo step. Activating a row opens its editor.
 */
#define G_LOG_DOMAIN "concord-accounts-page"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "concord-account-cell.h"
#include "concord-account-editor.h"
#include "concord-account-import-dialog.h"
#include "concord-accounts.h"
#include "concord-accounts-page.h"
#include "concord-output.h"
#include "concord-record-drop-down.h"
#include "concord-record-row.h"
#include "concord-record-selection.h"

struct _ConcordAccountsPage
{
  ConcordPage            parent_instance;

  GtkStack              *stack;
  GtkSearchEntry        *search_entry;
  GtkBox                *filter_box;
  GtkDropDown           *tier_filter;
  GtkDropDown           *stage_filter;
  GtkWidget             *owner_filter;   /* ConcordRecordDropDown */
  GtkStack              *list_stack;
  GtkColumnView         *column_view;
  GtkActionBar          *bulk_bar;
  GtkLabel              *selection_label;
  GtkLabel              *editor_title;
  AdwBin                *editor_bin;
  ConcordAccountEditor  *editor;         /* built when first shown, or NULL */

  ConcordQueryModel     *model;
  ConcordRecordSelection *selection;
  GtkColumnViewColumn   *columns[CONCORD_ACCOUNT_N_SORTS];
  int                    probed_column;
  guint                  cleared_search_id;
  GHashTable            *owner_names;    /* person id -> name, till people change */
  GHashTable            *stale_cells;    /* GtkListItems off screen, shown anew while idle */
  guint                  stale_cells_id;
  GdkFrameClock         *stale_clock;    /* whose next paint starts showing them */
  gulong                 stale_paint_id;
  guint                  n_rows_bound;   /* rows the list holds, counted in the account column */
};

G_DEFINE_FINAL_TYPE (ConcordAccountsPage, concord_accounts_page, CONCORD_TYPE_PAGE)

typedef struct
{
  const char *title;
  gboolean    numeric;
  int         width;     /* fixed width, or -1 to expand */
} ColumnInfo;

static const ColumnInfo column_info[CONCORD_ACCOUNT_N_SORTS] = {
  [CONCORD_ACCOUNT_SORT_NAME] = { N_("Account"), FALSE, -1 },
  [CONCORD_ACCOUNT_SORT_DOMAIN] = { N_("Domain"), FALSE, 170 },
  [CONCORD_ACCOUNT_SORT_TIER] = { N_("Tier"), FALSE, 96 },
  [CONCORD_ACCOUNT_SORT_STAGE] = { N_("Stage"), FALSE, 96 },
  [CONCORD_ACCOUNT_SORT_FIT] = { N_("ICP Fit"), TRUE, 70 },
  [CONCORD_ACCOUNT_SORT_ENGAGEMENT] = { N_("Engagement"), TRUE, 100 },
  [CONCORD_ACCOUNT_SORT_PIPELINE] = { N_("Pipeline"), TRUE, 110 },
  [CONCORD_ACCOUNT_SORT_SALES_OWNER] = { N_("Sales Owner"), FALSE, 140 },
  [CONCORD_ACCOUNT_SORT_MARKETING_OWNER] = { N_("Marketing Owner"), FALSE, 140 },
  [CONCORD_ACCOUNT_SORT_LAST_TOUCH] = { N_("Last Touch"), FALSE, 100 },
};

/* What a leader scans first comes first, so a narrow window still shows
 * the account, its tier and its stage; the domain is for looking up. */
static const ConcordAccountSort column_order[CONCORD_ACCOUNT_N_SORTS] = {
  CONCORD_ACCOUNT_SORT_NAME, CONCORD_ACCOUNT_SORT_TIER, CONCORD_ACCOUNT_SORT_STAGE,
  CONCORD_ACCOUNT_SORT_FIT, CONCORD_ACCOUNT_SORT_ENGAGEMENT, CONCORD_ACCOUNT_SORT_PIPELINE,
  CONCORD_ACCOUNT_SORT_SALES_OWNER, CONCORD_ACCOUNT_SORT_MARKETING_OWNER,
  CONCORD_ACCOUNT_SORT_LAST_TOUCH, CONCORD_ACCOUNT_SORT_DOMAIN,
};

static ConcordWorkbook *
get_workbook (ConcordAccountsPage *self)
{
  return concord_page_get_workbook (CONCORD_PAGE (self));
}

/* Cells ------------------------------------------------------------------ */

/* A screenful of rows names a handful of people many times over, and a
 * search rebinds every row: each name is read once, until people change. */
static const char *
person_name (ConcordAccountsPage *self,
             ConcordRecord       *record,
             const char          *column)
{
  g_autoptr(ConcordRecord) person = NULL;
  gint64 id;
  const char *name;

  if (concord_record_is_null (record, column))
    return "";

  id = concord_record_get_int (record, column);
  name = g_hash_table_lookup (self->owner_names, &id);
  if (name != NULL)
    return name;

  person = concord_workbook_get_record (get_workbook (self), "people", id, NULL);
  name = g_strdup (person ? concord_record_get_string (person, "name") : "");
  g_hash_table_insert (self->owner_names, g_memdup2 (&id, sizeof id), (char *) name);

  return name;
}

static char *
cell_text (ConcordAccountsPage *self,
           ConcordRecord       *record,
           ConcordAccountSort   column)
{
  static const char *const columns[CONCORD_ACCOUNT_N_SORTS] = {
    "name", "domain", "tier", "stage", "fit", "engagement", "pipeline_value",
    "sales_owner_id", "marketing_owner_id", "last_touch_on",
  };
  const char *name = columns[column];

  if (column != CONCORD_ACCOUNT_SORT_SALES_OWNER && column != CONCORD_ACCOUNT_SORT_MARKETING_OWNER &&
      concord_record_is_null (record, name))
    return g_strdup ("");

  switch (column)
    {
    case CONCORD_ACCOUNT_SORT_TIER:
      return g_strdup (concord_accounts_choice_label (CONCORD_CHOICE_TIER, concord_record_get_string (record, name)));
    case CONCORD_ACCOUNT_SORT_STAGE:
      return g_strdup (concord_accounts_choice_label (CONCORD_CHOICE_STAGE, concord_record_get_string (record, name)));
    case CONCORD_ACCOUNT_SORT_FIT:
    case CONCORD_ACCOUNT_SORT_ENGAGEMENT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, concord_record_get_int (record, name));
    case CONCORD_ACCOUNT_SORT_PIPELINE:
      return concord_money_format_grouped (concord_record_get_int (record, name));
    case CONCORD_ACCOUNT_SORT_SALES_OWNER:
    case CONCORD_ACCOUNT_SORT_MARKETING_OWNER:
      return g_strdup (person_name (self, record, name));
    case CONCORD_ACCOUNT_SORT_LAST_TOUCH:
      /* "26 Nov 2026", as every other date a user reads. */
      return concord_date_format (concord_record_get_string (record, name));
    case CONCORD_ACCOUNT_SORT_NAME:
    case CONCORD_ACCOUNT_SORT_DOMAIN:
    default:
      return g_strdup (concord_record_get_string (record, name));
    }
}

static void
show_cell (GtkListItem *item)
{
  ConcordAccountsPage *self = g_object_get_data (G_OBJECT (item), "page");
  ConcordRecordRow *row = gtk_list_item_get_item (item);
  ConcordRecord *record = row != NULL ? concord_record_row_get_record (row) : NULL;
  GtkWidget *cell = gtk_list_item_get_child (item);
  ConcordAccountSort column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "column"));
  g_autofree char *text = NULL;

  if (record == NULL || cell == NULL)
    return;

  text = cell_text (self, record, column);
  gtk_label_set_text (concord_account_cell_get_label (CONCORD_ACCOUNT_CELL (cell)), text);
}

/* Whether @cell lies outside the list's view: GTK 4.8 keeps rows well
 * beyond it and leaves those unplaced (no size). Before the list is laid
 * out at all, every cell counts as shown. */
static gboolean
cell_is_off_screen (ConcordAccountsPage *self,
                    GtkWidget           *cell)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  int height = gtk_widget_get_height (view);
  graphene_rect_t bounds;

  if (height <= 0 || !gtk_widget_compute_bounds (cell, view, &bounds))
    return FALSE;
  if (bounds.size.height <= 0)
    return TRUE;

  /* Half a screen either way is shown at once, for a short scroll. */
  return bounds.origin.y + bounds.size.height < -height / 2 || bounds.origin.y > height + height / 2;
}

/* How many cells one idle round shows anew: a frame can come between. */
#define STALE_CELLS_PER_ROUND 200

static gboolean
show_stale_cells (gpointer user_data)
{
  ConcordAccountsPage *self = user_data;
  GHashTableIter iter;
  gpointer item;
  guint shown = 0;

  g_hash_table_iter_init (&iter, self->stale_cells);
  while (shown < STALE_CELLS_PER_ROUND && g_hash_table_iter_next (&iter, &item, NULL))
    {
      g_hash_table_iter_remove (&iter);
      show_cell (item);
      shown++;
    }

  if (g_hash_table_size (self->stale_cells) > 0)
    return G_SOURCE_CONTINUE;

  self->stale_cells_id = 0;
  return G_SOURCE_REMOVE;
}

static void
stop_waiting_for_paint (ConcordAccountsPage *self)
{
  /* A clock disposed with its window has dropped its handlers already. */
  if (self->stale_clock != NULL && g_signal_handler_is_connected (self->stale_clock, self->stale_paint_id))
    g_signal_handler_disconnect (self->stale_clock, self->stale_paint_id);
  self->stale_paint_id = 0;
  g_clear_object (&self->stale_clock);
}

static void
on_results_painted (GdkFrameClock       *clock,
                    ConcordAccountsPage *self)
{
  stop_waiting_for_paint (self);
  if (self->stale_cells_id == 0 && g_hash_table_size (self->stale_cells) > 0)
    self->stale_cells_id = g_idle_add (show_stale_cells, self);
}

/* The rows off screen are shown anew once the frame with the results is
 * painted: the main loop is idle before that frame's time comes, and
 * rounds run then would lay their text out in that frame. */
static void
show_stale_cells_later (ConcordAccountsPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->column_view));

  if (self->stale_cells_id != 0 || (clock != NULL && clock == self->stale_clock))
    return;

  stop_waiting_for_paint (self);
  if (clock == NULL)
    {
      self->stale_cells_id = g_idle_add (show_stale_cells, self);
      return;
    }

  self->stale_clock = g_object_ref (clock);
  self->stale_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_results_painted), self);
}

/* Scrolled before the idle rounds are done: rows coming on screen must
 * not show an earlier search's accounts. */
static void
on_scrolled (ConcordAccountsPage *self)
{
  if (self->stale_cells_id == 0 && self->stale_clock == NULL)
    return;

  stop_waiting_for_paint (self);
  g_clear_handle_id (&self->stale_cells_id, g_source_remove);
  while (show_stale_cells (self) == G_SOURCE_CONTINUE)
    ;
}

/* A search points every row GTK keeps at another record, and measuring
 * the new text of a few hundred rows off screen would hold up the frame
 * that shows the results: those follow once it is painted. */
static void
update_cell (GtkListItem *item)
{
  ConcordAccountsPage *self = g_object_get_data (G_OBJECT (item), "page");
  GtkWidget *cell = gtk_list_item_get_child (item);

  if (cell == NULL || !cell_is_off_screen (self, cell))
    {
      g_hash_table_remove (self->stale_cells, item);
      show_cell (item);
      return;
    }

  g_hash_table_add (self->stale_cells, item);
  show_stale_cells_later (self);
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ConcordAccountsPage      *self)
{
  ConcordAccountSort column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  /* The account's cell alone measures its text: it gives the row its height. */
  GtkWidget *cell = concord_account_cell_new (column == CONCORD_ACCOUNT_SORT_NAME);
  GtkWidget *label = GTK_WIDGET (concord_account_cell_get_label (CONCORD_ACCOUNT_CELL (cell)));

  gtk_label_set_xalign (GTK_LABEL (label), column_info[column].numeric ? 1.0 : 0.0);
  if (column_info[column].numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (column == CONCORD_ACCOUNT_SORT_DOMAIN || column == CONCORD_ACCOUNT_SORT_LAST_TOUCH)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, cell);
  g_object_set_data (G_OBJECT (item), "page", self);
  g_object_set_data (G_OBJECT (item), "column", GINT_TO_POINTER (column));
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ConcordAccountsPage      *self)
{
  ConcordRecordRow *row = gtk_list_item_get_item (item);
  gulong handler;

  show_cell (item);
  /* Records refresh in place when their row changes, and a search points
   * the row at another record without a new widget. */
  handler = g_signal_connect_swapped (row, "changed", G_CALLBACK (update_cell), item);
  g_object_set_data (G_OBJECT (item), "handler", GSIZE_TO_POINTER (handler));
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "column")) == CONCORD_ACCOUNT_SORT_NAME)
    self->n_rows_bound++;
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             ConcordAccountsPage      *self)
{
  ConcordRecordRow *row = gtk_list_item_get_item (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "handler"));

  if (row != NULL && handler != 0)
    g_signal_handler_disconnect (row, handler);
  g_object_set_data (G_OBJECT (item), "handler", NULL);
  g_hash_table_remove (self->stale_cells, item);
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "column")) == CONCORD_ACCOUNT_SORT_NAME)
    self->n_rows_bound--;
}

static void
cell_teardown (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               ConcordAccountsPage      *self)
{
  g_hash_table_remove (self->stale_cells, item);
}

/* Sorting ---------------------------------------------------------------- */

typedef struct
{
  ConcordAccountsPage *page;
  int                  column;
} Probe;

/* GTK 4.8 cannot tell which column the user sorted by, but the view's
 * sorter asks its columns in priority order: the first one asked is the
 * primary column, and the sign of the answer gives the direction. The two
 * items must differ: gtk_sorter_compare() answers "equal" for one item
 * without asking anyone. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  Probe *probe = data;

  if (probe->page->probed_column < 0)
    probe->page->probed_column = probe->column;

  return GTK_ORDERING_SMALLER;
}

static void
read_sort (ConcordAccountsPage *self,
           ConcordAccountSort  *sort,
           gboolean            *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, self, self->column_view);
  *sort = self->probed_column < 0 ? CONCORD_ACCOUNT_SORT_NAME : (ConcordAccountSort) self->probed_column;
  *descending = self->probed_column >= 0 && order == GTK_ORDERING_LARGER;
}

/* Filtering --------------------------------------------------------------- */

static const char *
selected_choice (GtkDropDown       *drop_down,
                 ConcordChoiceKind  kind)
{
  guint n, selected = gtk_drop_down_get_selected (drop_down);
  const ConcordChoice *choices = concord_accounts_choices (kind, &n);

  /* The first item is "all". */
  if (selected == 0 || selected > n)
    return NULL;

  return choices[selected - 1].id;
}

static void
read_filter (ConcordAccountsPage  *self,
             ConcordAccountFilter *filter)
{
  filter->tier = selected_choice (self->tier_filter, CONCORD_CHOICE_TIER);
  filter->stage = selected_choice (self->stage_filter, CONCORD_CHOICE_STAGE);
  filter->owner_id = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->owner_filter));
  filter->search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  read_sort (self, &filter->sort, &filter->descending);
}

static void
update_list_state (ConcordAccountsPage *self)
{
  ConcordWorkbook *workbook = get_workbook (self);
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (workbook == NULL || concord_workbook_count (workbook, "accounts") == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "no-match");
}

static void
apply_filter (ConcordAccountsPage *self)
{
  g_autoptr(GError) error = NULL;
  ConcordAccountFilter filter = { 0 };

  if (self->model == NULL)
    return;

  read_filter (self, &filter);
  /* The list keeps its rows across a search and shows other accounts in
   * them: the first ids cover every row it holds (about two hundred, a
   * GTK 4.8 list view's own count whatever its height), so a keystroke
   * neither takes rows away nor builds them again before its frame. */
  concord_query_model_set_first_window (self->model, self->n_rows_bound);
  if (!concord_accounts_apply_filter (self->model, &filter, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);

  update_list_state (self);
}

static void
on_filter_changed (ConcordAccountsPage *self)
{
  apply_filter (self);
}

static gboolean
apply_cleared_search (gpointer user_data)
{
  ConcordAccountsPage *self = user_data;

  self->cleared_search_id = 0;
  /* Still empty: the user cleared the search. Otherwise the entry was
   * only emptied on the way to new text, which it announces itself. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
    apply_filter (self);

  return G_SOURCE_REMOVE;
}

/* The entry announces emptied text at once and other text after its delay.
 * Text replaced at one go (typed over a selection, pasted, set by a
 * program) is emptied first: listing every account in between would cost
 * more than the search itself, so an empty search waits for the main loop
 * to see whether the entry stays empty. */
static void
on_search_changed (ConcordAccountsPage *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    {
      g_clear_handle_id (&self->cleared_search_id, g_source_remove);
      apply_filter (self);
    }
  else if (self->cleared_search_id == 0)
    self->cleared_search_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_cleared_search, self, NULL);
}

static void open_account (ConcordAccountsPage *self,
                          gint64               id);

static void
on_search_activate (ConcordAccountsPage *self)
{
  /* Enter opens the first match: search now, not after the entry's delay,
   * so the match is one of the text just typed. */
  apply_filter (self);
  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
      open_account (self, concord_query_model_get_id (self->model, 0));
    }
}

static void
on_sorter_changed (GtkSorter           *sorter,
                   GtkSorterChange      change,
                   ConcordAccountsPage *self)
{
  apply_filter (self);
}

/* Selection --------------------------------------------------------------- */

static GArray *
selected_ids (ConcordAccountsPage *self)
{
  g_autoptr(GtkBitset) bitset = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return ids;

  bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, bitset, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = concord_query_model_get_id (self->model, position);
      g_array_append_val (ids, id);
    }

  return ids;
}

static void
update_actions (ConcordAccountsPage *self)
{
  gboolean editable = concord_page_is_editable (CONCORD_PAGE (self));
  gboolean in_editor = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") == 0;
  guint64 n_selected = 0;

  if (self->selection != NULL)
    {
      g_autoptr(GtkBitset) bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      n_selected = gtk_bitset_get_size (bitset);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.new", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.import", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.export", self->model != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.delete",
                                 editable && (in_editor || n_selected > 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.set-tier", editable && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.set-stage", editable && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.set-owners", editable && n_selected > 0);

  gtk_action_bar_set_revealed (self->bulk_bar, n_selected > 1 && !in_editor);
  if (n_selected > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " account selected",
                                                            "%" PRIu64 " accounts selected", n_selected),
                                               n_selected);
      gtk_label_set_text (self->selection_label, text);
    }
}

static void
on_selection_changed (ConcordAccountsPage *self)
{
  update_actions (self);
}

/* Navigation --------------------------------------------------------------- */

/* The account the editor shows, or 0 before it is first built. */
static gint64
editor_account_id (ConcordAccountsPage *self)
{
  return self->editor != NULL ? concord_account_editor_get_account_id (self->editor) : 0;
}

/* The editor is a large form with lists of its own: a page that only
 * lists accounts never builds it, so the first page is not held up by it. */
static ConcordAccountEditor *
ensure_editor (ConcordAccountsPage *self)
{
  if (self->editor == NULL)
    {
      self->editor = CONCORD_ACCOUNT_EDITOR (concord_account_editor_new ());
      adw_bin_set_child (self->editor_bin, GTK_WIDGET (self->editor));
    }

  return self->editor;
}

static void
update_editor_title (ConcordAccountsPage *self)
{
  g_autoptr(ConcordRecord) record = NULL;
  gint64 id = editor_account_id (self);

  if (get_workbook (self) != NULL && id != 0)
    record = concord_workbook_get_record (get_workbook (self), "accounts", id, NULL);
  gtk_label_set_text (self->editor_title, record ? concord_record_get_string (record, "name") : "");
}

static void
show_list (ConcordAccountsPage *self)
{
  gint64 id = editor_account_id (self);
  guint position;

  gtk_stack_set_visible_child_name (self->stack, "list");
  update_actions (self);

  /* Back where the user left: on the account they were editing. */
  if (id != 0 && self->model != NULL && concord_query_model_find (self->model, id, &position))
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
      gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", position);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
open_account (ConcordAccountsPage *self,
              gint64               id)
{
  concord_account_editor_set_account (ensure_editor (self), get_workbook (self), id);
  update_editor_title (self);
  gtk_stack_set_visible_child_name (self->stack, "editor");
  update_actions (self);
}

static void
on_row_activate (ConcordAccountsPage *self,
                 guint                position)
{
  open_account (self, concord_query_model_get_id (self->model, position));
}

/* Actions ------------------------------------------------------------------ */

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (widget);
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  concord_fields_set_string (fields, "name", _("New account"));
  id = concord_accounts_create (get_workbook (self), fields, &error);
  if (id == 0)
    {
      concord_page_report_error (CONCORD_PAGE (self), error);
      return;
    }

  open_account (self, id);
  concord_account_editor_focus_name (self->editor);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (widget);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") == 0)
    {
      gint64 id = editor_account_id (self);

      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, id);
    }
  else
    ids = selected_ids (self);

  if (ids->len == 0)
    return;

  if (!concord_accounts_delete_many (get_workbook (self), (const gint64 *) ids->data, ids->len, &error))
    {
      concord_page_report_error (CONCORD_PAGE (self), error);
      return;
    }

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deleted %u account; Ctrl+Z brings it back",
                                          "Deleted %u accounts; Ctrl+Z brings them back", ids->len),
                             ids->len);
  concord_page_toast (CONCORD_PAGE (self), message);
  if (self->editor != NULL)
    concord_account_editor_set_account (self->editor, get_workbook (self), 0);
  show_list (self);
}

static void
bulk_update (ConcordAccountsPage *self,
             ConcordFields       *fields)
{
  g_autoptr(GArray) ids = selected_ids (self);
  g_autoptr(GError) error = NULL;

  if (ids->len == 0 || concord_fields_get_size (fields) == 0)
    return;

  if (!concord_accounts_update_many (get_workbook (self), (const gint64 *) ids->data, ids->len, fields, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
}

static void
set_choice_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();

  concord_fields_set_string (fields, g_str_equal (action_name, "accounts.set-tier") ? "tier" : "stage",
                             g_variant_get_string (parameter, NULL));
  bulk_update (CONCORD_ACCOUNTS_PAGE (widget), fields);
}

static void
on_owners_response (AdwMessageDialog    *dialog,
                    const char          *response,
                    ConcordAccountsPage *self)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  ConcordRecordDropDown *sales = g_object_get_data (G_OBJECT (dialog), "sales");
  ConcordRecordDropDown *marketing = g_object_get_data (G_OBJECT (dialog), "marketing");

  if (!g_str_equal (response, "apply"))
    return;

  /* "Keep as it is" leaves each account's owner alone. */
  if (concord_record_drop_down_get_selected_id (sales) > 0)
    concord_fields_set_id (fields, "sales_owner_id", concord_record_drop_down_get_selected_id (sales));
  if (concord_record_drop_down_get_selected_id (marketing) > 0)
    concord_fields_set_id (fields, "marketing_owner_id", concord_record_drop_down_get_selected_id (marketing));
  bulk_update (self, fields);
}

static GtkWidget *
owner_choice (GtkWidget  *box,
              const char *title,
              GtkWidget  *drop_down)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  concord_record_drop_down_set_none_label (CONCORD_RECORD_DROP_DOWN (drop_down), _("Keep as it is"));
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);
  gtk_list_box_append (GTK_LIST_BOX (box), row);

  return drop_down;
}

static void
set_owners_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  GtkWidget *dialog, *list;
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The owners you choose go to %u account.",
                                       "The owners you choose go to all %u accounts.", ids->len),
                          ids->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Set Owners"), body);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_object_set_data (G_OBJECT (dialog), "sales",
                     owner_choice (list, _("Sales owner"),
                                   concord_record_drop_down_new (get_workbook (self), "people", "name", TRUE)));
  g_object_set_data (G_OBJECT (dialog), "marketing",
                     owner_choice (list, _("Marketing owner"),
                                   concord_record_drop_down_new (get_workbook (self), "people", "name", TRUE)));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "apply", _("_Set Owners"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  g_signal_connect (dialog, "response", G_CALLBACK (on_owners_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_list_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") == 0)
    show_list (self);
}

static void
clear_filters_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->tier_filter, 0);
  gtk_drop_down_set_selected (self->stage_filter, 0);
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->owner_filter), 0);
  apply_filter (self);
}

/* The accounts of one tier (the dashboard's tier rows): only that filter. */
static void
show_tier_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (widget);
  const char *tier = g_variant_get_string (parameter, NULL);
  guint n;
  const ConcordChoice *choices = concord_accounts_choices (CONCORD_CHOICE_TIER, &n);

  clear_filters_activated (widget, "accounts.clear-filters", NULL);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (choices[i].id, tier))
      gtk_drop_down_set_selected (self->tier_filter, i + 1);  /* after "All tiers" */
  apply_filter (self);
  show_list (self);
}

/* Opens one account from elsewhere (the dashboard, a plan): filters that
 * hide it are cleared so the list behind the editor shows it too. */
static void
select_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  guint position;

  if (get_workbook (self) == NULL || id <= 0)
    return;

  /* Opening an account from anywhere brings its page forward. */
  gtk_widget_activate_action (widget, "win.show-page", "s", "accounts");

  if (!concord_query_model_find (self->model, id, &position))
    {
      clear_filters_activated (widget, "accounts.clear-filters", NULL);
      concord_query_model_find (self->model, id, &position);
    }

  if (concord_query_model_find (self->model, id, &position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  open_account (self, id);
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (widget);
  GtkWidget *dialog = concord_account_import_dialog_new (get_workbook (self));

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_export_response (GtkNativeDialog     *chooser,
                    int                  response,
                    ConcordAccountsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  ConcordAccountFilter filter = { 0 };

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || self->model == NULL)
    return;

  read_filter (self, &filter);
  bytes = concord_accounts_export_csv (get_workbook (self), &filter, &error);
  if (bytes == NULL ||
      !concord_output_write_gfile (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      concord_page_report_error (CONCORD_PAGE (self), error);
      return;
    }

  concord_page_toast (CONCORD_PAGE (self), _("Exported the account list"));
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Accounts"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("accounts.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Page --------------------------------------------------------------------- */

static void
on_workbook_changed (ConcordWorkbook     *workbook,
                     const char          *table,
                     ConcordAccountsPage *self)
{
  if (g_str_equal (table, "accounts"))
    {
      gint64 id = editor_account_id (self);
      g_autoptr(ConcordRecord) record = id ? concord_workbook_get_record (workbook, "accounts", id, NULL) : NULL;

      /* The account under the editor went away (undo of an add, say). */
      if (id != 0 && record == NULL)
        {
          concord_account_editor_set_account (self->editor, workbook, 0);
          show_list (self);
        }
      update_editor_title (self);
      update_list_state (self);
    }
  else if (g_str_equal (table, "people") && self->selection != NULL)
    {
      /* A renamed or deleted owner: the rows on screen name them again. */
      g_hash_table_remove_all (self->owner_names);
      concord_record_selection_rows_changed (self->selection);
    }
}

static void
concord_accounts_page_workbook_changed (ConcordPage *page)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (page);
  ConcordWorkbook *workbook = concord_page_get_workbook (page);

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_hash_table_remove_all (self->owner_names);

  if (self->editor != NULL)
    concord_account_editor_set_account (self->editor, workbook, 0);
  concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->owner_filter), workbook);
  gtk_stack_set_visible_child_name (self->stack, "list");

  if (workbook != NULL)
    {
      self->model = concord_accounts_model_new (workbook);
      self->selection = concord_record_selection_new (self->model);
      g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
      g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (on_selection_changed), self);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
      g_signal_connect (workbook, "changed", G_CALLBACK (on_workbook_changed), self);
      apply_filter (self);
    }

  update_list_state (self);
  update_actions (self);
}

static gboolean
concord_accounts_page_start_search (ConcordPage *page)
{
  ConcordAccountsPage *self = CONCORD_ACCOUNTS_PAGE (page);

  gtk_stack_set_visible_child_name (self->stack, "list");
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  return TRUE;
}

GListModel *
concord_accounts_page_get_model (ConcordAccountsPage *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->model);
}

GtkSelectionModel *
concord_accounts_page_get_selection (ConcordAccountsPage *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNTS_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

static void
concord_accounts_page_dispose (GObject *object)
{
  ConcordAccountsPage *self = (ConcordAccountsPage *) object;
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));

  /* Before anything the handler uses is cleared. */
  if (workbook != NULL)
    g_signal_handlers_disconnect_by_data (workbook, self);

  g_clear_handle_id (&self->cleared_search_id, g_source_remove);
  g_clear_handle_id (&self->stale_cells_id, g_source_remove);
  stop_waiting_for_paint (self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_ACCOUNTS_PAGE);
  self->editor = NULL;  /* went with its bin */

  G_OBJECT_CLASS (concord_accounts_page_parent_class)->dispose (object);
}

static void
concord_accounts_page_finalize (GObject *object)
{
  ConcordAccountsPage *self = (ConcordAccountsPage *) object;

  g_hash_table_unref (self->owner_names);
  g_hash_table_unref (self->stale_cells);

  G_OBJECT_CLASS (concord_accounts_page_parent_class)->finalize (object);
}

static void
concord_accounts_page_class_init (ConcordAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ConcordPageClass *page_class = CONCORD_PAGE_CLASS (klass);

  object_class->dispose = concord_accounts_page_dispose;
  object_class->finalize = concord_accounts_page_finalize;
  page_class->workbook_changed = concord_accounts_page_workbook_changed;
  page_class->start_search = concord_accounts_page_start_search;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/concordplan/Concord/ui/concord-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, tier_filter);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, stage_filter);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, bulk_bar);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, editor_title);
  gtk_widget_class_bind_template_child (widget_class, ConcordAccountsPage, editor_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activate);

  gtk_widget_class_install_action (widget_class, "accounts.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "accounts.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "accounts.set-tier", "s", set_choice_activated);
  gtk_widget_class_install_action (widget_class, "accounts.set-stage", "s", set_choice_activated);
  gtk_widget_class_install_action (widget_class, "accounts.set-owners", NULL, set_owners_activated);
  gtk_widget_class_install_action (widget_class, "accounts.show-list", NULL, show_list_activated);
  gtk_widget_class_install_action (widget_class, "accounts.clear-filters", NULL, clear_filters_activated);
  gtk_widget_class_install_action (widget_class, "accounts.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "accounts.select", "x", select_activated);
  gtk_widget_class_install_action (widget_class, "accounts.show-tier", "s", show_tier_activated);
  gtk_widget_class_install_action (widget_class, "accounts.export", NULL, export_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "accounts.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK, "accounts.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "accounts.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "accounts.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "accounts.show-list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "accounts.show-list", NULL);
}

static GtkStringList *
filter_choices (ConcordChoiceKind  kind,
                const char        *all_label)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  guint n;
  const ConcordChoice *choices = concord_accounts_choices (kind, &n);

  gtk_string_list_append (list, all_label);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(choices[i].label));

  return list;
}

static void
concord_accounts_page_init (ConcordAccountsPage *self)
{
  g_autoptr(GtkStringList) tiers = filter_choices (CONCORD_CHOICE_TIER, _("All tiers"));
  g_autoptr(GtkStringList) stages = filter_choices (CONCORD_CHOICE_STAGE, _("All stages"));
  GtkSorter *sorter;
  GtkAdjustment *vadjustment;

  self->owner_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->stale_cells = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);

  gtk_drop_down_set_model (self->tier_filter, G_LIST_MODEL (tiers));
  gtk_drop_down_set_model (self->stage_filter, G_LIST_MODEL (stages));

  self->owner_filter = concord_record_drop_down_new (NULL, "people", "name", TRUE);
  /* Most visits never open it: the people are read when it first opens. */
  concord_record_drop_down_set_lazy (CONCORD_RECORD_DROP_DOWN (self->owner_filter), TRUE);
  concord_record_drop_down_set_none_label (CONCORD_RECORD_DROP_DOWN (self->owner_filter), _("Any owner"));
  gtk_widget_set_tooltip_text (self->owner_filter, _("Sales or marketing owner"));
  gtk_box_append (self->filter_box, self->owner_filter);
  g_signal_connect_swapped (self->owner_filter, "notify::selected-id", G_CALLBACK (on_filter_changed), self);

  for (int i = 0; i < CONCORD_ACCOUNT_N_SORTS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      Probe *probe = g_new0 (Probe, 1);
      g_autoptr(GtkSorter) column_sorter = NULL;

      probe->page = self;
      probe->column = i;
      column_sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, probe, g_free));

      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), self);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), self);
      g_signal_connect (factory, "teardown", G_CALLBACK (cell_teardown), self);

      self->columns[i] = gtk_column_view_column_new (_(column_info[i].title), factory);
      gtk_column_view_column_set_sorter (self->columns[i], column_sorter);
      gtk_column_view_column_set_resizable (self->columns[i], TRUE);
      if (column_info[i].width < 0)
        {
          gtk_column_view_column_set_expand (self->columns[i], TRUE);
          gtk_column_view_column_set_fixed_width (self->columns[i], 170);
        }
      else
        gtk_column_view_column_set_fixed_width (self->columns[i], column_info[i].width);
    }
  for (int i = 0; i < CONCORD_ACCOUNT_N_SORTS; i++)
    {
      gtk_column_view_append_column (self->column_view, self->columns[column_order[i]]);
      g_object_unref (self->columns[column_order[i]]);
    }

  sorter = gtk_column_view_get_sorter (self->column_view);
  gtk_column_view_sort_by_column (self->column_view, self->columns[CONCORD_ACCOUNT_SORT_NAME], GTK_SORT_ASCENDING);
  g_signal_connect (sorter, "changed", G_CALLBACK (on_sorter_changed), self);

  update_actions (self);
}
