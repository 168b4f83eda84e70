/* concord-record-drop-down.c
 *
 * A GtkDropDown over a ConcordQueryModel of one table, with an optional
 * "None" entry in front. The store refreshes the list in place; we then
 * find the selected id again, so an edit elsewhere never changes what the
 * user picked here.
 */
#define G_LOG_DOMAIN "concord-record-drop-down"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-people.h"
#include "concord-query-model.h"
#include "concord-record-drop-down.h"

struct _ConcordRecordDropDown
{
  GtkWidget          parent_instance;

  GtkDropDown       *drop_down;
  ConcordWorkbook   *workbook;
  ConcordQueryModel *records;
  ConcordRecord     *chosen;       /* a lazy one's pick, before it reads the rest */
  char              *table;
  char              *label_column;
  char              *none_label;
  gboolean           allow_none;
  gint64             selected_id;
  gint64             excluded_id;  /* a record never offered, or 0 */
  guint              syncing : 1;
  guint              lazy : 1;     /* reads its records when first needed */
  guint              filled : 1;   /* a lazy one has needed them */
};

G_DEFINE_FINAL_TYPE (ConcordRecordDropDown, concord_record_drop_down, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_WORKBOOK,
  PROP_TABLE,
  PROP_LABEL_COLUMN,
  PROP_ALLOW_NONE,
  PROP_SELECTED_ID,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static char *
item_label (GObject               *item,
            ConcordRecordDropDown *self)
{
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));

  if (CONCORD_IS_RECORD (item))
    {
      ConcordRecord *record = CONCORD_RECORD (item);

      if (self->table != NULL && self->workbook != NULL)
        {
          char *label = concord_lookup_dup_label (self->workbook, self->table,
                                                  concord_record_get_id (record));
          if (label != NULL)
            return label;
        }

      if (self->label_column != NULL && concord_record_has_column (record, self->label_column))
        return g_strdup (concord_record_get_string (record, self->label_column));
    }

  return g_strdup ("");
}

/* Where the excluded record sits in self->records, or G_MAXUINT. */
static guint
excluded_position (ConcordRecordDropDown *self)
{
  guint position;

  if (self->excluded_id == 0 || self->records == NULL ||
      !concord_query_model_find (self->records, self->excluded_id, &position))
    return G_MAXUINT;

  return position;
}

static guint
position_of_id (ConcordRecordDropDown *self,
                gint64                 id)
{
  guint position;

  if (id == 0)
    return self->allow_none ? 0 : GTK_INVALID_LIST_POSITION;

  if (self->records == NULL && self->chosen != NULL && concord_record_get_id (self->chosen) == id)
    return self->allow_none ? 1 : 0;

  if (id == self->excluded_id || self->records == NULL ||
      !concord_query_model_find (self->records, id, &position))
    return GTK_INVALID_LIST_POSITION;

  if (excluded_position (self) < position)
    position--;

  return position + (self->allow_none ? 1 : 0);
}

static gint64
id_at_position (ConcordRecordDropDown *self,
                guint                  position)
{
  if (position == GTK_INVALID_LIST_POSITION)
    return 0;

  if (self->records == NULL)
    {
      if (self->chosen == NULL || position != (self->allow_none ? 1 : 0))
        return 0;
      return concord_record_get_id (self->chosen);
    }

  if (self->allow_none)
    {
      if (position == 0)
        return 0;
      position--;
    }

  if (excluded_position (self) <= position)
    position++;

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->records)))
    return 0;

  return concord_query_model_get_id (self->records, position);
}

/* Shows selected_id in the drop-down without reporting it as a choice. */
static void
sync_selection (ConcordRecordDropDown *self)
{
  guint position = position_of_id (self, self->selected_id);

  self->syncing = TRUE;
  if (gtk_drop_down_get_selected (self->drop_down) != position)
    gtk_drop_down_set_selected (self->drop_down, position);
  self->syncing = FALSE;
}

