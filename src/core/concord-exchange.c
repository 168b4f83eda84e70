/* concord-exchange.c
 *
 * A document holds records keyed by UUID, table by table in the order
 * parents come before children; references are UUIDs, never row ids.
 * Output is deterministic (records sorted by UUID, no wall-clock time),
 * so exporting, importing into an empty workbook and exporting again
 * gives the same bytes.
 *
 * Merging is three-way on timestamps. Each workbook keeps a private mark,
 * "sync.last_met": the newest edit both sides had seen the last time a
 * document went out of it or came into it. A record changed on both sides
 * since that mark is a conflict the user resolves field by field; changed
 * on one side only, that side wins. Deleting a record leaves a tombstone
 * ("deleted.UUID" in meta), so an import does not bring it back unless
 * the other side changed it since, which is a conflict too.
 */
#define G_LOG_DOMAIN "concord-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "concord-exchange.h"
#include "concord-json-guard.h"
#include "concord-output.h"

#define LAST_MET_KEY "sync.last_met"

/* Meta keys a workbook keeps for itself (meeting points, tombstones);
 * they never travel in a document. The export's SQL says the same. */
static gboolean
is_private_meta (const char *key)
{
  return g_str_has_prefix (key, "sync.") || g_str_has_prefix (key, "deleted.");
}

/* Schema knowledge ------------------------------------------------------- */

typedef struct
{
  char       *name;
  char       *export_name; /* FK columns lose their "_id" */
  char        affinity;    /* 'I', 'R' or 'T' */
  gboolean    required;    /* NOT NULL without a default */
  const char *parent;      /* interned table, or NULL */
} Column;

typedef struct
{
  const char *name;        /* interned */
  GPtrArray  *columns;     /* Column, without id and uuid */
  GPtrArray  *unique_keys; /* GStrv of column names, besides uuid */
  const char *label_column;
} Table;

static void
column_free (gpointer data)
{
  Column *column = data;

  g_free (column->name);
  g_free (column->export_name);
  g_free (column);
}

static void
table_free (gpointer data)
{
  Table *table = data;

  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->unique_keys);
  g_free (table);
}

static const char *const label_columns[] = { "name", "title", "term", "item", "rule", "text", "taken_on", NULL };

static GPtrArray *
load_tables (ConcordWorkbook *workbook)
{
  sqlite3 *db = concord_workbook_get_db (workbook);
  const char * const *names = concord_workbook_get_tables (workbook);
  GPtrArray *tables = g_ptr_array_new_with_free_func (table_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(sqlite3_stmt) info = NULL;
      g_autoptr(sqlite3_stmt) fks = NULL;
      g_autoptr(sqlite3_stmt) indexes = NULL;
      g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);
      Table *table;

      if (g_str_equal (names[i], "meta"))
        continue;

      table = g_new0 (Table, 1);
      table->name = g_intern_string (names[i]);
      table->columns = g_ptr_array_new_with_free_func (column_free);
      table->unique_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      sqlite3_prepare_v2 (db, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list (?1)", -1, &fks, NULL);
      sqlite3_bind_text (fks, 1, names[i], -1, SQLITE_STATIC);
      while (sqlite3_step (fks) == SQLITE_ROW)
        g_hash_table_insert (parents,
                             (gpointer) g_intern_string ((const char *) sqlite3_column_text (fks, 0)),
                             (gpointer) g_intern_string ((const char *) sqlite3_column_text (fks, 1)));

      sqlite3_prepare_v2 (db, "SELECT name, type, \"notnull\", dflt_value IS NOT NULL, pk "
                              "FROM pragma_table_info (?1) ORDER BY cid", -1, &info, NULL);
      sqlite3_bind_text (info, 1, names[i], -1, SQLITE_STATIC);
      while (sqlite3_step (info) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (info, 0);
          const char *type = (const char *) sqlite3_column_text (info, 1);
          Column *column;

          if (g_str_equal (name, "id") || g_str_equal (name, "uuid"))
            continue;

          column = g_new0 (Column, 1);
          column->name = g_strdup (name);
          column->parent = g_hash_table_lookup (parents, g_intern_string (name));
          if (column->parent != NULL && g_str_has_suffix (name, "_id"))
            column->export_name = g_strndup (name, strlen (name) - 3);
          else
            column->export_name = g_strdup (name);
          column->affinity = g_str_has_prefix (type, "INT") ? 'I' : g_str_has_prefix (type, "REAL") ? 'R' : 'T';
          column->required = sqlite3_column_int (info, 2) && !sqlite3_column_int (info, 3);
          g_ptr_array_add (table->columns, column);

          if (table->label_column == NULL && g_strv_contains (label_columns, name))
            table->label_column = g_intern_string (name);
        }

      /* UNIQUE constraints other than the uuid match records too. */
      sqlite3_prepare_v2 (db, "SELECT name FROM pragma_index_list (?1) WHERE \"unique\" AND origin = 'u'",
                          -1, &indexes, NULL);
      sqlite3_bind_text (indexes, 1, names[i], -1, SQLITE_STATIC);
      while (sqlite3_step (indexes) == SQLITE_ROW)
        {
          g_autoptr(sqlite3_stmt) cols = NULL;
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) key = NULL;

          sqlite3_prepare_v2 (db, "SELECT name FROM pragma_index_info (?1) ORDER BY seqno", -1, &cols, NULL);
          sqlite3_bind_text (cols, 1, (const char *) sqlite3_column_text (indexes, 0), -1, SQLITE_TRANSIENT);
          while (sqlite3_step (cols) == SQLITE_ROW)
            g_strv_builder_add (builder, (const char *) sqlite3_column_text (cols, 0));
          key = g_strv_builder_end (builder);
          if (g_strv_length (key) > 0 && !g_strv_contains ((const char * const *) key, "uuid"))
            g_ptr_array_add (table->unique_keys, g_steal_pointer (&key));
        }

      g_ptr_array_add (tables, table);
    }

  return tables;
}

static Table *
find_table (GPtrArray  *tables,
            const char *name)
{
  for (guint i = 0; i < tables->len; i++)
    {
      Table *table = g_ptr_array_index (tables, i);

      if (g_str_equal (table->name, name))
        return table;
    }

  return NULL;
}

static Column *
find_column (Table      *table,
             const char *export_name)
{
  for (guint i = 0; i < table->columns->len; i++)
    {
      Column *column = g_ptr_array_index (table->columns, i);

      if (g_str_equal (column->export_name, export_name))
        return column;
    }

  return NULL;
}

