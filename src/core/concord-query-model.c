/* concord-query-model.c
 *
 * Holds only the ordered ids a query returned; a ConcordRecord is built
 * when a view asks for an item, and kept while someone holds it. When the
 * store says a watched table changed, the ids are read again, the live
 * records re-read their rows, and only the span of ids that differs is
 * announced, so selection and scroll position survive an edit.
 *
 * A new query (a search keystroke, another sort) shows its first
 * QUERY_WINDOW ids at once, enough for a tall window's rows; the rest
 * are read from the same statement a chunk at a time while the main loop
 * is idle, each chunk announced as rows added at the end. A million
 * ordered ids cost a view nothing before its first page.
 *
 * A refresh after an edit does the same: the first window is compared
 * with the ids it replaces and only what differs is announced at once;
 * the rest is gathered while idle and, when whole, compared with the
 * tail it replaces and announced as one change. Until then the list holds
 * the new first window followed by the ids it had after it.
 */
#define G_LOG_DOMAIN "concord-query-model"

#include "concord-query-model.h"
#include "concord-workbook-private.h"

struct _ConcordQueryModel
{
  GObject          parent_instance;

  ConcordWorkbook *workbook;
  const char      *table;     /* interned */
  char            *ids_sql;
  GPtrArray       *params;    /* GVariant */
  GArray          *ids;       /* gint64 */
  GHashTable      *live;      /* id -> ConcordRecord (weak) */
  GPtrArray       *handlers;  /* gulong* signal ids on the workbook */

  sqlite3_stmt    *loading;   /* the query, stepped on while idle */
  guint            loading_id;
  GArray          *pending;   /* a refresh's ids after its first window, gathered while idle */
  guint            tail_start; /* where they go: the length of that window */
  gboolean         whole_replacements;
  guint            query_window; /* how many ids a new query shows at once */
};

/* A refresh's first window: enough rows for several screens of any
 * list, where an edit usually lands; smaller lists are read whole at
 * once, as before. */
#define FIRST_WINDOW 2000
/* A new query's first window: a tall window shows under a hundred rows.
 * A GTK 4.8 list view builds, binds and measures a row for each of its
 * first two hundred items whatever its height, so every id beyond a
 * screenful in the first window is a row built and laid out before the
 * first frame; the rest come with the first idle chunks. The fewer ids
 * read before a keystroke's frame, the sooner it is drawn. */
#define QUERY_WINDOW 100
/* How long one idle chunk may read ids before the main loop runs again. */
#define CHUNK_USEC   4000
/* The list rows a GTK 4.8 view builds whatever its height, and how many of
 * them one idle chunk brings: a view builds, binds and maps the row of
 * every item a change adds among its first LIST_ROWS in its handler of
 * that change, and measures them in the next frame. A chunk that brought
 * them all at once (a hundred rows of the accounts table, 0.1 s and more
 * at 100,000 accounts) stalled whatever frame came next, such as a page
 * switch right after the pages were first built. */
#define LIST_ROWS    200
#define STEP_ROWS    20

static void concord_query_model_list_model_init (GListModelInterface *iface);
static gboolean start_query (ConcordQueryModel  *self,
                             GError            **error);
static void replace_ids (ConcordQueryModel *self,
                         GArray            *ids);
static void replace_span (ConcordQueryModel *self,
                          guint              start,
                          guint              old_len,
                          GArray            *span);
static gboolean refresh_whole (ConcordQueryModel  *self,
                               GError            **error);

G_DEFINE_FINAL_TYPE_WITH_CODE (ConcordQueryModel, concord_query_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      concord_query_model_list_model_init))