static void
on_selected_changed (ConcordRecordDropDown *self)
{
  gint64 id;

  if (self->syncing)
    return;

  id = id_at_position (self, gtk_drop_down_get_selected (self->drop_down));
  if (id == self->selected_id)
    return;

  self->selected_id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

/* Before the drop-down hears of a change: it may then select a row of its
 * own accord (the first, for an empty selection), which is no user's pick. */
static void
on_items_changing (ConcordRecordDropDown *self)
{
  self->syncing = TRUE;
}

static void
on_items_changed (ConcordRecordDropDown *self)
{
  self->syncing = FALSE;

  /* A picked record that was deleted shows as no choice, but stays picked:
   * the delete already emptied the columns that pointed at it, and an undo
   * brings it back here too. Reporting it as the user's choice of nothing
   * would make an editor save that, a step of its own after the delete. */
  sync_selection (self);
}

static gboolean
is_offered (gpointer item,
            gpointer user_data)
{
  ConcordRecordDropDown *self = user_data;

  return concord_record_get_id (CONCORD_RECORD (item)) != self->excluded_id;
}

static void rebuild_model (ConcordRecordDropDown *self);

/* A rename keeps a row where it is, so no items-changed re-labels it: give
 * the drop-down its model again. People show their team, so a renamed
 * team re-labels them too. */
static void
on_workbook_changed (ConcordRecordDropDown *self,
                     const char            *table)
{
  g_autoptr(GListModel) model = NULL;

  if (g_strcmp0 (table, self->table) != 0 &&
      !(g_strcmp0 (self->table, "people") == 0 && g_strcmp0 (table, "teams") == 0))
    return;

  /* Its one record, read again: renamed, deleted or back after an undo. */
  if (self->lazy && !self->filled)
    {
      rebuild_model (self);
      return;
    }

  model = gtk_drop_down_get_model (self->drop_down);
  if (model == NULL)
    return;

  g_object_ref (model);
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->drop_down, NULL);
  gtk_drop_down_set_model (self->drop_down, model);
  self->syncing = FALSE;
  sync_selection (self);
}

static void
rebuild_model (ConcordRecordDropDown *self)
{
  g_autoptr(GListStore) parts = NULL;
  g_autoptr(GError) error = NULL;
  GtkFlattenListModel *flat;

  if (self->records != NULL)
    g_signal_handlers_disconnect_by_data (self->records, self);
  g_clear_object (&self->records);
  g_clear_object (&self->chosen);

  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  if (self->allow_none)
    {
      g_autoptr(GtkStringList) none = gtk_string_list_new (NULL);

      gtk_string_list_append (none, self->none_label ? self->none_label : _("None"));
      g_list_store_append (parts, none);
    }

  if (self->workbook != NULL && self->table != NULL && self->label_column != NULL &&
      (!self->lazy || self->filled))
    {
      self->records = concord_lookup_model_new (self->workbook, self->table,
                                                self->label_column, &error);
      if (self->records != NULL)
        g_signal_connect_object (self->records, "items-changed",
                                 G_CALLBACK (on_items_changing), self, G_CONNECT_SWAPPED);

      if (self->records == NULL)
        g_warning ("Cannot list %s: %s", self->table, error->message);
      else if (self->excluded_id != 0)
        {
          GtkCustomFilter *filter = gtk_custom_filter_new (is_offered, self, NULL);
          g_autoptr(GtkFilterListModel) offered =
            gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->records)), GTK_FILTER (filter));

          g_list_store_append (parts, offered);
        }
      else
        g_list_store_append (parts, self->records);
    }
  else if (self->lazy && self->workbook != NULL && self->table != NULL && self->selected_id != 0 &&
           self->selected_id != self->excluded_id)
    {
      /* Waiting to read the list, it shows its pick alone. */
      self->chosen = concord_workbook_get_record (self->workbook, self->table, self->selected_id, NULL);
      if (self->chosen != NULL)
        {
          g_autoptr(GListStore) chosen = g_list_store_new (CONCORD_TYPE_RECORD);

          g_list_store_append (chosen, self->chosen);
          g_list_store_append (parts, chosen);
        }
    }

  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts)));

  self->syncing = TRUE;
  gtk_drop_down_set_model (self->drop_down, G_LIST_MODEL (flat));
  self->syncing = FALSE;
  g_object_unref (flat);

  /* After the flattened model has seen the change, not before. */
  if (self->records != NULL)
    g_signal_connect_object (self->records, "items-changed",
                             G_CALLBACK (on_items_changed), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  sync_selection (self);
}

/* A lazy drop-down reads its records now, when they are first needed. */
static void
fill (ConcordRecordDropDown *self)
{
  if (!self->lazy || self->filled)
    return;

  self->filled = TRUE;
  rebuild_model (self);
}