/* id <-> uuid of one table, read once per export or import. */
static GHashTable *
uuid_map (ConcordWorkbook *workbook,
          GHashTable      *cache,
          const char      *table)
{
  GHashTable *map = g_hash_table_lookup (cache, table);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (map != NULL)
    return map;

  map = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sql = g_strdup_printf ("SELECT id, uuid FROM %s", table);
  if (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), sql, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        g_hash_table_insert (map, g_memdup2 (&id, sizeof id),
                             g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      }

  g_hash_table_insert (cache, (gpointer) table, map);

  return map;
}

/* Selection -------------------------------------------------------------- */

struct _ConcordSelection
{
  GHashTable *ids; /* interned table -> GHashTable of gint64 */
};

ConcordSelection *
concord_selection_new (void)
{
  ConcordSelection *self = g_new0 (ConcordSelection, 1);

  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify) g_hash_table_unref);

  return self;
}

void
concord_selection_free (ConcordSelection *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->ids);
  g_free (self);
}

static gboolean
selection_add (ConcordSelection *self,
               const char       *table,
               gint64            id)
{
  GHashTable *set = g_hash_table_lookup (self->ids, table);

  if (set == NULL)
    {
      set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_insert (self->ids, (gpointer) g_intern_string (table), set);
    }

  if (g_hash_table_contains (set, &id))
    return FALSE;

  g_hash_table_add (set, g_memdup2 (&id, sizeof id));

  return TRUE;
}

void
concord_selection_add (ConcordSelection *self,
                       const char       *table,
                       gint64            id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (table != NULL);

  selection_add (self, table, id);
}

gboolean
concord_selection_is_empty (ConcordSelection *self)
{
  return self == NULL || g_hash_table_size (self->ids) == 0;
}

static gboolean
selection_contains (ConcordSelection *self,
                    const char       *table,
                    gint64            id)
{
  GHashTable *set = g_hash_table_lookup (self->ids, table);

  return set != NULL && g_hash_table_contains (set, &id);
}

/* A selection grows to what it needs to stand on its own: the records
 * that belong to a chosen one (ON DELETE CASCADE children, recursively),
 * then everything those records refer to. */
static void
close_selection (ConcordWorkbook  *workbook,
                 GPtrArray        *tables,
                 ConcordSelection *selection)
{
  sqlite3 *db = concord_workbook_get_db (workbook);
  gboolean grew = TRUE;

  while (grew)
    {
      grew = FALSE;
      for (guint t = 0; t < tables->len; t++)
        {
          Table *child = g_ptr_array_index (tables, t);
          g_autoptr(sqlite3_stmt) fks = NULL;

          sqlite3_prepare_v2 (db, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list (?1) "
                                  "WHERE on_delete = 'CASCADE'", -1, &fks, NULL);
          sqlite3_bind_text (fks, 1, child->name, -1, SQLITE_STATIC);
          while (sqlite3_step (fks) == SQLITE_ROW)
            {
              const char *column = (const char *) sqlite3_column_text (fks, 0);
              GHashTable *parents = g_hash_table_lookup (selection->ids,
                                                         g_intern_string ((const char *) sqlite3_column_text (fks, 1)));
              g_autofree char *sql = NULL;
              g_autoptr(sqlite3_stmt) rows = NULL;
              GHashTableIter iter;
              gpointer key;

              if (parents == NULL || child->name == g_intern_string ((const char *) sqlite3_column_text (fks, 1)))
                continue;

              sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1", child->name, column);
              sqlite3_prepare_v2 (db, sql, -1, &rows, NULL);
              g_hash_table_iter_init (&iter, parents);
              while (g_hash_table_iter_next (&iter, &key, NULL))
                {
                  sqlite3_reset (rows);
                  sqlite3_bind_int64 (rows, 1, *(gint64 *) key);
                  while (sqlite3_step (rows) == SQLITE_ROW)
                    grew |= selection_add (selection, child->name, sqlite3_column_int64 (rows, 0));
                }
            }
        }
    }

  /* Then what they refer to, without pulling in further children. Tables
   * come parents first, so walking them from the end reaches every
   * ancestor in one pass per level; repeat until nothing is added. */
  grew = TRUE;
  while (grew)
    {
      grew = FALSE;
      for (guint t = tables->len; t-- > 0;)
        {
          Table *table = g_ptr_array_index (tables, t);
          GHashTable *set = g_hash_table_lookup (selection->ids, table->name);

          if (set == NULL)
            continue;

          for (guint c = 0; c < table->columns->len; c++)
            {
              Column *column = g_ptr_array_index (table->columns, c);
              g_autofree char *sql = NULL;
              g_autoptr(sqlite3_stmt) stmt = NULL;
              g_autoptr(GArray) found = NULL;
              GHashTableIter iter;
              gpointer key;

              if (column->parent == NULL)
                continue;

              found = g_array_new (FALSE, FALSE, sizeof (gint64));
              sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1 AND %s IS NOT NULL",
                                     column->name, table->name, column->name);
              sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
              g_hash_table_iter_init (&iter, set);
              while (g_hash_table_iter_next (&iter, &key, NULL))
                {
                  sqlite3_reset (stmt);
                  sqlite3_bind_int64 (stmt, 1, *(gint64 *) key);
                  if (sqlite3_step (stmt) == SQLITE_ROW)
                    {
                      gint64 parent_id = sqlite3_column_int64 (stmt, 0);
                      g_array_append_val (found, parent_id);
                    }
                }

              for (guint i = 0; i < found->len; i++)
                grew |= selection_add (selection, column->parent, g_array_index (found, gint64, i));
            }
        }
    }
}

/* Export ------------------------------------------------------------------ */

static JsonNode *
column_to_node (ConcordWorkbook *workbook,
                GHashTable      *maps,
                Column          *column,
                sqlite3_stmt    *stmt,
                int              index)
{
  int type = sqlite3_column_type (stmt, index);

  if (type == SQLITE_NULL)
    return json_node_new (JSON_NODE_NULL);

  if (column->parent != NULL)
    {
      gint64 id = sqlite3_column_int64 (stmt, index);
      const char *uuid = g_hash_table_lookup (uuid_map (workbook, maps, column->parent), &id);

      return uuid ? json_node_init_string (json_node_alloc (), uuid) : json_node_new (JSON_NODE_NULL);
    }

  switch (column->affinity)
    {
    case 'I':
      return json_node_init_int (json_node_alloc (), sqlite3_column_int64 (stmt, index));
    case 'R':
      return json_node_init_double (json_node_alloc (), sqlite3_column_double (stmt, index));
    default:
      return json_node_init_string (json_node_alloc (), (const char *) sqlite3_column_text (stmt, index));
    }
}