enum { PROP_0, PROP_N_ITEMS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
stop_loading (ConcordQueryModel *self)
{
  g_clear_handle_id (&self->loading_id, g_source_remove);
  if (self->loading != NULL)
    {
      concord_workbook_remove_reader (self->workbook, self);
      g_clear_pointer (&self->loading, sqlite3_finalize);
    }
  g_clear_pointer (&self->pending, g_array_unref);
}

/* Steps the loading statement, appending ids to @ids, until it is done,
 * @max more ids are read or @deadline (monotonic, 0 for none) has passed.
 * Returns the last sqlite3_step() code: SQLITE_ROW while more remain. */
static int
read_ids (ConcordQueryModel *self,
          GArray            *ids,
          guint              max,
          gint64             deadline)
{
  int rc;

  for (guint n = 1; (rc = sqlite3_step (self->loading)) == SQLITE_ROW; n++)
    {
      gint64 id = sqlite3_column_int64 (self->loading, 0);

      g_array_append_val (ids, id);
      if (n >= max || (deadline != 0 && n % 256 == 0 && g_get_monotonic_time () >= deadline))
        break;
    }

  return rc;
}


/* Appends @more to the ids and says so; a refresh gathers it instead. */
static void
append_ids (ConcordQueryModel *self,
            GArray            *more)
{
  guint position = self->ids->len;

  if (more->len == 0)
    return;

  if (self->pending != NULL)
    {
      g_array_append_vals (self->pending, more->data, more->len);
      return;
    }

  g_array_append_vals (self->ids, more->data, more->len);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, more->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* The statement is done, @more its last ids: they are appended, or a
 * refresh's tail replaces the one the list held, announcing only what
 * differs. */
static void
loading_done (ConcordQueryModel *self,
              GArray            *more)
{
  g_autoptr(GArray) tail = g_steal_pointer (&self->pending);
  guint start = self->tail_start;

  stop_loading (self);
  if (tail == NULL)
    {
      append_ids (self, more);
      return;
    }

  g_array_append_vals (tail, more->data, more->len);
  replace_span (self, start, self->ids->len - start, tail);
}

/* The statement was cut short (a rollback beside it, say): read the list
 * whole instead. */
static void
loading_failed (ConcordQueryModel *self)
{
  g_autoptr(GError) error = NULL;

  stop_loading (self);
  if (!refresh_whole (self, &error))
    g_warning ("Could not read the %s list: %s", self->table, error->message);
}

/* Reads the rest now: before the store writes, or for a caller that needs
 * every id (a search for one row). */
static void
finish_loading (ConcordQueryModel *self)
{
  g_autoptr(GArray) more = NULL;
  int rc;

  if (self->loading == NULL)
    return;

  more = g_array_new (FALSE, FALSE, sizeof (gint64));
  rc = read_ids (self, more, G_MAXUINT, 0);
  if (rc != SQLITE_DONE)
    {
      loading_failed (self);
      return;
    }

  loading_done (self, more);
}

static void
finish_reader (gpointer reader,
               gpointer workbook)
{
  ConcordQueryModel *self = reader;

  g_clear_handle_id (&self->loading_id, g_source_remove);
  finish_loading (self);
}

/* How many ids the next idle chunk may read: a few while they are among
 * the rows a view builds (see LIST_ROWS), else as many as its time allows.
 * A refresh's tail is announced whole at its end, so it is not held back. */
static guint
chunk_max (ConcordQueryModel *self)
{
  if (self->pending == NULL && self->ids->len < LIST_ROWS)
    return MIN (STEP_ROWS, LIST_ROWS - self->ids->len);

  return G_MAXUINT;
}

static gboolean
load_chunk (gpointer user_data)
{
  ConcordQueryModel *self = user_data;
  g_autoptr(GArray) more = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  rc = read_ids (self, more, chunk_max (self), g_get_monotonic_time () + CHUNK_USEC);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      self->loading_id = 0;
      loading_failed (self);
      return G_SOURCE_REMOVE;
    }

  if (rc == SQLITE_DONE)
    {
      self->loading_id = 0;
      loading_done (self, more);
    }
  else
    append_ids (self, more);

  return rc == SQLITE_DONE ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
record_gone (gpointer  data,
             GObject  *where_the_object_was)
{
  ConcordQueryModel *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (value == (gpointer) where_the_object_was)
        {
          g_hash_table_iter_remove (&iter);
          break;
        }
    }
}

static void
concord_query_model_dispose (GObject *object)
{
  ConcordQueryModel *self = (ConcordQueryModel *) object;

  stop_loading (self);

  if (self->live != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->live);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_object_weak_unref (value, record_gone, self);
      g_hash_table_remove_all (self->live);
    }