static void
concord_record_drop_down_constructed (GObject *object)
{
  ConcordRecordDropDown *self = CONCORD_RECORD_DROP_DOWN (object);

  G_OBJECT_CLASS (concord_record_drop_down_parent_class)->constructed (object);

  rebuild_model (self);
}

static void
concord_record_drop_down_dispose (GObject *object)
{
  ConcordRecordDropDown *self = CONCORD_RECORD_DROP_DOWN (object);

  if (self->records != NULL)
    g_signal_handlers_disconnect_by_data (self->records, self);
  g_clear_object (&self->records);
  g_clear_object (&self->chosen);
  if (self->drop_down != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->drop_down));
      self->drop_down = NULL;
    }
  /* Disposed is gone: a later change must not reach the drop-down. */
  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_data (self->workbook, self);
  g_clear_object (&self->workbook);

  G_OBJECT_CLASS (concord_record_drop_down_parent_class)->dispose (object);
}

static void
concord_record_drop_down_finalize (GObject *object)
{
  ConcordRecordDropDown *self = CONCORD_RECORD_DROP_DOWN (object);

  g_free (self->table);
  g_free (self->label_column);
  g_free (self->none_label);

  G_OBJECT_CLASS (concord_record_drop_down_parent_class)->finalize (object);
}

static void
concord_record_drop_down_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  ConcordRecordDropDown *self = CONCORD_RECORD_DROP_DOWN (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      g_value_set_object (value, self->workbook);
      break;
    case PROP_TABLE:
      g_value_set_string (value, self->table);
      break;
    case PROP_LABEL_COLUMN:
      g_value_set_string (value, self->label_column);
      break;
    case PROP_ALLOW_NONE:
      g_value_set_boolean (value, self->allow_none);
      break;
    case PROP_SELECTED_ID:
      g_value_set_int64 (value, self->selected_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_record_drop_down_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  ConcordRecordDropDown *self = CONCORD_RECORD_DROP_DOWN (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      concord_record_drop_down_set_workbook (self, g_value_get_object (value));
      break;
    case PROP_TABLE:
      self->table = g_value_dup_string (value);
      break;
    case PROP_LABEL_COLUMN:
      self->label_column = g_value_dup_string (value);
      break;
    case PROP_ALLOW_NONE:
      self->allow_none = g_value_get_boolean (value);
      break;
    case PROP_SELECTED_ID:
      concord_record_drop_down_set_selected_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
concord_record_drop_down_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CONCORD_RECORD_DROP_DOWN (widget)->drop_down));
}

static void
concord_record_drop_down_class_init (ConcordRecordDropDownClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = concord_record_drop_down_constructed;
  object_class->dispose = concord_record_drop_down_dispose;
  object_class->finalize = concord_record_drop_down_finalize;
  object_class->get_property = concord_record_drop_down_get_property;
  object_class->set_property = concord_record_drop_down_set_property;
  widget_class->grab_focus = concord_record_drop_down_grab_focus;

  properties[PROP_WORKBOOK] =
    g_param_spec_object ("workbook", NULL, NULL, CONCORD_TYPE_WORKBOOK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TABLE] =
    g_param_spec_string ("table", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL_COLUMN] =
    g_param_spec_string ("label-column", NULL, NULL, "name",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_NONE] =
    g_param_spec_boolean ("allow-none", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "concordrecorddropdown");
}