static char *
workbook_as_of (ConcordWorkbook *workbook,
                GPtrArray       *tables)
{
  char *newest = NULL;

  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);
      g_autofree char *sql = g_strdup_printf ("SELECT max (updated_at) FROM %s", table->name);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), sql, -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, 0);

          if (newest == NULL || strcmp (value, newest) > 0)
            {
              g_free (newest);
              newest = g_strdup (value);
            }
        }
    }

  return newest;
}

/* Book-keeping outside the history: it is not the user's data. */
static void
advance_last_met (ConcordWorkbook *workbook,
                  const char      *as_of)
{
  static const char sql[] =
    "INSERT INTO meta (key, value) VALUES ('" LAST_MET_KEY "', ?1) "
    "ON CONFLICT (key) DO UPDATE SET value = max (value, excluded.value)";
  sqlite3_stmt *stmt;

  if (as_of == NULL || concord_workbook_get_read_only (workbook) ||
      concord_workbook_in_edit (workbook))
    return;

  stmt = concord_workbook_prepare (workbook, sql, NULL);
  if (stmt == NULL)
    return;

  sqlite3_bind_text (stmt, 1, as_of, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

/**
 * concord_exchange_mark_met:
 * @as_of: (nullable): the as_of of a document that left this workbook
 *
 * For exports made on another connection (a worker thread's, read-only):
 * records on the workbook that whoever reads the document has seen it.
 */
void
concord_exchange_mark_met (ConcordWorkbook *workbook,
                           const char      *as_of)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (workbook));

  advance_last_met (workbook, as_of);
}

/**
 * concord_exchange_export:
 * @selection: (nullable): records to export with what they need, or
 *   %NULL for the whole workbook
 */
JsonNode *
concord_exchange_export (ConcordWorkbook   *workbook,
                         ConcordSelection  *selection,
                         GError           **error)
{
  return concord_exchange_export_full (workbook, selection, NULL, NULL, NULL, error);
}

/**
 * concord_exchange_export_full:
 * @cancellable: (nullable): checked between tables
 * @progress: (nullable): told the share done between tables
 *
 * Safe to run in a worker thread on a workbook opened there.
 */
JsonNode *
concord_exchange_export_full (ConcordWorkbook      *workbook,
                              ConcordSelection     *selection,
                              GCancellable         *cancellable,
                              ConcordProgressFunc   progress,
                              gpointer              user_data,
                              GError              **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GHashTable) maps = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(sqlite3_stmt) meta = NULL;
  g_autofree char *as_of = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  db = concord_workbook_get_db (workbook);
  tables = load_tables (workbook);
  maps = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);

  if (selection != NULL)
    close_selection (workbook, tables, selection);

  /* One read transaction, so the document is one moment of the file. */
  if (!concord_workbook_in_edit (workbook))
    sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);

  as_of = workbook_as_of (workbook, tables);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, CONCORD_EXCHANGE_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CONCORD_EXCHANGE_VERSION);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, concord_workbook_get_schema_version (workbook));
  json_builder_set_member_name (builder, "as_of");
  if (as_of != NULL)
    json_builder_add_string_value (builder, as_of);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  sqlite3_prepare_v2 (db, "SELECT key, value FROM meta WHERE key NOT LIKE 'sync.%' "
                          "AND key NOT LIKE 'deleted.%' ORDER BY key", -1, &meta, NULL);
  while (sqlite3_step (meta) == SQLITE_ROW)
    {
      json_builder_set_member_name (builder, (const char *) sqlite3_column_text (meta, 0));
      if (sqlite3_column_type (meta, 1) == SQLITE_NULL)
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, (const char *) sqlite3_column_text (meta, 1));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "tables");
  json_builder_begin_object (builder);

  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);
      g_autoptr(GString) sql = g_string_new ("SELECT id, uuid");
      g_autoptr(sqlite3_stmt) stmt = NULL;

      for (guint c = 0; c < table->columns->len; c++)
        g_string_append_printf (sql, ", %s", ((Column *) g_ptr_array_index (table->columns, c))->name);
      g_string_append_printf (sql, " FROM %s ORDER BY uuid", table->name);

      rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          concord_workbook_set_error (workbook, rc, error, _("Could not read the workbook for export"));
          goto fail;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (progress != NULL)
        progress ((double) t / tables->len, user_data);

      json_builder_set_member_name (builder, table->name);
      json_builder_begin_object (builder);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          if (selection != NULL && !selection_contains (selection, table->name, sqlite3_column_int64 (stmt, 0)))
            continue;

          json_builder_set_member_name (builder, (const char *) sqlite3_column_text (stmt, 1));
          json_builder_begin_object (builder);
          for (guint c = 0; c < table->columns->len; c++)
            {
              Column *column = g_ptr_array_index (table->columns, c);

              json_builder_set_member_name (builder, column->export_name);
              json_builder_add_value (builder, column_to_node (workbook, maps, column, stmt, c + 2));
            }
          json_builder_end_object (builder);
        }

      json_builder_end_object (builder);

      if (rc != SQLITE_DONE)
        {
          concord_workbook_set_error (workbook, rc, error, _("Could not read the workbook for export"));
          goto fail;
        }
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (!concord_workbook_in_edit (workbook))
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  /* Whoever reads this document has seen everything up to as_of. */
  advance_last_met (workbook, as_of);

  return json_builder_get_root (builder);

fail:
  if (!concord_workbook_in_edit (workbook))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}

static char *
node_to_data (JsonNode *root,
              gsize    *length)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *text = NULL;

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  /* End with a newline, like any text file. */
  {
    char *with_newline = g_strconcat (text, "\n", NULL);

    if (length != NULL)
      *length = strlen (with_newline);
    return with_newline;
  }
}

char *
concord_exchange_export_data (ConcordWorkbook   *workbook,
                              ConcordSelection  *selection,
                              gsize             *length,
                              GError           **error)
{
  g_autoptr(JsonNode) root = concord_exchange_export (workbook, selection, error);

  if (root == NULL)
    return NULL;

  return node_to_data (root, length);
}

gboolean
concord_exchange_export_file (ConcordWorkbook   *workbook,
                              ConcordSelection  *selection,
                              const char        *path,
                              GError           **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  root = concord_exchange_export (workbook, selection, error);
  if (root == NULL)
    return FALSE;

  return concord_exchange_write_node (root, path, error);
}