  if (self->workbook != NULL && self->handlers != NULL)
    {
      for (guint i = 0; i < self->handlers->len; i++)
        g_signal_handler_disconnect (self->workbook,
                                     GPOINTER_TO_SIZE (g_ptr_array_index (self->handlers, i)));
      g_ptr_array_set_size (self->handlers, 0);
    }

  g_clear_object (&self->workbook);

  G_OBJECT_CLASS (concord_query_model_parent_class)->dispose (object);
}

static void
concord_query_model_finalize (GObject *object)
{
  ConcordQueryModel *self = (ConcordQueryModel *) object;

  g_free (self->ids_sql);
  g_clear_pointer (&self->params, g_ptr_array_unref);
  g_array_unref (self->ids);
  g_hash_table_unref (self->live);
  g_ptr_array_unref (self->handlers);

  G_OBJECT_CLASS (concord_query_model_parent_class)->finalize (object);
}

static void
concord_query_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConcordQueryModel *self = CONCORD_QUERY_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_query_model_class_init (ConcordQueryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = concord_query_model_dispose;
  object_class->finalize = concord_query_model_finalize;
  object_class->get_property = concord_query_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
concord_query_model_init (ConcordQueryModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->handlers = g_ptr_array_new ();
  self->query_window = QUERY_WINDOW;
}

static GType
concord_query_model_get_item_type (GListModel *model)
{
  return CONCORD_TYPE_RECORD;
}

static guint
concord_query_model_get_n_items (GListModel *model)
{
  return CONCORD_QUERY_MODEL (model)->ids->len;
}

static gpointer
concord_query_model_get_item (GListModel *model,
                              guint       position)
{
  ConcordQueryModel *self = CONCORD_QUERY_MODEL (model);

  if (position >= self->ids->len)
    return NULL;

  return concord_query_model_get_record (self, g_array_index (self->ids, gint64, position));
}

static void
concord_query_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = concord_query_model_get_item_type;
  iface->get_n_items = concord_query_model_get_n_items;
  iface->get_item = concord_query_model_get_item;
}

static void
on_workbook_changed (ConcordWorkbook   *workbook,
                     const char        *table,
                     ConcordQueryModel *self)
{
  g_autoptr(GError) error = NULL;

  if (!concord_query_model_refresh (self, &error))
    g_warning ("Could not refresh the %s list: %s", self->table, error->message);
}

/**
 * concord_query_model_new:
 * @workbook: the store
 * @table: the table whose rows the ids name
 *
 * Until a query is set, the model lists every row of @table by id.
 */
ConcordQueryModel *
concord_query_model_new (ConcordWorkbook *workbook,
                         const char      *table)
{
  ConcordQueryModel *self;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (concord_workbook_has_table (workbook, table), NULL);

  self = g_object_new (CONCORD_TYPE_QUERY_MODEL, NULL);
  self->workbook = g_object_ref (workbook);
  self->table = g_intern_string (table);
  self->ids_sql = g_strdup_printf ("SELECT id FROM %s ORDER BY id", table);
  self->params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  concord_query_model_watch (self, table);
  start_query (self, NULL);

  return self;
}

ConcordWorkbook *
concord_query_model_get_workbook (ConcordQueryModel *self)
{
  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (self), NULL);

  return self->workbook;
}

const char *
concord_query_model_get_table (ConcordQueryModel *self)
{
  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (self), NULL);

  return self->table;
}

/**
 * concord_query_model_watch:
 * @table: another table whose changes can change this list
 *
 * For example a list of accounts that shows owners' names also watches
 * "people".
 */
void
concord_query_model_watch (ConcordQueryModel *self,
                           const char        *table)
{
  g_autofree char *detailed = NULL;
  gulong handler;

  g_return_if_fail (CONCORD_IS_QUERY_MODEL (self));
  g_return_if_fail (table != NULL);

  detailed = g_strdup_printf ("changed::%s", table);
  handler = g_signal_connect (self->workbook, detailed,
                              G_CALLBACK (on_workbook_changed), self);
  g_ptr_array_add (self->handlers, GSIZE_TO_POINTER (handler));
}

