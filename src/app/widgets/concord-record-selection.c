/* concord-record-selection.c
 *
 * The items are ConcordRecordRows, one per position of the query model.
 * When the query model replaces the ids at some positions (a search
 * keystroke, an edit that moves a row), the rows at the positions that
 * stay are pointed at their new records and nothing is announced for
 * them: GTK 4.8's list views keep their row widgets and only rebind the
 * text, instead of destroying, creating and measuring a screenful of rows.
 * Only a change in length is announced, at the end of the replaced span.
 *
 * The selection is a set of record ids, so a selected account stays
 * selected wherever a search or a sort puts it. Each id keeps its
 * position, moved along with every change and looked for only among the
 * ids a change brings, so a change costs what it changed, not the length
 * of the list. Ids that are not in the list are forgotten once the list
 * is whole (read to its end).
 */
#define G_LOG_DOMAIN "concord-record-selection"

#include "concord-record-selection.h"

#include "concord-record-row.h"

struct _ConcordRecordSelection
{
  GObject            parent_instance;

  ConcordQueryModel *model;
  gulong             items_changed_handler;
  GHashTable        *rows;      /* position -> ConcordRecordRow (weak) */
  GHashTable        *selected;  /* gint64 id -> its position + 1, 0 while not in the list */
  guint64            ids_read;
};

static void concord_record_selection_list_model_init (GListModelInterface *iface);
static void concord_record_selection_selection_model_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ConcordRecordSelection, concord_record_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      concord_record_selection_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      concord_record_selection_selection_model_init))

static GHashTable *
id_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* The id at @position, counted (see concord_record_selection_get_ids_read()). */
static gint64
id_at (ConcordRecordSelection *self,
       guint                   position)
{
  self->ids_read++;

  return concord_query_model_get_id (self->model, position);
}

/* Selects @id, or moves it, at @position. */
static void
select_id (ConcordRecordSelection *self,
           gint64                  id,
           guint                   position)
{
  /* A key already there stays; the copy is freed. */
  g_hash_table_insert (self->selected, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (position + 1));
}

static void
row_gone (gpointer  data,
          GObject  *where_the_object_was)
{
  ConcordRecordSelection *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

/* Forgets selected ids the whole list no longer holds (deleted, or left
 * out by a search), so they do not come back selected later. */
static void
forget_missing (ConcordRecordSelection *self)
{
  GHashTableIter iter;
  gpointer value;

  if (concord_query_model_is_loading (self->model))
    return;

  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == NULL)
      g_hash_table_iter_remove (&iter);
}

/* Moves the selected ids' positions along with a change of @removed ids at
 * @position into @added others, and looks for them among those: an id is
 * in the list only where it was and stayed, or among the ids added. */
static void
follow_selected (ConcordRecordSelection *self,
                 guint                   position,
                 guint                   removed,
                 guint                   added)
{
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (self->selected) == 0)
    return;

  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      guint at = GPOINTER_TO_UINT (value);

      if (at == 0 || at - 1 < position)
        continue;
      if (at - 1 < position + removed)
        g_hash_table_iter_replace (&iter, NULL);
      else
        g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (at + added - removed));
    }

  for (guint i = position; i < position + added; i++)
    {
      gint64 id = id_at (self, i);

      if (g_hash_table_contains (self->selected, &id))
        select_id (self, id, i);
    }
}

static void
on_items_changed (GListModel             *model,
                  guint                   position,
                  guint                   removed,
                  guint                   added,
                  ConcordRecordSelection *self)
{
  guint kept = MIN (removed, added);
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) rebound = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) rebound_at = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key, value;

  /* Rows before the change stay, those in its first @kept positions stay
   * and show their new record, the rest of the removed ones go, and those
   * after it move by the change in length. */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint at = GPOINTER_TO_UINT (key);

      if (at < position)
        g_hash_table_insert (rows, key, value);
      else if (at < position + kept)
        {
          g_hash_table_insert (rows, key, value);
          g_ptr_array_add (rebound, g_object_ref (value));
          g_array_append_val (rebound_at, at);
        }
      else if (at < position + removed)
        g_object_weak_unref (value, row_gone, self);
      else
        g_hash_table_insert (rows, GUINT_TO_POINTER (at + added - removed), value);
    }
  g_hash_table_unref (self->rows);
  self->rows = g_steal_pointer (&rows);

  follow_selected (self, position, removed, added);

  /* Each row's record is read when a view shows it. */
  for (guint i = 0; i < rebound->len; i++)
    concord_record_row_set_id (g_ptr_array_index (rebound, i),
                               concord_query_model_get_id (self->model, g_array_index (rebound_at, guint, i)));

  if (removed != added)
    g_list_model_items_changed (G_LIST_MODEL (self), position + kept, removed - kept, added - kept);

  forget_missing (self);
  /* The positions that stayed may hold a selected record now, or no
   * longer. */
  if (kept > 0 && g_hash_table_size (self->selected) > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, kept);
}

static void
concord_record_selection_dispose (GObject *object)
{
  ConcordRecordSelection *self = (ConcordRecordSelection *) object;
  GHashTableIter iter;
  gpointer value;

  if (self->rows != NULL)
    {
      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_object_weak_unref (value, row_gone, self);
      g_hash_table_remove_all (self->rows);
    }

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_handler, self->model);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (concord_record_selection_parent_class)->dispose (object);
}

static void
concord_record_selection_finalize (GObject *object)
{
  ConcordRecordSelection *self = (ConcordRecordSelection *) object;

  g_hash_table_unref (self->rows);
  g_hash_table_unref (self->selected);

  G_OBJECT_CLASS (concord_record_selection_parent_class)->finalize (object);
}