gboolean
concord_exchange_write_node (JsonNode    *root,
                             const char  *path,
                             GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = node_to_data (root, &length);

  return concord_output_write_file (path, data, length, error);
}

/* Import ------------------------------------------------------------------ */

typedef enum
{
  ACTION_ADD,
  ACTION_UPDATE,
  ACTION_UNCHANGED,
  ACTION_KEEP,          /* changed here only, or deleted here: ours stays */
  ACTION_CONFLICT,
} Action;

typedef struct
{
  Table      *table;
  const char *uuid;     /* owned by the parsed document */
  JsonObject *object;
  gint64      local_id;
  Action      action;
  guint       first_conflict;
  guint       n_conflicts;
  gboolean    deleted_here;
} Entry;

typedef struct
{
  int line;
  int column;
} Position;

struct _ConcordMergePlan
{
  ConcordWorkbook *workbook;
  char            *source;
  JsonParser      *parser;
  GHashTable      *positions;  /* JsonObject* -> Position* */
  GArray          *open;       /* Position stack while parsing */
  GPtrArray       *tables;
  GHashTable      *maps;       /* table -> id -> uuid */
  GHashTable      *by_uuid;    /* "table uuid" -> Entry* for documents' records */
  GPtrArray       *entries;    /* Entry*, parents first */
  GPtrArray       *conflicts;  /* ConcordConflict* */
  GPtrArray       *meta_conflicts; /* indexes into conflicts for meta keys */
  JsonObject      *meta;
  char            *as_of;
  char            *last_met;
  guint            n_added, n_updated, n_unchanged, n_kept;
};

static void
conflict_free (gpointer data)
{
  ConcordConflict *conflict = data;

  g_free (conflict->uuid);
  g_free (conflict->label);
  g_free (conflict->field);
  g_free (conflict->mine);
  g_free (conflict->theirs);
  g_free (conflict);
}

void
concord_merge_plan_free (ConcordMergePlan *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->workbook);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->open, g_array_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->maps, g_hash_table_unref);
  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_free (self->source);
  g_free (self->as_of);
  g_free (self->last_met);
  g_free (self);
}

static void
on_object_start (JsonParser       *parser,
                 ConcordMergePlan *self)
{
  Position position = { (int) json_parser_get_current_line (parser),
                        (int) json_parser_get_current_pos (parser) };

  g_array_append_val (self->open, position);
}

static void
on_object_end (JsonParser       *parser,
               JsonObject       *object,
               ConcordMergePlan *self)
{
  Position *position;

  if (self->open->len == 0)
    return;

  position = g_memdup2 (&g_array_index (self->open, Position, self->open->len - 1), sizeof *position);
  g_array_set_size (self->open, self->open->len - 1);
  g_hash_table_insert (self->positions, object, position);
}

/* Every complaint about a document says where: file, line, column, and
 * the path of the value. */
G_GNUC_PRINTF (5, 6)
static gboolean
fail_at (ConcordMergePlan  *self,
         JsonObject        *object,
         const char        *path,
         GError           **error,
         const char        *format,
         ...)
{
  g_autofree char *message = NULL;
  Position *position = object ? g_hash_table_lookup (self->positions, object) : NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (position != NULL)
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE, "%s:%d:%d: %s (at %s)",
                 self->source, position->line, position->column, message, path);
  else
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE, "%s: %s (at %s)",
                 self->source, message, path);

  return FALSE;
}

static const char *
node_kind (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "a list";

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "text";
    case G_TYPE_BOOLEAN:
      return "true/false";
    case G_TYPE_DOUBLE:
      return "a decimal number";
    default:
      return "a whole number";
    }
}

static gboolean
is_timestamp (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL || !g_str_has_suffix (text, "Z"))
    return FALSE;

  parsed = g_date_time_new_from_iso8601 (text, NULL);

  return parsed != NULL;
}

static gboolean
check_value (ConcordMergePlan  *self,
             Table             *table,
             const char        *uuid,
             JsonObject        *record,
             Column            *column,
             JsonNode          *node,
             GError           **error)
{
  g_autofree char *path = g_strdup_printf ("tables.%s[\"%s\"].%s", table->name, uuid, column->export_name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      /* The merge compares updated_at: it has a default, but is needed. */
      if (column->required || g_str_equal (column->name, "updated_at"))
        return fail_at (self, record, path, error,
                        node == NULL ? _("the required field “%s” is missing")
                                     : _("the required field “%s” is empty"),
                        column->export_name);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return fail_at (self, record, path, error, _("“%s” should be a single value, not %s"),
                    column->export_name, node_kind (node));

  if (column->parent != NULL)
    {
      const char *ref = json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
      g_autofree char *key = NULL;

      if (ref == NULL || !g_uuid_string_is_valid (ref))
        return fail_at (self, record, path, error, _("“%s” should name a record by its UUID, not %s"),
                        column->export_name, node_kind (node));

      key = g_strdup_printf ("%s %s", column->parent, ref);
      if (!g_hash_table_contains (self->by_uuid, key) &&
          concord_workbook_lookup_uuid (self->workbook, column->parent, ref) == 0)
        return fail_at (self, record, path, error,
                        _("“%s” refers to %s, which is neither in the document nor in the workbook"),
                        column->export_name, ref);
      return TRUE;
    }

  switch (column->affinity)
    {
    case 'I':
      if (json_node_get_value_type (node) != G_TYPE_INT64)
        return fail_at (self, record, path, error, _("“%s” should be a whole number, not %s"),
                        column->export_name, node_kind (node));
      break;

    case 'R':
      if (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE)
        return fail_at (self, record, path, error, _("“%s” should be a number, not %s"),
                        column->export_name, node_kind (node));
      break;

    default:
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        return fail_at (self, record, path, error, _("“%s” should be text, not %s"),
                        column->export_name, node_kind (node));
      if (strlen (json_node_get_string (node)) > CONCORD_EXCHANGE_MAX_TEXT)
        return fail_at (self, record, path, error, _("“%s” is longer than %d bytes"),
                        column->export_name, CONCORD_EXCHANGE_MAX_TEXT);
      if ((g_str_equal (column->name, "created_at") || g_str_equal (column->name, "updated_at")) &&
          !is_timestamp (json_node_get_string (node)))
        return fail_at (self, record, path, error,
                        _("“%s” should be a UTC time such as 2026-11-23T09:15:00.000Z"),
                        column->export_name);
      break;
    }

  return TRUE;
}

/* The local row as document values, in column order (NULL for SQL NULL). */
static GPtrArray *
local_values (ConcordMergePlan *self,
              Table            *table,
              gint64            id)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, uuid");
  sqlite3_stmt *stmt;
  GPtrArray *values = NULL;

  for (guint c = 0; c < table->columns->len; c++)
    g_string_append_printf (sql, ", %s", ((Column *) g_ptr_array_index (table->columns, c))->name);
  g_string_append_printf (sql, " FROM %s WHERE id = ?1", table->name);

  stmt = concord_workbook_prepare (self->workbook, sql->str, NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      for (guint c = 0; c < table->columns->len; c++)
        g_ptr_array_add (values, column_to_node (self->workbook, self->maps,
                                                 g_ptr_array_index (table->columns, c), stmt, c + 2));
    }
  sqlite3_reset (stmt);

  return values;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);

  if (a_null || b_null)
    return a_null == b_null;

  if (json_node_get_value_type (a) == G_TYPE_STRING || json_node_get_value_type (b) == G_TYPE_STRING)
    return json_node_get_value_type (a) == json_node_get_value_type (b) &&
           g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;

  return json_node_get_double (a) == json_node_get_double (b);
}