static void
bind_param (sqlite3_stmt *stmt,
            int           index,
            GVariant     *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    sqlite3_bind_int (stmt, index, g_variant_get_int32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    sqlite3_bind_double (stmt, index, g_variant_get_double (value));
  else
    sqlite3_bind_null (stmt, index);
}

static void
reload_live_records (ConcordQueryModel *self)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?1", self->table);
  sqlite3_stmt *stmt = concord_workbook_prepare (self->workbook, sql, NULL);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  if (stmt == NULL)
    return;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) key);
      if (sqlite3_step (stmt) == SQLITE_ROW &&
          !concord_record_equal_values (value, stmt))
        {
          concord_record_load (value, stmt);
          g_ptr_array_add (changed, g_object_ref (value));
        }
    }
  sqlite3_reset (stmt);

  /* Handlers may drop records, so emit after walking the table. */
  for (guint i = 0; i < changed->len; i++)
    concord_record_emit_changed (g_ptr_array_index (changed, i));
}

static gboolean
same_query (ConcordQueryModel *self,
            const char        *ids_sql,
            GPtrArray         *params)
{
  guint n = params != NULL ? params->len : 0;

  if (g_strcmp0 (self->ids_sql, ids_sql) != 0 || self->params->len != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (!g_variant_equal (g_ptr_array_index (self->params, i), g_ptr_array_index (params, i)))
      return FALSE;

  return TRUE;
}

/* Runs the query on a statement of its own and reads its first @window
 * ids into @ids; the statement stays open while more remain. */
static gboolean
open_query (ConcordQueryModel  *self,
            GArray             *ids,
            guint               window,
            GError            **error)
{
  sqlite3 *db = concord_workbook_get_db (self->workbook);
  int rc;

  stop_loading (self);

  rc = sqlite3_prepare_v2 (db, self->ids_sql, -1, &self->loading, NULL);
  if (rc != SQLITE_OK)
    {
      g_clear_pointer (&self->loading, sqlite3_finalize);
      concord_workbook_set_error (self->workbook, rc, error, "Could not read the list");
      return FALSE;
    }
  concord_workbook_add_reader (self->workbook, self, finish_reader);

  for (guint i = 0; i < self->params->len; i++)
    bind_param (self->loading, i + 1, g_ptr_array_index (self->params, i));

  rc = read_ids (self, ids, window, 0);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      concord_workbook_set_error (self->workbook, rc, error, "Could not read the list");
      stop_loading (self);
      return FALSE;
    }
  if (rc == SQLITE_DONE)
    stop_loading (self);

  return TRUE;
}

/* The first window of ids now, the rest while idle. */
static gboolean
start_query (ConcordQueryModel  *self,
             GError            **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!open_query (self, ids, self->query_window, error))
    return FALSE;

  /* The records held follow every change already (refresh), and another
   * program's writes are noticed apart: a search reads only ids. */
  replace_ids (self, ids);

  if (self->loading != NULL)
    self->loading_id = g_idle_add (load_chunk, self);

  return TRUE;
}

/**
 * concord_query_model_set_query:
 * @ids_sql: a SELECT whose first column is the id of a row of the table
 * @params: (nullable) (element-type GVariant): values for ?1, ?2, …
 *
 * Replaces the query. Its first ids are read at once (a small list
 * whole); the rest follow while the main loop is idle, announced as rows
 * added at the end (see concord_query_model_is_loading()). The same
 * query again reads nothing.
 */
gboolean
concord_query_model_set_query (ConcordQueryModel  *self,
                               const char         *ids_sql,
                               GPtrArray          *params,
                               GError            **error)
{
  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (self), FALSE);
  g_return_val_if_fail (ids_sql != NULL, FALSE);

  /* The ids follow every change already; the same query again (a page
   * applying its filters anew) reads nothing. */
  if (same_query (self, ids_sql, params))
    return TRUE;

  g_free (self->ids_sql);
  self->ids_sql = g_strdup (ids_sql);
  g_ptr_array_set_size (self->params, 0);

  if (params != NULL)
    for (guint i = 0; i < params->len; i++)
      g_ptr_array_add (self->params, g_variant_ref_sink (g_ptr_array_index (params, i)));

  return start_query (self, error);
}

#define LARGE_CHANGE 1000

/* Makes @ids (owned) the list, announcing that @removed ids at @position
 * became @added others. */