static void
concord_record_selection_class_init (ConcordRecordSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = concord_record_selection_dispose;
  object_class->finalize = concord_record_selection_finalize;
}

static void
concord_record_selection_init (ConcordRecordSelection *self)
{
  self->rows = g_hash_table_new (NULL, NULL);
  self->selected = id_set_new ();
}

static GType
concord_record_selection_get_item_type (GListModel *model)
{
  return CONCORD_TYPE_RECORD_ROW;
}

static guint
concord_record_selection_get_n_items (GListModel *model)
{
  ConcordRecordSelection *self = CONCORD_RECORD_SELECTION (model);

  return g_list_model_get_n_items (G_LIST_MODEL (self->model));
}

static gpointer
concord_record_selection_get_item (GListModel *model,
                                   guint       position)
{
  ConcordRecordSelection *self = CONCORD_RECORD_SELECTION (model);
  ConcordRecordRow *row;

  row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return NULL;

  row = concord_record_row_new (self->model, concord_query_model_get_id (self->model, position));
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);
  g_object_weak_ref (G_OBJECT (row), row_gone, self);

  return row;
}

static void
concord_record_selection_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = concord_record_selection_get_item_type;
  iface->get_n_items = concord_record_selection_get_n_items;
  iface->get_item = concord_record_selection_get_item;
}

static gboolean
concord_record_selection_is_selected (GtkSelectionModel *model,
                                      guint              position)
{
  ConcordRecordSelection *self = CONCORD_RECORD_SELECTION (model);
  gint64 id;

  if (g_hash_table_size (self->selected) == 0 ||
      position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return FALSE;

  id = concord_query_model_get_id (self->model, position);
  return g_hash_table_lookup (self->selected, &id) == GUINT_TO_POINTER (position + 1);
}

static GtkBitset *
concord_record_selection_get_selection_in_range (GtkSelectionModel *model,
                                                 guint              position,
                                                 guint              n_items)
{
  ConcordRecordSelection *self = CONCORD_RECORD_SELECTION (model);
  GtkBitset *bitset = gtk_bitset_new_empty ();
  GHashTableIter iter;
  gpointer value;

  /* The positions the ids keep: no walk over the list. */
  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      guint at = GPOINTER_TO_UINT (value);

      if (at > 0 && at - 1 >= position && at - 1 - position < n_items)
        gtk_bitset_add (bitset, at - 1);
    }

  return bitset;
}

static gboolean
concord_record_selection_set_selection (GtkSelectionModel *model,
                                        GtkBitset         *selected,
                                        GtkBitset         *mask)
{
  ConcordRecordSelection *self = CONCORD_RECORD_SELECTION (model);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autoptr(GtkBitset) changed = gtk_bitset_copy (mask);
  GtkBitsetIter iter;
  guint position, first, last;

  gtk_bitset_remove_range (changed, n, G_MAXUINT - n);
  if (gtk_bitset_is_empty (changed))
    return TRUE;

  /* A change to every row (a click without Ctrl, "select all") also
   * forgets selected records a search hides. */
  if (gtk_bitset_get_size (changed) == n)
    {
      g_hash_table_remove_all (self->selected);
      for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok && position < n;
           ok = gtk_bitset_iter_next (&iter, &position))
        select_id (self, id_at (self, position), position);
    }
  else
    for (gboolean ok = gtk_bitset_iter_init_first (&iter, changed, &position); ok;
         ok = gtk_bitset_iter_next (&iter, &position))
      {
        gint64 id = id_at (self, position);

        if (gtk_bitset_contains (selected, position))
          select_id (self, id, position);
        else
          g_hash_table_remove (self->selected, &id);
      }

  first = gtk_bitset_get_minimum (changed);
  last = gtk_bitset_get_maximum (changed);
  gtk_selection_model_selection_changed (model, first, last - first + 1);

  return TRUE;
}

static void
concord_record_selection_selection_model_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = concord_record_selection_is_selected;
  iface->get_selection_in_range = concord_record_selection_get_selection_in_range;
  iface->set_selection = concord_record_selection_set_selection;
}

/**
 * concord_record_selection_new:
 * @model: the list; it is told to announce replacements as one change
 */
ConcordRecordSelection *
concord_record_selection_new (ConcordQueryModel *model)
{
  ConcordRecordSelection *self;

  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (model), NULL);

  self = g_object_new (CONCORD_TYPE_RECORD_SELECTION, NULL);
  self->model = g_object_ref (model);
  concord_query_model_set_whole_replacements (model, TRUE);
  self->items_changed_handler = g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);

  return self;
}

/**
 * concord_record_selection_rows_changed:
 *
 * Tells every row a view shows that its record reads differently, for
 * what a row shows from elsewhere (a person's name, say).
 */
void
concord_record_selection_rows_changed (ConcordRecordSelection *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (CONCORD_IS_RECORD_SELECTION (self));

  /* A handler may drop a row: hold them while telling. */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (rows, g_object_ref (value));
  for (guint i = 0; i < rows->len; i++)
    concord_record_row_changed (g_ptr_array_index (rows, i));
}

/**
 * concord_record_selection_get_ids_read:
 *
 * Returns: how many ids of the list the selection has read to keep its
 *   selected ids' positions, for tests: a change reads those it brings,
 *   never every id of a long list
 */
guint64
concord_record_selection_get_ids_read (ConcordRecordSelection *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD_SELECTION (self), 0);

  return self->ids_read;
}

ConcordQueryModel *
concord_record_selection_get_model (ConcordRecordSelection *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD_SELECTION (self), NULL);

  return self->model;
}