static char *
node_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%g", json_node_get_double (node));

  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

static char *
record_label (Table      *table,
              JsonObject *object,
              const char *uuid)
{
  JsonNode *node = table->label_column ? json_object_get_member (object, table->label_column) : NULL;
  char *text = node ? node_text (node) : NULL;

  return text ? text : g_strdup (uuid);
}

static void
add_conflict (ConcordMergePlan *self,
              Entry            *entry,
              const char       *field,
              char             *mine,
              char             *theirs)
{
  ConcordConflict *conflict = g_new0 (ConcordConflict, 1);

  conflict->table = entry->table->name;
  conflict->uuid = g_strdup (entry->uuid);
  conflict->label = record_label (entry->table, entry->object, entry->uuid);
  conflict->field = g_strdup (field);
  conflict->mine = mine;
  conflict->theirs = theirs;

  if (entry->n_conflicts++ == 0)
    entry->first_conflict = self->conflicts->len;
  g_ptr_array_add (self->conflicts, conflict);
}

static gint64
match_unique_key (ConcordMergePlan *self,
                  Entry            *entry)
{
  for (guint k = 0; k < entry->table->unique_keys->len; k++)
    {
      GStrv key = g_ptr_array_index (entry->table->unique_keys, k);
      g_autoptr(GString) sql = g_string_new (NULL);
      sqlite3_stmt *stmt;
      gboolean usable = TRUE;
      gint64 id = 0;

      g_string_printf (sql, "SELECT id FROM %s WHERE ", entry->table->name);
      for (guint i = 0; key[i] != NULL; i++)
        g_string_append_printf (sql, "%s%s = ?%u", i ? " AND " : "", key[i], i + 1);

      stmt = concord_workbook_prepare (self->workbook, sql->str, NULL);
      if (stmt == NULL)
        continue;

      for (guint i = 0; key[i] != NULL && usable; i++)
        {
          Column *column = NULL;
          JsonNode *node;

          for (guint c = 0; c < entry->table->columns->len; c++)
            if (g_str_equal (((Column *) g_ptr_array_index (entry->table->columns, c))->name, key[i]))
              column = g_ptr_array_index (entry->table->columns, c);

          node = column ? json_object_get_member (entry->object, column->export_name) : NULL;
          if (node == NULL || JSON_NODE_HOLDS_NULL (node))
            usable = FALSE;
          else if (column->parent != NULL)
            {
              gint64 parent = concord_workbook_lookup_uuid (self->workbook, column->parent,
                                                            json_node_get_string (node));
              if (parent == 0)
                usable = FALSE;
              sqlite3_bind_int64 (stmt, i + 1, parent);
            }
          else if (json_node_get_value_type (node) == G_TYPE_STRING)
            sqlite3_bind_text (stmt, i + 1, json_node_get_string (node), -1, SQLITE_TRANSIENT);
          else
            sqlite3_bind_int64 (stmt, i + 1, json_node_get_int (node));
        }

      if (usable && sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      if (id != 0)
        return id;
    }

  return 0;
}

static gboolean
tombstone_exists (ConcordMergePlan *self,
                  const char       *uuid)
{
  g_autofree char *key = g_strconcat ("deleted.", uuid, NULL);
  g_autofree char *value = concord_workbook_dup_meta (self->workbook, key);

  return value != NULL;
}

/* Decide what happens to one record of the document. */
static void
plan_entry (ConcordMergePlan *self,
            Entry            *entry)
{
  const char *theirs_updated = json_object_get_string_member (entry->object, "updated_at");
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GArray) differing = NULL;
  const char *mine_updated = NULL;
  gboolean mine_changed, theirs_changed;

  entry->local_id = concord_workbook_lookup_uuid (self->workbook, entry->table->name, entry->uuid);
  if (entry->local_id == 0)
    entry->local_id = match_unique_key (self, entry);

  if (entry->local_id == 0)
    {
      if (tombstone_exists (self, entry->uuid))
        {
          /* Deleted here. Changed there since we met: the user decides. */
          if (self->last_met == NULL || strcmp (theirs_updated, self->last_met) > 0)
            {
              entry->action = ACTION_CONFLICT;
              entry->deleted_here = TRUE;
              add_conflict (self, entry, "", NULL, g_strdup (_("changed")));
            }
          else
            entry->action = ACTION_KEEP;
        }
      else
        entry->action = ACTION_ADD;
      return;
    }

  mine = local_values (self, entry->table, entry->local_id);
  differing = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint c = 0; c < entry->table->columns->len; c++)
    {
      Column *column = g_ptr_array_index (entry->table->columns, c);

      if (g_str_equal (column->name, "updated_at"))
        mine_updated = json_node_get_string (g_ptr_array_index (mine, c));
      if (g_str_equal (column->name, "updated_at") || g_str_equal (column->name, "created_at"))
        continue;
      if (!nodes_equal (g_ptr_array_index (mine, c), json_object_get_member (entry->object, column->export_name)))
        g_array_append_val (differing, c);
    }

  if (differing->len == 0)
    {
      entry->action = ACTION_UNCHANGED;
      return;
    }

  if (self->last_met != NULL)
    {
      mine_changed = g_strcmp0 (mine_updated, self->last_met) > 0;
      theirs_changed = strcmp (theirs_updated, self->last_met) > 0;
    }
  else
    {
      /* Never met: we cannot tell who changed what, so ask. */
      mine_changed = theirs_changed = TRUE;
    }

  if (mine_changed && theirs_changed)
    {
      entry->action = ACTION_CONFLICT;
      for (guint i = 0; i < differing->len; i++)
        {
          guint c = g_array_index (differing, guint, i);
          Column *column = g_ptr_array_index (entry->table->columns, c);

          add_conflict (self, entry, column->export_name,
                        node_text (g_ptr_array_index (mine, c)),
                        node_text (json_object_get_member (entry->object, column->export_name)));
        }
    }
  else if (theirs_changed || (!mine_changed && g_strcmp0 (theirs_updated, mine_updated) > 0))
    entry->action = ACTION_UPDATE;
  else
    entry->action = ACTION_KEEP;
}