static void
announce_replacement (ConcordQueryModel *self,
                      GArray            *ids,
                      guint              position,
                      guint              removed,
                      guint              added)
{
  guint old_n = self->ids->len;

  /* A large replacement (a search keystroke) is announced as a removal
   * and then an insertion. Announced as one change, it makes GTK 4.8's
   * list views fetch every inserted row when the row they were anchored to
   * is gone: 38,000 rows read for one keystroke at 100,000 accounts. In
   * between, the list holds what both have in common. A view that keeps
   * its rows in place across a replacement asks for one change instead. */
  if (!self->whole_replacements && removed > 0 && added > 0 && removed + added >= LARGE_CHANGE)
    {
      GArray *common = g_array_sized_new (FALSE, FALSE, sizeof (gint64), old_n - removed);

      g_array_append_vals (common, self->ids->data, position);
      g_array_append_vals (common, &g_array_index (self->ids, gint64, position + removed),
                           old_n - position - removed);
      g_array_unref (self->ids);
      self->ids = common;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, 0);
      g_array_unref (self->ids);
      self->ids = ids;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
    }
  else
    {
      g_array_unref (self->ids);
      self->ids = ids;
      if (removed > 0 || added > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
    }
  if (old_n != ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Puts @span in place of the @old_len ids from @start and announces only
 * the part of it that differs. */
static void
replace_span (ConcordQueryModel *self,
              guint              start,
              guint              old_len,
              GArray            *span)
{
  const gint64 *old = &g_array_index (self->ids, gint64, start);
  const gint64 *new = (const gint64 *) (gpointer) span->data;
  guint old_n = self->ids->len, new_len = span->len, prefix = 0, suffix = 0;
  GArray *ids;

  g_assert (start + old_len <= old_n);

  while (prefix < old_len && prefix < new_len && old[prefix] == new[prefix])
    prefix++;

  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         old[old_len - 1 - suffix] == new[new_len - 1 - suffix])
    suffix++;

  if (start == 0 && old_len == old_n)
    ids = g_array_ref (span);
  else
    {
      ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), old_n - old_len + new_len);
      g_array_append_vals (ids, self->ids->data, start);
      g_array_append_vals (ids, span->data, new_len);
      g_array_append_vals (ids, &g_array_index (self->ids, gint64, start + old_len),
                           old_n - start - old_len);
    }

  announce_replacement (self, ids, start + prefix,
                        old_len - prefix - suffix, new_len - prefix - suffix);
}

/* Takes @ids (a whole list, or the first window of one) and announces
 * only the span that differs. */
static void
replace_ids (ConcordQueryModel *self,
             GArray            *ids)
{
  replace_span (self, 0, self->ids->len, ids);
}

/* How many of the ids held stand for @window, the first window of a
 * refresh: those up to the last id of the window, looked for near where
 * an edit leaves it, so the ids after it stay in place until the rest is
 * read. */
static guint
window_end (ConcordQueryModel *self,
            GArray            *window)
{
  const gint64 *old = (const gint64 *) (gpointer) self->ids->data;
  gint64 last = g_array_index (window, gint64, window->len - 1);
  guint n = self->ids->len, at = window->len - 1;

  for (guint d = 0; d <= FIRST_WINDOW; d++)
    {
      if (at + d < n && old[at + d] == last)
        return at + d + 1;
      if (d > 0 && d <= at && at - d < n && old[at - d] == last)
        return at - d + 1;
    }

  return MIN (n, window->len);
}

/* Reads every id now: when a statement read while idle was cut short. */
static gboolean
refresh_whole (ConcordQueryModel  *self,
               GError            **error)
{
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stop_loading (self);

  stmt = concord_workbook_prepare (self->workbook, self->ids_sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < self->params->len; i++)
    bind_param (stmt, i + 1, g_ptr_array_index (self->params, i));

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (self->workbook, rc, error, "Could not read the list");
      return FALSE;
    }

  reload_live_records (self);
  replace_ids (self, ids);

  return TRUE;
}

/**
 * concord_query_model_refresh:
 *
 * Reads the ids again and announces only what differs: after an edit,
 * the rows around it keep their place. The first window is read and
 * announced at once; in a longer list the rest is read while the main
 * loop is idle (see concord_query_model_is_loading()) and announced as
 * one change to the rows after that window. A refresh or query started
 * meanwhile drops that read.
 */