static void
concord_record_drop_down_init (ConcordRecordDropDown *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  self->allow_none = TRUE;
  self->drop_down = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->drop_down), GTK_ALIGN_CENTER);
  gtk_widget_set_parent (GTK_WIDGET (self->drop_down), GTK_WIDGET (self));

  /* The same text labels the rows and drives the popup's search, so long
   * lists can be narrowed from the keyboard. */
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (item_label), self, NULL);
  gtk_drop_down_set_expression (self->drop_down, expression);
  gtk_drop_down_set_enable_search (self->drop_down, TRUE);

  g_signal_connect_object (self->drop_down, "notify::selected",
                           G_CALLBACK (on_selected_changed), self, G_CONNECT_SWAPPED);

  /* The list it opens, by mouse or keyboard, is what a lazy one waits for. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->drop_down));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      g_signal_connect_object (child, "show", G_CALLBACK (fill), self, G_CONNECT_SWAPPED);
}

GtkWidget *
concord_record_drop_down_new (ConcordWorkbook *workbook,
                              const char      *table,
                              const char      *label_column,
                              gboolean         allow_none)
{
  g_return_val_if_fail (workbook == NULL || CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  return g_object_new (CONCORD_TYPE_RECORD_DROP_DOWN,
                       "table", table,
                       "label-column", label_column ? label_column : "name",
                       "allow-none", allow_none,
                       "workbook", workbook,
                       NULL);
}

ConcordWorkbook *
concord_record_drop_down_get_workbook (ConcordRecordDropDown *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD_DROP_DOWN (self), NULL);

  return self->workbook;
}

void
concord_record_drop_down_set_workbook (ConcordRecordDropDown *self,
                                       ConcordWorkbook       *workbook)
{
  g_return_if_fail (CONCORD_IS_RECORD_DROP_DOWN (self));
  g_return_if_fail (workbook == NULL || CONCORD_IS_WORKBOOK (workbook));

  if (self->workbook == workbook)
    return;

  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_func (self->workbook, on_workbook_changed, self);
  g_set_object (&self->workbook, workbook);
  /* Another workbook's records wait, too, until they are needed. */
  self->filled = FALSE;
  /* After the lookup model (made below) has read the change. */
  if (workbook != NULL)
    g_signal_connect_object (workbook, "changed", G_CALLBACK (on_workbook_changed), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  /* During construction "table" may not be set yet; constructed() builds. */
  if (self->table != NULL)
    rebuild_model (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKBOOK]);
}

gint64
concord_record_drop_down_get_selected_id (ConcordRecordDropDown *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD_DROP_DOWN (self), 0);

  return self->selected_id;
}

void
concord_record_drop_down_set_selected_id (ConcordRecordDropDown *self,
                                          gint64                 id)
{
  g_return_if_fail (CONCORD_IS_RECORD_DROP_DOWN (self));

  if (id < 0)
    id = 0;

  if (self->selected_id == id)
    {
      sync_selection (self);
      return;
    }

  self->selected_id = id;
  /* A lazy one that has not read its list shows the pick alone. */
  if (self->lazy && !self->filled)
    rebuild_model (self);
  else
    sync_selection (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

GtkWidget *
concord_record_drop_down_get_drop_down (ConcordRecordDropDown *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD_DROP_DOWN (self), NULL);

  /* Whoever drives the list itself wants its records. */
  fill (self);

  return GTK_WIDGET (self->drop_down);
}

/**
 * concord_record_drop_down_set_lazy:
 * @self: a record drop-down
 * @lazy: whether to read the records only when first needed
 *
 * For a picker over a table that can be large (accounts), or one that
 * mostly stays at its "None" choice (a filter): its records are read when
 * its list first opens, not with the page that shows it. Until then a
 * record set with concord_record_drop_down_set_selected_id() is shown
 * alone, read by its id.
 */
void
concord_record_drop_down_set_lazy (ConcordRecordDropDown *self,
                                   gboolean               lazy)
{
  g_return_if_fail (CONCORD_IS_RECORD_DROP_DOWN (self));

  lazy = !!lazy;
  if (self->lazy == lazy)
    return;

  self->lazy = lazy;
  self->filled = FALSE;
  rebuild_model (self);
}

void
concord_record_drop_down_set_none_label (ConcordRecordDropDown *self,
                                         const char            *label)
{
  g_return_if_fail (CONCORD_IS_RECORD_DROP_DOWN (self));

  g_free (self->none_label);
  self->none_label = g_strdup (label);
  rebuild_model (self);
}

/**
 * concord_record_drop_down_set_excluded_id:
 * @self: a record drop-down
 * @id: a record not to offer, or 0 to offer every row
 *
 * For example the person being deleted, when choosing who takes over.
 */
void
concord_record_drop_down_set_excluded_id (ConcordRecordDropDown *self,
                                          gint64                 id)
{
  g_return_if_fail (CONCORD_IS_RECORD_DROP_DOWN (self));

  if (self->excluded_id == id)
    return;

  self->excluded_id = id;
  if (self->selected_id == id)
    concord_record_drop_down_set_selected_id (self, 0);
  rebuild_model (self);
}