static gboolean
check_document (ConcordMergePlan  *self,
                JsonNode          *root,
                GError           **error)
{
  JsonObject *object;
  JsonNode *node;
  JsonObject *tables;
  GList *names;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail_at (self, NULL, "$", error, _("the document should be a JSON object, not %s"),
                    node_kind (root));

  object = json_node_get_object (root);

  node = json_object_get_member (object, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_str_equal (json_node_get_string (node), CONCORD_EXCHANGE_FORMAT))
    return fail_at (self, object, "format", error,
                    _("this is not a Concord workbook document (“format” should be “%s”)"),
                    CONCORD_EXCHANGE_FORMAT);

  node = json_object_get_member (object, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail_at (self, object, "version", error, _("“version” should be a whole number"));
  if (json_node_get_int (node) > CONCORD_EXCHANGE_VERSION || json_node_get_int (node) < 1)
    return fail_at (self, object, "version", error,
                    _("the document is version %" G_GINT64_FORMAT "; this Concord reads version %d. "
                      "Update Concord to import it"),
                    json_node_get_int (node), CONCORD_EXCHANGE_VERSION);

  node = json_object_get_member (object, "as_of");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !is_timestamp (json_node_get_string (node)))
        return fail_at (self, object, "as_of", error, _("“as_of” should be a UTC time or null"));
      self->as_of = g_strdup (json_node_get_string (node));
    }

  node = json_object_get_member (object, "meta");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      GList *keys;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail_at (self, object, "meta", error, _("“meta” should be an object, not %s"), node_kind (node));
      self->meta = json_node_get_object (node);
      keys = json_object_get_members (self->meta);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (self->meta, l->data);

          if (!JSON_NODE_HOLDS_NULL (value) &&
              (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
               strlen (json_node_get_string (value)) > CONCORD_EXCHANGE_MAX_TEXT))
            {
              g_autofree char *path = g_strdup_printf ("meta.%s", (char *) l->data);
              {
                gboolean result = fail_at (self, self->meta, path, error, _("settings should be short text"));

                g_list_free (keys);
                return result;
              }
            }
        }
      g_list_free (keys);
    }

  node = json_object_get_member (object, "tables");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail_at (self, object, "tables", error, _("“tables” should be an object of tables"));
  tables = json_node_get_object (node);

  names = json_object_get_members (tables);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *records = json_object_get_member (tables, l->data);
      g_autofree char *path = g_strdup_printf ("tables.%s", (char *) l->data);
      Table *table = find_table (self->tables, l->data);
      GList *uuids;

      if (table == NULL)
        {
          {
            gboolean result = fail_at (self, tables, path, error, _("there is no table “%s” in a workbook"), (char *) l->data);

            g_list_free (names);
            return result;
          }
        }
      if (!JSON_NODE_HOLDS_OBJECT (records))
        {
          {
            gboolean result = fail_at (self, tables, path, error, _("a table should be an object of records keyed by UUID"));

            g_list_free (names);
            return result;
          }
        }

      uuids = json_object_get_members (json_node_get_object (records));
      for (GList *u = uuids; u != NULL; u = u->next)
        {
          JsonNode *record = json_object_get_member (json_node_get_object (records), u->data);
          g_autofree char *record_path = g_strdup_printf ("%s[\"%s\"]", path, (char *) u->data);
          Entry *entry;

          if (!g_uuid_string_is_valid (u->data))
            {
              {
                gboolean result = fail_at (self, json_node_get_object (records), record_path, error,
                              _("“%s” is not a UUID"), (char *) u->data);

                g_list_free (uuids);
                g_list_free (names);
                return result;
              }
            }
          if (!JSON_NODE_HOLDS_OBJECT (record))
            {
              {
                gboolean result = fail_at (self, json_node_get_object (records), record_path, error,
                              _("a record should be an object, not %s"), node_kind (record));

                g_list_free (uuids);
                g_list_free (names);
                return result;
              }
            }

          entry = g_new0 (Entry, 1);
          entry->table = table;
          entry->uuid = u->data;  /* owned by the parsed document */
          entry->object = json_node_get_object (record);
          g_hash_table_insert (self->by_uuid, g_strdup_printf ("%s %s", table->name, entry->uuid), entry);
        }
      g_list_free (uuids);
    }
  g_list_free (names);

  /* Parents first, so references resolve and inserts follow the keys. */
  for (guint t = 0; t < self->tables->len; t++)
    {
      Table *table = g_ptr_array_index (self->tables, t);
      JsonNode *records = json_object_get_member (tables, table->name);
      GList *uuids;

      if (records == NULL)
        continue;

      uuids = json_object_get_members (json_node_get_object (records));
      for (GList *u = uuids; u != NULL; u = u->next)
        {
          g_autofree char *key = g_strdup_printf ("%s %s", table->name, (char *) u->data);
          Entry *entry = g_hash_table_lookup (self->by_uuid, key);
          GList *fields = json_object_get_members (entry->object);

          for (GList *f = fields; f != NULL; f = f->next)
            if (find_column (table, f->data) == NULL)
              {
                g_autofree char *field_path = g_strdup_printf ("tables.%s[\"%s\"].%s",
                                                               table->name, entry->uuid, (char *) f->data);
                {
                  gboolean result = fail_at (self, entry->object, field_path, error,
                                _("records of “%s” have no field “%s”"), table->name, (char *) f->data);

                  g_list_free (fields);
                  g_list_free (uuids);
                  return result;
                }
              }
          g_list_free (fields);

          for (guint c = 0; c < table->columns->len; c++)
            {
              Column *column = g_ptr_array_index (table->columns, c);

              if (!check_value (self, table, entry->uuid, entry->object, column,
                                json_object_get_member (entry->object, column->export_name), error))
                {
                  g_list_free (uuids);
                  return FALSE;
                }
            }

          g_ptr_array_add (self->entries, entry);
        }
      g_list_free (uuids);
    }

  return TRUE;
}