gboolean
concord_query_model_refresh (ConcordQueryModel  *self,
                             GError            **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (self), FALSE);

  if (!open_query (self, ids, FIRST_WINDOW, error))
    return FALSE;

  reload_live_records (self);
  if (self->loading == NULL || ids->len == 0)
    {
      replace_ids (self, ids);
      return TRUE;
    }

  replace_span (self, 0, window_end (self, ids), ids);
  self->pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tail_start = ids->len;
  self->loading_id = g_idle_add (load_chunk, self);

  return TRUE;
}

/**
 * concord_query_model_set_whole_replacements:
 * @whole: whether a large replacement is announced as one change
 *
 * By default a replacement of many rows (a search keystroke) is announced
 * as a removal and then an insertion, which spares a GTK 4.8 list view
 * reading every inserted row. A consumer that keeps the positions that
 * stay and only changes what they show (ConcordRecordSelection) needs the
 * replacement as one change, so it knows which positions stay.
 */
void
concord_query_model_set_whole_replacements (ConcordQueryModel *self,
                                            gboolean           whole)
{
  g_return_if_fail (CONCORD_IS_QUERY_MODEL (self));

  self->whole_replacements = !!whole;
}

/**
 * concord_query_model_set_first_window:
 * @n_ids: how many ids a new query should show at once, at least
 *
 * A view that keeps its row widgets across a replacement and only shows
 * other records in them (ConcordRecordSelection) asks for as many ids as
 * it holds rows: with fewer, a keystroke would take those rows away and,
 * as soon as the next chunk comes, build them again, before the frame
 * that shows the results. A new query never shows fewer than
 * QUERY_WINDOW ids at once.
 */
void
concord_query_model_set_first_window (ConcordQueryModel *self,
                                      guint              n_ids)
{
  g_return_if_fail (CONCORD_IS_QUERY_MODEL (self));

  self->query_window = MAX (n_ids, QUERY_WINDOW);
}

/**
 * concord_query_model_is_loading:
 *
 * Returns: whether ids of the query are still to be read (while the main
 *   loop is idle); the list is whole when this is %FALSE
 */
gboolean
concord_query_model_is_loading (ConcordQueryModel *self)
{
  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (self), FALSE);

  return self->loading != NULL;
}

gint64
concord_query_model_get_id (ConcordQueryModel *self,
                            guint              position)
{
  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (self), 0);

  if (position >= self->ids->len)
    return 0;

  return g_array_index (self->ids, gint64, position);
}

/**
 * concord_query_model_get_record:
 * @id: the id of a row of the model's table
 *
 * The record g_list_model_get_item() gives for the position of @id: the
 * one held alive, or a new one that follows its row from now on. A view
 * that keeps a row per position asks for it only when the row is shown.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL when the row
 *   is gone
 */
ConcordRecord *
concord_query_model_get_record (ConcordQueryModel *self,
                                gint64             id)
{
  ConcordRecord *record;

  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (self), NULL);

  record = g_hash_table_lookup (self->live, &id);
  if (record != NULL)
    return g_object_ref (record);

  record = concord_workbook_get_record (self->workbook, self->table, id, NULL);
  if (record == NULL)
    return NULL;

  g_hash_table_insert (self->live, g_memdup2 (&id, sizeof id), record);
  g_object_weak_ref (G_OBJECT (record), record_gone, self);

  return record;
}

gboolean
concord_query_model_find (ConcordQueryModel *self,
                          gint64             id,
                          guint             *position)
{
  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (self), FALSE);

  /* After a refresh, the rows past its first window are the old ones
   * until the rest is read. */
  if (self->pending != NULL)
    finish_loading (self);

  for (guint i = 0; i < self->ids->len; i++)
    {
      if (g_array_index (self->ids, gint64, i) == id)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }

  /* It may be among the ids not read yet. */
  if (self->loading != NULL)
    {
      guint searched = self->ids->len;

      finish_loading (self);
      for (guint i = searched; i < self->ids->len; i++)
        if (g_array_index (self->ids, gint64, i) == id)
          {
            if (position != NULL)
              *position = i;
            return TRUE;
          }
    }

  return FALSE;
}