static void
plan_meta (ConcordMergePlan *self)
{
  GList *keys;

  if (self->meta == NULL)
    return;

  keys = json_object_get_members (self->meta);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (self->meta, key);
      const char *theirs = JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
      g_autofree char *mine = NULL;

      if (is_private_meta (key))
        continue;

      mine = concord_workbook_dup_meta (self->workbook, key);
      if (g_strcmp0 (mine, theirs) == 0 || theirs == NULL || *theirs == '\0')
        continue;

      if (mine == NULL || *mine == '\0')
        continue; /* applied as is */

      {
        ConcordConflict *conflict = g_new0 (ConcordConflict, 1);

        conflict->table = g_intern_static_string ("meta");
        conflict->uuid = g_strdup (key);
        conflict->label = g_strdup (_("Workbook settings"));
        conflict->field = g_strdup (key);
        conflict->mine = g_steal_pointer (&mine);
        conflict->theirs = g_strdup (theirs);
        g_ptr_array_add (self->conflicts, conflict);
      }
    }
  g_list_free (keys);
}

/**
 * concord_merge_plan_new_from_data:
 * @source_name: how to name the document in messages (a file name)
 *
 * Reads and checks a document and works out what importing it would do,
 * writing nothing. Any problem fails the whole document.
 */
ConcordMergePlan *
concord_merge_plan_new_from_data (ConcordWorkbook  *workbook,
                                  const char       *data,
                                  gssize            length,
                                  const char       *source_name,
                                  GError          **error)
{
  g_autoptr(ConcordMergePlan) self = NULL;
  g_autoptr(GError) parse_error = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  self = g_new0 (ConcordMergePlan, 1);
  self->workbook = g_object_ref (workbook);
  self->source = g_strdup (source_name ? source_name : "document");
  self->positions = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->open = g_array_new (FALSE, FALSE, sizeof (Position));
  self->tables = load_tables (workbook);
  self->maps = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  self->by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->entries = g_ptr_array_new ();
  self->conflicts = g_ptr_array_new_with_free_func (conflict_free);
  self->last_met = concord_workbook_dup_meta (workbook, LAST_MET_KEY);

  if (length < 0)
    length = strlen (data);
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE,
                   _("%s: the document is not UTF-8 text"), self->source);
      return NULL;
    }

  /* Before json-glib, which recurses and lets odd numbers through. */
  if (!concord_json_guard_check (data, length, self->source, CONCORD_JSON_MAX_DEPTH, error))
    return NULL;

  self->parser = json_parser_new_immutable ();
  g_signal_connect (self->parser, "object-start", G_CALLBACK (on_object_start), self);
  g_signal_connect (self->parser, "object-end", G_CALLBACK (on_object_end), self);

  if (!json_parser_load_from_data (self->parser, data, length, &parse_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: Parse error: …"; name the file instead. */
      const char *message = parse_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE,
                   _("%s:%s (the document is not valid JSON)"), self->source, message);
      return NULL;
    }

  if (!check_document (self, json_parser_get_root (self->parser), error))
    return NULL;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      plan_entry (self, entry);
      switch (entry->action)
        {
        case ACTION_ADD: self->n_added++; break;
        case ACTION_UPDATE: self->n_updated++; break;
        case ACTION_UNCHANGED: self->n_unchanged++; break;
        case ACTION_KEEP: self->n_kept++; break;
        case ACTION_CONFLICT: break;
        }
    }

  plan_meta (self);

  return g_steal_pointer (&self);
}

ConcordMergePlan *
concord_merge_plan_new_from_file (ConcordWorkbook  *workbook,
                                  const char       *path,
                                  GError          **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return NULL;
    }

  return concord_merge_plan_new_from_data (workbook, contents, length, path, error);
}

/**
 * concord_merge_plan_rebind:
 *
 * A plan prepared on a worker thread's connection is applied through the
 * window's workbook, so the import joins its undo history. Both must be
 * the same file.
 */
gboolean
concord_merge_plan_rebind (ConcordMergePlan  *self,
                           ConcordWorkbook   *workbook,
                           GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (g_strcmp0 (concord_workbook_get_path (self->workbook), concord_workbook_get_path (workbook)) != 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                   _("The import was prepared for another workbook."));
      return FALSE;
    }

  g_set_object (&self->workbook, workbook);

  return TRUE;
}

guint concord_merge_plan_get_n_added (ConcordMergePlan *self) { return self->n_added; }
guint concord_merge_plan_get_n_updated (ConcordMergePlan *self) { return self->n_updated; }
guint concord_merge_plan_get_n_unchanged (ConcordMergePlan *self) { return self->n_unchanged; }
guint concord_merge_plan_get_n_kept (ConcordMergePlan *self) { return self->n_kept; }

/**
 * concord_merge_plan_get_conflicts:
 *
 * Returns: (transfer none) (element-type ConcordConflict): set each
 *   conflict's resolution before applying.
 */
GPtrArray *
concord_merge_plan_get_conflicts (ConcordMergePlan *self)
{
  return self->conflicts;
}

void
concord_merge_plan_resolve_all (ConcordMergePlan  *self,
                                ConcordResolution  resolution)
{
  for (guint i = 0; i < self->conflicts->len; i++)
    ((ConcordConflict *) g_ptr_array_index (self->conflicts, i))->resolution = resolution;
}

char *
concord_merge_plan_summary (ConcordMergePlan *self)
{
  return g_strdup_printf (_("%u added, %u updated, %u unchanged, %u kept as they are here, %u conflicts"),
                          self->n_added, self->n_updated, self->n_unchanged, self->n_kept,
                          self->conflicts->len);
}

static gint64
resolve_reference (ConcordMergePlan *self,
                   GHashTable       *local_ids,
                   const char       *table,
                   const char       *uuid)
{
  g_autofree char *key = g_strdup_printf ("%s %s", table, uuid);
  gpointer id = g_hash_table_lookup (local_ids, key);

  if (id != NULL)
    return *(gint64 *) id;

  return concord_workbook_lookup_uuid (self->workbook, table, uuid);
}

/* Fields of @entry as they will be written; @only limits them to the
 * conflicts resolved in favour of the document. FALSE with no error
 * means a required parent stays deleted here, so the record is skipped. */
static gboolean
entry_fields (ConcordMergePlan  *self,
              GHashTable        *local_ids,
              Entry             *entry,
              GHashTable        *only,
              ConcordFields     *fields)
{
  for (guint c = 0; c < entry->table->columns->len; c++)
    {
      Column *column = g_ptr_array_index (entry->table->columns, c);
      JsonNode *node = json_object_get_member (entry->object, column->export_name);

      if (only != NULL && !g_hash_table_contains (only, column->export_name))
        continue;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (!column->required)
            concord_fields_set_null (fields, column->name);
          continue;
        }

      if (column->parent != NULL)
        {
          gint64 id = resolve_reference (self, local_ids, column->parent, json_node_get_string (node));

          if (id == 0 && column->required)
            return FALSE;
          concord_fields_set_id (fields, column->name, id);
        }
      else if (column->affinity == 'I')
        concord_fields_set_int (fields, column->name, json_node_get_int (node));
      else if (column->affinity == 'R')
        concord_fields_set_double (fields, column->name, json_node_get_double (node));
      else
        concord_fields_set_string (fields, column->name, json_node_get_string (node));
    }

  return TRUE;
}

static gboolean
apply_entry (ConcordMergePlan  *self,
             GHashTable        *local_ids,
             Entry             *entry,
             GError           **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GHashTable) theirs = NULL;
  gboolean all_theirs = TRUE;
  gboolean add = entry->action == ACTION_ADD;
  gboolean ok = TRUE;

  if (entry->action == ACTION_CONFLICT)
    {
      theirs = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < entry->n_conflicts; i++)
        {
          ConcordConflict *conflict = g_ptr_array_index (self->conflicts, entry->first_conflict + i);

          if (conflict->resolution == CONCORD_RESOLVE_THEIRS)
            g_hash_table_add (theirs, conflict->field);
          else
            all_theirs = FALSE;
        }

      if (g_hash_table_size (theirs) == 0)
        return TRUE;

      if (entry->deleted_here)
        {
          add = TRUE;
          g_clear_pointer (&theirs, g_hash_table_unref);
        }
    }
  else if (entry->action != ACTION_UPDATE && !add)
    {
      return TRUE;
    }

  if (!entry_fields (self, local_ids, entry, theirs, fields))
    return TRUE; /* its parent stays deleted here */

  if (theirs != NULL && all_theirs)
    concord_fields_set_string (fields, "updated_at",
                               json_object_get_string_member (entry->object, "updated_at"));

  if (add)
    {
      gint64 id;

      concord_fields_set_string (fields, "uuid", entry->uuid);
      id = concord_workbook_insert (self->workbook, entry->table->name, fields, error);
      ok = id > 0;
      if (ok)
        g_hash_table_insert (local_ids, g_strdup_printf ("%s %s", entry->table->name, entry->uuid),
                             g_memdup2 (&id, sizeof id));
    }
  else
    {
      ok = concord_workbook_update (self->workbook, entry->table->name, entry->local_id, fields, error);
    }

  if (!ok)
    {
      g_autofree char *path = g_strdup_printf ("tables.%s[\"%s\"]", entry->table->name, entry->uuid);
      g_autofree char *reason = g_strdup ((*error)->message);

      g_clear_error (error);
      return fail_at (self, entry->object, path, error, _("the workbook refused this record: %s"), reason);
    }

  return TRUE;
}

/**
 * concord_merge_plan_apply:
 *
 * Writes the plan as one edit (one undo step). Every conflict must have
 * a resolution. On any failure nothing is written.
 */
gboolean
concord_merge_plan_apply (ConcordMergePlan  *self,
                          GError           **error)
{
  g_autoptr(GHashTable) local_ids = NULL;
  g_autofree char *label = NULL;
  g_autofree char *base = NULL;
  g_autofree char *as_of = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->conflicts->len; i++)
    {
      ConcordConflict *conflict = g_ptr_array_index (self->conflicts, i);

      if (conflict->resolution == CONCORD_RESOLVE_UNSET)
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CONFLICT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u conflict has no choice yet; keep yours or take theirs.",
                                    "%u conflicts have no choice yet; keep yours or take theirs.",
                                    self->conflicts->len),
                       self->conflicts->len);
          return FALSE;
        }
    }

  base = g_path_get_basename (self->source);
  label = g_strdup_printf (_("Import “%s”"), base);
  if (!concord_workbook_begin (self->workbook, label, error))
    return FALSE;
  if (!concord_workbook_begin_bulk (self->workbook, error))
    goto fail;

  /* Records matched by a natural key keep their local id under the
   * document's uuid, so children find them. */
  local_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->local_id != 0)
        g_hash_table_insert (local_ids, g_strdup_printf ("%s %s", entry->table->name, entry->uuid),
                             g_memdup2 (&entry->local_id, sizeof entry->local_id));
    }

  for (guint i = 0; i < self->entries->len; i++)
    if (!apply_entry (self, local_ids, g_ptr_array_index (self->entries, i), error))
      goto fail;

  if (self->meta != NULL)
    {
      GList *keys = json_object_get_members (self->meta);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (self->meta, l->data);
          g_autofree char *mine = NULL;
          gboolean take = FALSE;

          if (JSON_NODE_HOLDS_NULL (node) || is_private_meta (l->data))
            continue;

          mine = concord_workbook_dup_meta (self->workbook, l->data);
          if (mine == NULL || *mine == '\0')
            take = TRUE;
          for (guint c = 0; c < self->conflicts->len; c++)
            {
              ConcordConflict *conflict = g_ptr_array_index (self->conflicts, c);

              if (conflict->table == g_intern_static_string ("meta") &&
                  g_str_equal (conflict->field, l->data))
                take = conflict->resolution == CONCORD_RESOLVE_THEIRS;
            }

          if (take && g_strcmp0 (mine, json_node_get_string (node)) != 0 &&
              !concord_workbook_set_meta (self->workbook, l->data, json_node_get_string (node), error))
            {
              g_list_free (keys);
              goto fail;
            }
        }
      g_list_free (keys);
    }

  if (!concord_workbook_commit (self->workbook, error))
    return FALSE;

  /* Both sides have now seen everything up to the newer of the two. */
  as_of = workbook_as_of (self->workbook, self->tables);
  advance_last_met (self->workbook, as_of);
  advance_last_met (self->workbook, self->as_of);

  return TRUE;

fail:
  concord_workbook_rollback (self->workbook);
  return FALSE;
}
