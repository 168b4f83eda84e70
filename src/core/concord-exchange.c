/* concord-exchange.c
 *
 * A document holds records keyed by UUID, table by table in the order
 * parents come before children; references are UUIDs, never row ids.
 * Output is deterministic (records sorted by UUID, no wall-clock time),
 * so exporting, importing into an empty workbook and exporting again
 * gives the same bytes.
 *
 * Merging never looks at a clock. Every field carries the dot of the edit
 * that last set it, (replica, counter), and each side has a version
 * vector (see concord-versions.c); a document carries both. Per field:
 * the same dot or the same value, nothing to do; our dot seen by their
 * vector, theirs is newer and is taken; their dot seen by ours, ours is
 * newer and stays ("kept as they are here"); neither, both changed it
 * and the user chooses. Deletions are tombstones with dots, decided the
 * same way, so a record deleted on one side and changed on the other is
 * always a choice. Exporting changes nothing in the workbook.
 */
#define G_LOG_DOMAIN "concord-exchange"

#include "config.h"

#include <errno.h>
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "concord-exchange.h"
#include "concord-exchange-private.h"
#include "concord-json-guard.h"
#include "concord-json-reader.h"
#include "concord-json-writer.h"
#include "concord-output.h"
#include "concord-values.h"
#include "concord-tables.h"
#include "concord-versions.h"
#include "concord-workbook-private.h"

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
  const ConcordColumn *description; /* what a value must be */
} Column;

typedef struct
{
  const char *name;        /* interned */
  GPtrArray  *columns;     /* Column, without id and uuid */
  GPtrArray  *unique_keys; /* GStrv of column names, besides uuid */
  const char *label_column;
  guint       index;       /* in the list of tables */
  int         label_index; /* of the label column among columns, or -1 */
  gboolean    fresh;       /* empty here, with no versions: every record is added */
  gboolean    referenced;  /* a parent of some table's records */
  guint       n_staged;    /* records set aside for the import */
  guint       n_dotted;    /* of them, those whose own dot was set aside too */
  /* An import's staging table of this table's records. */
  sqlite3_stmt *stage_insert;
  sqlite3_stmt *stage_find;
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
  sqlite3_finalize (table->stage_insert);
  sqlite3_finalize (table->stage_find);
  g_free (table);
}

static Table *find_table (GPtrArray  *tables,
                          const char *name);

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
      const ConcordTable *described;
      Table *table;

      if (g_str_equal (names[i], "meta") || g_str_has_prefix (names[i], "sync_"))
        continue;

      described = concord_table_lookup (names[i]);
      table = g_new0 (Table, 1);
      table->name = g_intern_string (names[i]);
      table->columns = g_ptr_array_new_with_free_func (column_free);
      table->unique_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      table->index = tables->len;
      table->label_index = -1;

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
          column->description = described != NULL ? concord_table_find_column (described, name) : NULL;
          g_ptr_array_add (table->columns, column);

          if (table->label_column == NULL && g_strv_contains (label_columns, name))
            {
              table->label_column = g_intern_string (name);
              table->label_index = (int) table->columns->len - 1;
            }
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

  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);

      for (guint c = 0; c < table->columns->len; c++)
        {
          Column *column = g_ptr_array_index (table->columns, c);
          Table *parent = column->parent != NULL ? find_table (tables, column->parent) : NULL;

          if (parent != NULL)
            parent->referenced = TRUE;
        }
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

      /* Asked for every reference an import reads. */
      if (table->name[0] == name[0] && g_str_equal (table->name, name))
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

/* One value of a local row; a reference as the uuid the statement joined. */
static JsonNode *
column_to_node (Column       *column,
                sqlite3_stmt *stmt,
                int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return json_node_new (JSON_NODE_NULL);

  switch (column->parent != NULL ? 'T' : column->affinity)
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

/* The exporter's vector, with who works in each replica. */
static void
add_replicas (ConcordJsonWriter *writer,
              ConcordWorkbook   *workbook)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) vector = concord_versions_load_vector (workbook, names);
  g_autoptr(GList) ids = g_list_sort (g_hash_table_get_keys (vector), (GCompareFunc) strcmp);

  concord_json_writer_add_string (writer, "replica", concord_versions_get_replica (workbook));

  concord_json_writer_begin_object (writer, "replicas");
  for (GList *l = ids; l != NULL; l = l->next)
    {
      const char *name = g_hash_table_lookup (names, l->data);

      concord_json_writer_begin_object (writer, l->data);
      concord_json_writer_add_int (writer, "counter", concord_vector_get (vector, l->data));
      if (name != NULL)
        concord_json_writer_add_string (writer, "name", name);
      concord_json_writer_end_object (writer);
    }
  concord_json_writer_end_object (writer);
}

static const char *
field_export_name (Table      *table,
                   const char *field)
{
  for (guint c = 0; table != NULL && c < table->columns->len; c++)
    {
      Column *column = g_ptr_array_index (table->columns, c);

      if (g_str_equal (column->name, field))
        return column->export_name;
    }

  return field;
}

/* The dots of one table, sorted by uuid and field; for meta, only those
 * of the settings a document carries. */
static sqlite3_stmt *
prepare_versions (sqlite3 *db,
                  Table   *table)
{
  sqlite3_stmt *stmt = NULL;

  if (table != NULL)
    sqlite3_prepare_v2 (db, "SELECT uuid, field, replica, counter, deleted FROM sync_versions "
                            "WHERE tbl = ?1 ORDER BY uuid, field", -1, &stmt, NULL);
  else
    sqlite3_prepare_v2 (db, "SELECT v.uuid, v.field, v.replica, v.counter, v.deleted "
                            "FROM sync_versions v JOIN meta m ON m.key = v.uuid "
                            "WHERE v.tbl = ?1 AND m.key NOT LIKE 'sync.%' AND m.key NOT LIKE 'deleted.%' "
                            "ORDER BY v.uuid, v.field", -1, &stmt, NULL);

  return stmt;
}

/* The uuids of a table's records in the dots' order, with their row ids
 * to match a selection: walked beside the dots, they say which dots
 * belong to a record here without a lookup per dot. */
static sqlite3_stmt *
prepare_records (sqlite3 *db,
                 Table   *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid, id FROM %s ORDER BY uuid", table->name);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  return stmt;
}

/* "replica:counter" into @out. */
static const char *
format_dot (GString    *out,
            const char *replica,
            gint64      counter)
{
  char digits[24];
  char *end = digits + sizeof digits, *p = end;
  guint64 magnitude = counter < 0 ? -(guint64) counter : (guint64) counter;

  do
    {
      *--p = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (counter < 0)
    *--p = '-';

  g_string_truncate (out, 0);
  g_string_append (out, replica);
  g_string_append_c (out, ':');
  g_string_append_len (out, p, end - p);

  return out->str;
}

/* "versions": table -> uuid -> field -> dot, the record's own dot under
 * "" and only the fields that differ from it; "deleted": table -> uuid ->
 * the dot of the deletion. A selection limits both to the exported
 * records, and then no deletion is told. */
static void
add_versions (ConcordJsonWriter *writer,
              ConcordWorkbook   *workbook,
              GPtrArray         *tables,
              ConcordSelection  *selection)
{
  static const char deleted_sql[] =
    "SELECT uuid, field, replica, counter, deleted FROM sync_versions "
    "WHERE tbl = ?1 AND deleted AND field = '' ORDER BY uuid";
  sqlite3 *db = concord_workbook_get_db (workbook);
  g_autoptr(GString) dot = g_string_new (NULL);
  g_autoptr(GString) record_dot = g_string_new (NULL);
  g_autoptr(GString) open_uuid = g_string_new (NULL);

  for (guint pass = 0; pass < 2; pass++)
    {
      concord_json_writer_begin_object (writer, pass == 0 ? "versions" : "deleted");

      for (guint t = 0; t <= tables->len; t++)
        {
          Table *table = t < tables->len ? g_ptr_array_index (tables, t) : NULL;
          const char *name = table ? table->name : "meta";
          g_autoptr(sqlite3_stmt) stmt = NULL;
          g_autoptr(sqlite3_stmt) records = NULL;
          const char *record_uuid = NULL;
          gboolean open_record = FALSE;
          gboolean has_record_dot = FALSE;
          gboolean open_table = FALSE;

          if (pass == 1 && (selection != NULL || table == NULL))
            continue;

          if (pass == 0)
            stmt = prepare_versions (db, table);
          else
            sqlite3_prepare_v2 (db, deleted_sql, -1, &stmt, NULL);
          if (stmt == NULL)
            continue;

          if (pass == 0 && table != NULL)
            {
              records = prepare_records (db, table);
              if (records == NULL)
                continue;
              if (sqlite3_step (records) == SQLITE_ROW)
                record_uuid = (const char *) sqlite3_column_text (records, 0);
            }

          sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
              const char *field = (const char *) sqlite3_column_text (stmt, 1);
              gboolean deleted = sqlite3_column_int (stmt, 4) != 0;

              if (pass == 0 && table != NULL)
                {
                  /* Both in the same order: the record, if there is one,
                   * is where the walk stops. */
                  while (record_uuid != NULL && strcmp (record_uuid, uuid) < 0)
                    record_uuid = sqlite3_step (records) == SQLITE_ROW
                                  ? (const char *) sqlite3_column_text (records, 0) : NULL;

                  if (record_uuid == NULL || strcmp (record_uuid, uuid) != 0 || deleted ||
                      (selection != NULL &&
                       !selection_contains (selection, name, sqlite3_column_int64 (records, 1))))
                    continue;
                }

              format_dot (dot, (const char *) sqlite3_column_text (stmt, 2), sqlite3_column_int64 (stmt, 3));

              if (!open_table)
                {
                  concord_json_writer_begin_object (writer, name);
                  open_table = TRUE;
                }

              /* A deletion, or a setting: one dot each. */
              if (pass == 1 || table == NULL)
                {
                  concord_json_writer_add_string (writer, uuid, dot->str);
                  continue;
                }

              if (!open_record || !g_str_equal (open_uuid->str, uuid))
                {
                  if (open_record)
                    concord_json_writer_end_object (writer);
                  g_string_assign (open_uuid, uuid);
                  open_record = TRUE;
                  has_record_dot = FALSE;
                  concord_json_writer_begin_object (writer, uuid);
                }

              if (*field == '\0')
                {
                  g_string_assign (record_dot, dot->str);
                  has_record_dot = TRUE;
                }
              else if (has_record_dot && g_string_equal (dot, record_dot))
                continue; /* the same as the record's: said once */

              concord_json_writer_add_string (writer, field_export_name (table, field), dot->str);
            }
          if (open_record)
            concord_json_writer_end_object (writer);
          if (open_table)
            concord_json_writer_end_object (writer);
        }

      concord_json_writer_end_object (writer);
    }
}

/* The uuids of a table by row id, read once from its uuid index (small
 * and in order on disk) instead of one lookup per reference. */
typedef struct
{
  gint64 id;
  char   uuid[40];
} IdUuid;

static gsize keys_compared;

static int
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  gint64 x = ((const IdUuid *) a)->id, y = ((const IdUuid *) b)->id;
  gsize *comparisons = user_data;

  (*comparisons)++;
  return x < y ? -1 : x > y;
}

/* @uuids by row id. Row ids are mostly 1 to n: each is swapped into
 * its place, with no second array, and only others make a sort. */
static void
sort_by_id (GArray *uuids)
{
  IdUuid *entries = (IdUuid *) uuids->data;
  gsize comparisons = 0;

  for (guint i = 0; i < uuids->len; i++)
    while (entries[i].id != (gint64) i + 1)
      {
        gint64 id = entries[i].id;
        IdUuid swap;

        /* Row ids are unique, so the place of another is never taken
         * by its own; a file that says otherwise is sorted too. */
        if (id < 1 || (guint64) id > uuids->len || entries[id - 1].id == id)
          {
            g_array_sort_with_data (uuids, compare_ids, &comparisons);
            g_atomic_pointer_add (&keys_compared, comparisons);
            return;
          }
        swap = entries[id - 1];
        entries[id - 1] = entries[i];
        entries[i] = swap;
      }
}

static GArray *
load_uuids (ConcordWorkbook *workbook,
            GHashTable      *cache,
            const char      *table)
{
  GArray *uuids = g_hash_table_lookup (cache, table);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (uuids != NULL)
    return uuids;

  uuids = g_array_new (FALSE, FALSE, sizeof (IdUuid));
  sql = g_strdup_printf ("SELECT id, uuid FROM %s", table);
  if (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), sql, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        IdUuid entry = { sqlite3_column_int64 (stmt, 0), "" };

        g_strlcpy (entry.uuid, (const char *) sqlite3_column_text (stmt, 1), sizeof entry.uuid);
        g_array_append_val (uuids, entry);
      }
  sort_by_id (uuids);
  g_hash_table_insert (cache, (gpointer) table, uuids);

  return uuids;
}

static const char *
find_uuid (GArray *uuids,
           gint64  id)
{
  guint lo = 0, hi = uuids->len;

  /* Row ids are mostly 1, 2, 3, …: try the place the id would have. */
  if (id >= 1 && (guint64) id <= uuids->len && g_array_index (uuids, IdUuid, id - 1).id == id)
    return g_array_index (uuids, IdUuid, id - 1).uuid;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      IdUuid *entry = &g_array_index (uuids, IdUuid, mid);

      if (entry->id == id)
        return entry->uuid;
      if (entry->id < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

static inline void
prefetch_uuid (GArray *uuids,
               gint64  id)
{
  if (id >= 1 && (guint64) id <= uuids->len)
    {
      const char *entry = (const char *) &g_array_index (uuids, IdUuid, id - 1);

      __builtin_prefetch (entry);
      __builtin_prefetch (entry + sizeof (IdUuid) - 1);
    }
}

/* A record kept for writing later, in a few bytes a value: per column
 * a tag, then the integer, the double, or the text's length and bytes
 * (and a NUL).
 * A reference is kept as its row id and turned into the uuid it names
 * when written, so a record set aside is about a third of its text. */
enum
{
  PACKED_NULL,
  PACKED_INT,
  PACKED_DOUBLE,
  PACKED_TEXT,
};

/* The most columns a record packs in one go; a wider table packs the
 * rest in further goes. */
#define PACK_COLUMNS 32

/* The current row of @stmt, its columns from @first on, at the end of
 * @out. Each value is read once from the statement: every
 * sqlite3_column_*() call takes the connection's mutex, and a large
 * export makes tens of millions. Only this thread uses the connection
 * while it exports. */
static void
pack_record (GByteArray   *out,
             Table        *table,
             sqlite3_stmt *stmt,
             int           first)
{
  for (guint from = 0; from < table->columns->len; from += PACK_COLUMNS)
    {
      guint n = MIN (table->columns->len - from, PACK_COLUMNS);
      sqlite3_value *values[PACK_COLUMNS];
      gsize lengths[PACK_COLUMNS];
      gsize size = 0;
      guint8 *p;

      /* What each value takes, so the room is made once. */
      for (guint c = 0; c < n; c++)
        {
          Column *column = g_ptr_array_index (table->columns, from + c);

          values[c] = sqlite3_column_value (stmt, first + (int) (from + c));
          if (sqlite3_value_type (values[c]) == SQLITE_NULL)
            lengths[c] = 0;
          else if (column->parent != NULL || column->affinity == 'I' || column->affinity == 'R')
            lengths[c] = 8;
          else if (sqlite3_value_text (values[c]) == NULL)
            lengths[c] = 0;
          else
            /* Its length, the text and a NUL: a tree takes the text up to it. */
            lengths[c] = sizeof (guint32) + (gsize) sqlite3_value_bytes (values[c]) + 1;
          size += 1 + lengths[c];
        }

      g_byte_array_set_size (out, out->len + size);
      p = out->data + out->len - size;
      for (guint c = 0; c < n; c++)
        {
          Column *column = g_ptr_array_index (table->columns, from + c);
          gint64 number;
          double real;
          guint32 length;

          if (lengths[c] == 0)
            {
              *p++ = PACKED_NULL;
              continue;
            }

          switch (column->parent != NULL ? 'I' : column->affinity)
            {
            case 'I':
              number = sqlite3_value_int64 (values[c]);
              *p++ = PACKED_INT;
              memcpy (p, &number, sizeof number);
              break;
            case 'R':
              real = sqlite3_value_double (values[c]);
              *p++ = PACKED_DOUBLE;
              memcpy (p, &real, sizeof real);
              break;
            default:
              length = (guint32) (lengths[c] - sizeof length - 1);
              *p++ = PACKED_TEXT;
              memcpy (p, &length, sizeof length);
              memcpy (p + sizeof length, sqlite3_value_text (values[c]), length + 1);
              break;
            }
          p += lengths[c];
        }
    }
}

/* A record that pack_record() kept, as the member @uuid of @writer;
 * a reference as the uuid of the row it names. */
static void
write_packed (ConcordJsonWriter *writer,
              Table             *table,
              GPtrArray         *names,
              GPtrArray         *parents,
              const char        *uuid,
              const guint8      *record)
{
  const guint8 *p;

  /* A record's parents are anywhere in their tables' uuids: ask for
   * them now, so memory brings them while the record is written. */
  p = record;
  for (guint c = 0; c < table->columns->len; c++)
    {
      guint8 tag = *p++;
      guint32 length;
      gint64 id;

      if (tag == PACKED_NULL)
        continue;
      if (tag == PACKED_TEXT)
        {
          memcpy (&length, p, sizeof length);
          p += sizeof length + length + 1;
          continue;
        }
      if (g_ptr_array_index (parents, c) != NULL)
        {
          memcpy (&id, p, sizeof id);
          prefetch_uuid (g_ptr_array_index (parents, c), id);
        }
      p += 8;
    }

  concord_json_writer_begin_object (writer, uuid);
  p = record;
  for (guint c = 0; c < table->columns->len; c++)
    {
      const ConcordJsonName *name = g_ptr_array_index (names, c);
      GArray *parent_uuids = g_ptr_array_index (parents, c);
      guint8 tag = *p++;
      guint32 length;
      gint64 number;
      double real;

      switch (tag)
        {
        case PACKED_NULL:
          concord_json_writer_add_named_null (writer, name);
          break;
        case PACKED_INT:
          memcpy (&number, p, sizeof number);
          p += sizeof number;
          if (parent_uuids != NULL)
            {
              const char *parent = find_uuid (parent_uuids, number);

              concord_json_writer_add_named_string (writer, name, parent, parent != NULL ? strlen (parent) : 0);
            }
          else
            concord_json_writer_add_named_int (writer, name, number);
          break;
        case PACKED_DOUBLE:
          memcpy (&real, p, sizeof real);
          p += sizeof real;
          concord_json_writer_add_named_double (writer, name, real);
          break;
        default:
          memcpy (&length, p, sizeof length);
          p += sizeof length;
          concord_json_writer_add_named_string (writer, name, (const char *) p, length);
          p += length + 1;
          break;
        }
    }
  concord_json_writer_end_object (writer);
}

/* Records in uuid order ------------------------------------------------- */

/* A table's records are read as they are stored, each packed with its
 * uuid (pack_record()), and put in uuid order here: SQLite sorting the
 * rows (every column of every row copied, compared and read back) was
 * a third of an export. Up to RUN_BYTES of records are sorted in
 * memory; more go to a temporary file in sorted runs, merged as they
 * are written, so memory stays the same whatever the table's size. A
 * record is written as text only once it is in order. */
#define RUN_BYTES (32 * 1024 * 1024)
#define RUN_READ (64 * 1024)

static gsize run_bytes = RUN_BYTES;
static gsize bytes_set_aside;

gsize
concord_exchange_set_run_bytes (gsize bytes)
{
  gsize previous = run_bytes;

  run_bytes = bytes != 0 ? bytes : RUN_BYTES;

  return previous;
}

guint64
concord_exchange_get_bytes_set_aside (void)
{
  return (guint64) g_atomic_pointer_get (&bytes_set_aside);
}

guint64
concord_exchange_get_keys_compared (void)
{
  return (guint64) g_atomic_pointer_get (&keys_compared);
}

typedef struct
{
  guint64 prefix;     /* the key's first eight bytes, most significant first */
  gsize   offset;     /* of the key in the run; a NUL and the record follow it */
  gsize   key_length;
  gsize   length;     /* of the record */
} SortEntry;

typedef struct
{
  guint64 start; /* where the run's records are in the file */
  guint64 end;
} SortRun;

typedef struct
{
  GByteArray *run;     /* keys and records, in the order they came */
  GArray     *entries; /* SortEntry */
  GArray     *runs;    /* SortRun, once some went to the file */
  char       *path;
  int         fd;
  guint64     file_length;
} MemberSort;

/* As SQLite orders text: bytes, then the shorter first. */
static inline int
compare_keys (const char *a,
              gsize       a_length,
              const char *b,
              gsize       b_length)
{
  int order = memcmp (a, b, MIN (a_length, b_length));

  if (order != 0)
    return order;

  return a_length < b_length ? -1 : a_length > b_length;
}

/* The first eight bytes as a number, zeros after a shorter key: numbers
 * that differ order their keys as compare_keys() does. */
static inline guint64
key_prefix (const char *key,
            gsize       length)
{
  guint8 bytes[8] = { 0 };

  memcpy (bytes, key, MIN (length, sizeof bytes));

  return GUINT64_FROM_BE (*(guint64 *) bytes);
}

/* What a sort compares in: the run its keys are in; how many it compared. */
typedef struct
{
  const guint8 *run;
  gsize         comparisons;
} SortContext;

static int
compare_sort_entries (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  SortContext *context = user_data;
  const guint8 *run = context->run;
  const SortEntry *x = a, *y = b;

  context->comparisons++;
  if (x->prefix != y->prefix)
    return x->prefix < y->prefix ? -1 : 1;

  return compare_keys ((const char *) run + x->offset, x->key_length,
                       (const char *) run + y->offset, y->key_length);
}

/* Fewer records than this are sorted by comparing them. */
#define RADIX_MIN 1024
#define RADIX_BITS 16

/* The entries in key order: by their prefixes, sixteen bits at a time
 * (a comparison sort of hundreds of thousands of records took a tenth
 * of an export), then, where prefixes are equal, by their keys. */
static void
sort_entries (GArray       *entries,
              const guint8 *run)
{
  SortEntry *from = (SortEntry *) entries->data;
  g_autofree SortEntry *spare = NULL;
  g_autofree guint *counts = NULL;
  SortContext context = { run, 0 };
  guint n = entries->len;

  if (n < RADIX_MIN)
    {
      g_array_sort_with_data (entries, compare_sort_entries, &context);
      g_atomic_pointer_add (&keys_compared, context.comparisons);
      return;
    }

  spare = g_new (SortEntry, n);
  counts = g_new (guint, 1 << RADIX_BITS);
  for (guint shift = 0; shift < 64; shift += RADIX_BITS)
    {
      SortEntry *to = from == (SortEntry *) entries->data ? spare : (SortEntry *) entries->data;
      guint sum = 0;

      memset (counts, 0, sizeof (guint) << RADIX_BITS);
      for (guint i = 0; i < n; i++)
        counts[(from[i].prefix >> shift) & ((1 << RADIX_BITS) - 1)]++;
      /* All in one place: this digit orders nothing. */
      if (counts[(from[0].prefix >> shift) & ((1 << RADIX_BITS) - 1)] == n)
        continue;
      for (guint d = 0; d < 1 << RADIX_BITS; d++)
        {
          guint count = counts[d];

          counts[d] = sum;
          sum += count;
        }
      for (guint i = 0; i < n; i++)
        to[counts[(from[i].prefix >> shift) & ((1 << RADIX_BITS) - 1)]++] = from[i];
      from = to;
    }
  if (from != (SortEntry *) entries->data)
    memcpy (entries->data, from, sizeof (SortEntry) * n);

  from = (SortEntry *) entries->data;
  for (guint i = 0; i < n;)
    {
      guint j = i + 1;

      while (j < n && from[j].prefix == from[i].prefix)
        j++;
      if (j - i > 1)
        g_qsort_with_data (from + i, (gint) (j - i), sizeof (SortEntry), compare_sort_entries, &context);
      i = j;
    }
  g_atomic_pointer_add (&keys_compared, context.comparisons);
}

static void
member_sort_init (MemberSort *self)
{
  self->run = g_byte_array_new ();
  self->entries = g_array_new (FALSE, FALSE, sizeof (SortEntry));
  self->runs = g_array_new (FALSE, FALSE, sizeof (SortRun));
  self->fd = -1;
}

static void
member_sort_clear (MemberSort *self)
{
  g_clear_pointer (&self->run, g_byte_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->runs, g_array_unref);
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  g_clear_pointer (&self->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MemberSort, member_sort_clear)

static gboolean
sort_file_failed (MemberSort  *self,
                  gboolean     writing,
                  int          saved_errno,
                  GError     **error)
{
  const char *path = self->path != NULL ? self->path : g_get_tmp_dir ();

  if (writing)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("Could not write “%s”: %s."), path, g_strerror (saved_errno));
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("Could not read “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
sort_write (MemberSort  *self,
            const void  *data,
            gsize        length,
            GError     **error)
{
  const char *p = data;

  g_atomic_pointer_add (&bytes_set_aside, length);
  while (length > 0)
    {
      gssize done = pwrite (self->fd, p, length, (off_t) self->file_length);

      if (done < 0 && errno == EINTR)
        continue;
      if (done <= 0)
        return sort_file_failed (self, TRUE, done < 0 ? errno : ENOSPC, error);
      p += done;
      length -= done;
      self->file_length += done;
    }

  return TRUE;
}

/* The records held in memory, in order, as one run at the file's end. */
static gboolean
member_sort_spill (MemberSort  *self,
                   GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  SortRun run;

  if (self->entries->len == 0)
    return TRUE;

  if (self->fd < 0)
    {
      g_autoptr(GError) local_error = NULL;

      self->fd = g_file_open_tmp ("concord-export-XXXXXX", &self->path, &local_error);
      if (self->fd < 0)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Nothing to remove afterwards, whatever happens. */
      g_unlink (self->path);
    }

  sort_entries (self->entries, self->run->data);
  run.start = self->file_length;
  out = g_byte_array_sized_new (RUN_READ * 2);
  for (guint i = 0; i < self->entries->len; i++)
    {
      SortEntry *entry = &g_array_index (self->entries, SortEntry, i);
      guint64 header[2] = { entry->key_length, entry->length };

      g_byte_array_append (out, (const guint8 *) header, sizeof header);
      g_byte_array_append (out, self->run->data + entry->offset, entry->key_length + 1 + entry->length);
      if (out->len >= RUN_READ)
        {
          if (!sort_write (self, out->data, out->len, error))
            return FALSE;
          g_byte_array_set_size (out, 0);
        }
    }
  if (!sort_write (self, out->data, out->len, error))
    return FALSE;
  run.end = self->file_length;
  g_array_append_val (self->runs, run);

  g_byte_array_set_size (self->run, 0);
  g_array_set_size (self->entries, 0);
  return TRUE;
}

/* A record with the key @key: its key now, then the caller packs the
 * record at the end of self->run and calls member_sort_end(). */
static void
member_sort_begin (MemberSort *self,
                   const char *key,
                   gsize       key_length)
{
  SortEntry entry = { key_prefix (key, key_length), self->run->len, key_length, 0 };
  const guint8 nul = 0;

  g_byte_array_append (self->run, (const guint8 *) key, key_length);
  g_byte_array_append (self->run, &nul, 1);
  g_array_append_val (self->entries, entry);
}

static gboolean
member_sort_end (MemberSort  *self,
                 GError     **error)
{
  SortEntry *entry = &g_array_index (self->entries, SortEntry, self->entries->len - 1);

  entry->length = self->run->len - entry->offset - entry->key_length - 1;
  if (self->run->len >= run_bytes)
    return member_sort_spill (self, error);

  return TRUE;
}

/* One run read back a piece at a time: its current record. */
typedef struct
{
  guint64       at;   /* in the file: the next byte to read */
  guint64       end;
  char         *buffer;
  gsize         size;
  gsize         start; /* of the unread bytes in the buffer */
  gsize         filled;
  const char   *key;
  gsize         key_length;
  const guint8 *record;
} RunReader;

/* Whether the buffer holds @wanted unread bytes, reading more if not. */
static gboolean
run_reader_fill (MemberSort  *self,
                 RunReader   *reader,
                 gsize        wanted,
                 GError     **error)
{
  if (reader->filled - reader->start >= wanted)
    return TRUE;

  memmove (reader->buffer, reader->buffer + reader->start, reader->filled - reader->start);
  reader->filled -= reader->start;
  reader->start = 0;
  if (wanted > reader->size)
    {
      reader->size = MAX (wanted, reader->size * 2);
      reader->buffer = g_realloc (reader->buffer, reader->size);
    }

  while (reader->filled < wanted)
    {
      gsize room = MIN ((guint64) (reader->size - reader->filled), reader->end - reader->at);
      gssize done;

      if (room == 0)
        return sort_file_failed (self, FALSE, EIO, error);
      done = pread (self->fd, reader->buffer + reader->filled, room, (off_t) reader->at);
      if (done < 0 && errno == EINTR)
        continue;
      if (done <= 0)
        return sort_file_failed (self, FALSE, done < 0 ? errno : EIO, error);
      reader->filled += done;
      reader->at += done;
    }

  return TRUE;
}

/* The run's next record, or FALSE with no error at its end. */
static gboolean
run_reader_next (MemberSort  *self,
                 RunReader   *reader,
                 GError     **error)
{
  guint64 header[2];
  gsize length;

  if (reader->filled - reader->start == 0 && reader->at == reader->end)
    return FALSE;
  if (!run_reader_fill (self, reader, sizeof header, error))
    return FALSE;
  memcpy (header, reader->buffer + reader->start, sizeof header);
  length = sizeof header + header[0] + 1 + header[1];
  if (!run_reader_fill (self, reader, length, error))
    return FALSE;
  reader->key = reader->buffer + reader->start + sizeof header;
  reader->key_length = header[0];
  reader->record = (const guint8 *) reader->key + header[0] + 1;
  reader->start += length;

  return TRUE;
}

static inline gboolean
reader_before (RunReader *a,
               RunReader *b)
{
  return compare_keys (a->key, a->key_length, b->key, b->key_length) < 0;
}

/* How the records of a table are written: see write_packed(). */
typedef struct
{
  Table     *table;
  GPtrArray *names;
  GPtrArray *parents;
} RecordWrite;

/* Every record given, in key order, into @writer; the sort is then empty. */
static gboolean
member_sort_write (MemberSort         *self,
                   ConcordJsonWriter  *writer,
                   const RecordWrite  *how,
                   GError            **error)
{
  g_autofree RunReader *readers = NULL;
  g_autofree RunReader **heap = NULL;
  guint n = 0;
  gboolean ok = TRUE;

  if (self->runs->len == 0)
    {
      sort_entries (self->entries, self->run->data);
      for (guint i = 0; i < self->entries->len; i++)
        {
          SortEntry *entry = &g_array_index (self->entries, SortEntry, i);
          const guint8 *key = self->run->data + entry->offset;

          write_packed (writer, how->table, how->names, how->parents, (const char *) key, key + entry->key_length + 1);
        }
      g_byte_array_set_size (self->run, 0);
      g_array_set_size (self->entries, 0);
      return TRUE;
    }

  if (!member_sort_spill (self, error))
    return FALSE;

  /* A merge of the runs: a heap of their current records. */
  readers = g_new0 (RunReader, self->runs->len);
  heap = g_new0 (RunReader *, self->runs->len);
  for (guint r = 0; r < self->runs->len && ok; r++)
    {
      RunReader *reader = &readers[r];
      g_autoptr(GError) local_error = NULL;

      reader->at = g_array_index (self->runs, SortRun, r).start;
      reader->end = g_array_index (self->runs, SortRun, r).end;
      reader->size = RUN_READ;
      reader->buffer = g_malloc (reader->size);
      if (run_reader_next (self, reader, &local_error))
        {
          guint i = n++;

          heap[i] = reader;
          while (i > 0 && reader_before (heap[i], heap[(i - 1) / 2]))
            {
              RunReader *parent = heap[(i - 1) / 2];

              heap[(i - 1) / 2] = heap[i];
              heap[i] = parent;
              i = (i - 1) / 2;
            }
        }
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
    }

  while (ok && n > 0)
    {
      RunReader *first = heap[0];
      g_autoptr(GError) local_error = NULL;
      guint i = 0;

      write_packed (writer, how->table, how->names, how->parents, first->key, first->record);
      if (!run_reader_next (self, first, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
              break;
            }
          heap[0] = heap[--n];
        }

      /* Down to its place. */
      for (;;)
        {
          guint least = i, left = 2 * i + 1, right = 2 * i + 2;
          RunReader *swap;

          if (left < n && reader_before (heap[left], heap[least]))
            least = left;
          if (right < n && reader_before (heap[right], heap[least]))
            least = right;
          if (least == i)
            break;
          swap = heap[i];
          heap[i] = heap[least];
          heap[least] = swap;
          i = least;
        }
    }

  for (guint r = 0; r < self->runs->len; r++)
    g_free (readers[r].buffer);
  g_array_set_size (self->runs, 0);
  if (self->fd >= 0 && ftruncate (self->fd, 0) == 0)
    self->file_length = 0;
  else if (self->fd >= 0)
    {
      /* Start a new file for the next table rather than append. */
      close (self->fd);
      self->fd = -1;
      self->file_length = 0;
      g_clear_pointer (&self->path, g_free);
    }

  return ok;
}

/* A table's records as an export reads them: the statement, with the
 * row id, the uuid and then every column, and per column the uuids of
 * the table it names and its member name, escaped once. */
typedef struct
{
  sqlite3_stmt *stmt;
  GPtrArray    *parents;
  GPtrArray    *names;
  GByteArray   *packed; /* a record on its way to the writer */
} TableRead;

static void
table_read_clear (TableRead *read)
{
  g_clear_pointer (&read->stmt, sqlite3_finalize);
  g_clear_pointer (&read->parents, g_ptr_array_unref);
  g_clear_pointer (&read->names, g_ptr_array_unref);
  g_clear_pointer (&read->packed, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TableRead, table_read_clear)

/* The table is read in uuid order or, unless @ordered, as it is stored.
 * In order it is read as stored and sorted by SQLite (in a temporary
 * file when large): following the uuid index instead reads its pages
 * in a random order, most of them many times. */
static gboolean
table_read_init (TableRead        *read,
                 ConcordWorkbook  *workbook,
                 Table            *table,
                 GHashTable       *uuids,
                 gboolean          ordered,
                 GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT r.id, r.uuid");
  int rc;

  read->parents = g_ptr_array_new ();
  read->names = g_ptr_array_new_with_free_func ((GDestroyNotify) concord_json_name_free);
  read->packed = g_byte_array_new ();
  for (guint c = 0; c < table->columns->len; c++)
    {
      Column *column = g_ptr_array_index (table->columns, c);

      g_ptr_array_add (read->parents, column->parent ? load_uuids (workbook, uuids, column->parent) : NULL);
      g_ptr_array_add (read->names, concord_json_name_new (column->export_name));
      g_string_append_printf (sql, ", r.%s", column->name);
    }
  g_string_append_printf (sql, " FROM %s r%s", table->name, ordered ? " ORDER BY +r.uuid" : "");

  rc = sqlite3_prepare_v2 (concord_workbook_get_db (workbook), sql->str, -1, &read->stmt, NULL);
  if (rc != SQLITE_OK)
    {
      concord_workbook_set_error (workbook, rc, error, _("Could not read the workbook for export"));
      return FALSE;
    }

  return TRUE;
}

/* The records of one table, sorted by uuid, references as uuids. */
static gboolean
write_table (ConcordJsonWriter *writer,
             ConcordWorkbook   *workbook,
             Table             *table,
             ConcordSelection  *selection,
             GHashTable        *uuids,
             GError           **error)
{
  g_auto(TableRead) read = { 0 };
  int rc;

  if (!table_read_init (&read, workbook, table, uuids, TRUE, error))
    return FALSE;

  concord_json_writer_begin_object (writer, table->name);
  while ((rc = sqlite3_step (read.stmt)) == SQLITE_ROW)
    {
      if (selection != NULL && !selection_contains (selection, table->name, sqlite3_column_int64 (read.stmt, 0)))
        continue;

      g_byte_array_set_size (read.packed, 0);
      pack_record (read.packed, table, read.stmt, 2);
      write_packed (writer, table, read.names, read.parents,
                    (const char *) sqlite3_column_text (read.stmt, 1), read.packed->data);
    }
  concord_json_writer_end_object (writer);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, _("Could not read the workbook for export"));
      return FALSE;
    }

  return TRUE;
}

/* The same for a writer of text: the table read in the order it is
 * stored, its records put in uuid order by @sort. */
static gboolean
write_table_sorted (ConcordJsonWriter *writer,
                    ConcordWorkbook   *workbook,
                    Table             *table,
                    ConcordSelection  *selection,
                    GHashTable        *uuids,
                    MemberSort        *sort,
                    GError           **error)
{
  g_auto(TableRead) read = { 0 };
  RecordWrite how;
  int rc;

  if (!table_read_init (&read, workbook, table, uuids, FALSE, error))
    return FALSE;

  while ((rc = sqlite3_step (read.stmt)) == SQLITE_ROW)
    {
      sqlite3_value *uuid = sqlite3_column_value (read.stmt, 1);

      if (selection != NULL && !selection_contains (selection, table->name, sqlite3_column_int64 (read.stmt, 0)))
        continue;

      /* Text is what this orders as SQLite does; a file holding
       * anything else in a uuid is ordered by SQLite itself. */
      if (sqlite3_value_type (uuid) != SQLITE_TEXT)
        break;

      member_sort_begin (sort, (const char *) sqlite3_value_text (uuid), sqlite3_value_bytes (uuid));
      pack_record (sort->run, table, read.stmt, 2);
      /* Nowhere to set a run aside (no temporary folder to write in):
       * SQLite finds its own place, or says why not. */
      if (!member_sort_end (sort, NULL))
        break;
    }

  /* Nothing of the table is written yet: SQLite orders it instead. */
  if (rc == SQLITE_ROW)
    {
      member_sort_clear (sort);
      member_sort_init (sort);
      return write_table (writer, workbook, table, selection, uuids, error);
    }

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, _("Could not read the workbook for export"));
      return FALSE;
    }

  how.table = table;
  how.names = read.names;
  how.parents = read.parents;
  concord_json_writer_begin_object (writer, table->name);
  if (!member_sort_write (sort, writer, &how, error))
    return FALSE;
  concord_json_writer_end_object (writer);

  return TRUE;
}

/* The whole document, record by record, into @writer. */
static gboolean
export_to_writer (ConcordWorkbook      *workbook,
                  ConcordSelection     *selection,
                  ConcordJsonWriter    *writer,
                  GCancellable         *cancellable,
                  ConcordProgressFunc   progress,
                  gpointer              user_data,
                  GError              **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GHashTable) uuids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  g_autoptr(sqlite3_stmt) meta = NULL;
  g_autofree char *as_of = NULL;
  gboolean in_edit = concord_workbook_in_edit (workbook);
  /* A tree is told its members in order; text can be put in order. */
  gboolean text = concord_json_writer_writes_text (writer);
  g_auto(MemberSort) sort = { 0 };
  sqlite3 *db;

  db = concord_workbook_get_db (workbook);
  tables = load_tables (workbook);
  member_sort_init (&sort);

  if (selection != NULL)
    close_selection (workbook, tables, selection);

  /* One read transaction, so the document is one moment of the file. */
  if (!in_edit)
    sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);

  as_of = workbook_as_of (workbook, tables);

  concord_json_writer_begin_object (writer, NULL);
  concord_json_writer_add_string (writer, "format", CONCORD_EXCHANGE_FORMAT);
  concord_json_writer_add_int (writer, "version", CONCORD_EXCHANGE_VERSION);
  concord_json_writer_add_int (writer, "schema_version", concord_workbook_get_schema_version (workbook));
  concord_json_writer_add_string (writer, "as_of", as_of);
  /* A part says nothing of the records it leaves out. */
  if (selection != NULL)
    concord_json_writer_add_boolean (writer, "partial", TRUE);
  add_replicas (writer, workbook);

  concord_json_writer_begin_object (writer, "meta");
  sqlite3_prepare_v2 (db, "SELECT key, value FROM meta WHERE key NOT LIKE 'sync.%' "
                          "AND key NOT LIKE 'deleted.%' ORDER BY key", -1, &meta, NULL);
  while (sqlite3_step (meta) == SQLITE_ROW)
    concord_json_writer_add_string (writer, (const char *) sqlite3_column_text (meta, 0),
                                    (const char *) sqlite3_column_text (meta, 1));
  concord_json_writer_end_object (writer);

  concord_json_writer_begin_object (writer, "tables");
  for (guint t = 0; t < tables->len; t++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (progress != NULL)
        progress ((double) t / tables->len, user_data);

      if (text ? !write_table_sorted (writer, workbook, g_ptr_array_index (tables, t), selection, uuids, &sort, error)
               : !write_table (writer, workbook, g_ptr_array_index (tables, t), selection, uuids, error))
        goto fail;
    }
  concord_json_writer_end_object (writer);

  add_versions (writer, workbook, tables, selection);
  concord_json_writer_end_object (writer);

  if (!in_edit)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  return concord_json_writer_finish (writer, error);

fail:
  if (!in_edit)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
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
 * The document as a tree, for a small selection; a whole workbook goes
 * to a file with concord_exchange_export_file_full(). Safe to run in a
 * worker thread on a workbook opened there.
 */
JsonNode *
concord_exchange_export_full (ConcordWorkbook      *workbook,
                              ConcordSelection     *selection,
                              GCancellable         *cancellable,
                              ConcordProgressFunc   progress,
                              gpointer              user_data,
                              GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(ConcordJsonWriter) writer = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  writer = concord_json_writer_new_for_builder (builder);
  if (!export_to_writer (workbook, selection, writer, cancellable, progress, user_data, error))
    return NULL;

  return json_builder_get_root (builder);
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
  g_autoptr(GString) text = NULL;
  g_autoptr(ConcordJsonWriter) writer = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  text = g_string_new (NULL);
  writer = concord_json_writer_new_for_string (text);
  if (!export_to_writer (workbook, selection, writer, NULL, NULL, NULL, error))
    return NULL;

  if (length != NULL)
    *length = text->len;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
concord_exchange_export_file (ConcordWorkbook   *workbook,
                              ConcordSelection  *selection,
                              const char        *path,
                              GError           **error)
{
  return concord_exchange_export_file_full (workbook, selection, path, NULL, NULL, NULL, error);
}

gboolean
concord_exchange_export_stream (ConcordWorkbook       *workbook,
                                ConcordSelection      *selection,
                                ConcordJsonWriteFunc   write,
                                gpointer               user_data,
                                GError               **error)
{
  g_autoptr(ConcordJsonWriter) writer = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  writer = concord_json_writer_new (write, user_data);

  return export_to_writer (workbook, selection, writer, NULL, NULL, NULL, error);
}

static gboolean
write_to_output (const char  *data,
                 gsize        length,
                 gpointer     user_data,
                 GError     **error)
{
  return concord_output_write (user_data, data, length, error);
}

/**
 * concord_exchange_export_file_full:
 *
 * Writes the document record by record, never holding all of it, and
 * puts the file in place only when all of it is written.
 */
gboolean
concord_exchange_export_file_full (ConcordWorkbook      *workbook,
                                   ConcordSelection     *selection,
                                   const char           *path,
                                   GCancellable         *cancellable,
                                   ConcordProgressFunc   progress,
                                   gpointer              user_data,
                                   GError              **error)
{
  g_autoptr(ConcordOutput) output = NULL;
  g_autoptr(ConcordJsonWriter) writer = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  output = concord_output_open (path, error);
  if (output == NULL)
    return FALSE;

  writer = concord_json_writer_new (write_to_output, output);
  if (!export_to_writer (workbook, selection, writer, cancellable, progress, user_data, error))
    return FALSE;

  return concord_output_commit (output, error);
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

/* The uuids staged so far, in memory in 20 bytes each, so checking a
 * reference asks no database. Only uuids written as every workbook
 * writes them are kept (see uuid_bytes()); any other is looked for in the
 * staging tables. */
typedef struct
{
  guint8  uuid[16];
  guint32 table; /* 1 + index of the table; 0 for an empty slot */
} UuidSlot;

typedef struct
{
  UuidSlot *slots;
  gint64   *ids;   /* beside each slot, for a set that keeps them */
  gsize     size;  /* a power of two */
  gsize     used;
  gboolean  others; /* a uuid in another form was staged */
} UuidSet;

/* What g_uuid_string_is_valid() says: 36 characters, hyphens at 8, 13,
 * 18 and 23, hexadecimal digits of either case between. Its own, since
 * every record of an import names one or more: GLib's reads each digit
 * through a call. */
gboolean
concord_exchange_uuid_is_valid (const char *text)
{
  guint i;

  for (i = 0; i < 36; i++)
    {
      char c = text[i];

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (c != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (c))
        return FALSE;
    }

  return text[i] == '\0';
}

/* A lower-case hexadecimal digit's value, or -1. Inline: the import
 * reads every uuid it meets, several times. */
static inline int
lower_hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* The sixteen bytes of a uuid as every workbook writes it: lower case,
 * hyphens at 8, 13, 18 and 23. Any other text is not read (FALSE): the
 * sets then leave the answer to the tables, which compare texts. */
static gboolean
uuid_bytes (const char *text,
            guint8      bytes[16])
{
  /* Where each byte's two digits start. */
  static const guint8 digits[16] = { 0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34 };

  if (strnlen (text, 37) != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
    return FALSE;

  for (guint i = 0; i < 16; i++)
    {
      int high = lower_hex_value (text[digits[i]]);
      int low = lower_hex_value (text[digits[i] + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      bytes[i] = (guint8) (high << 4 | low);
    }

  return TRUE;
}

static UuidSlot *
uuid_set_slot (UuidSet      *set,
               guint32       table,
               const guint8 *uuid)
{
  guint64 hash;
  gsize i;

  /* Random bits, but for the variant's two in the lowest byte: mixed,
   * so every slot can be the first tried. */
  memcpy (&hash, uuid + 8, sizeof hash);
  hash ^= table * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  hash *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  hash ^= hash >> 31;
  i = (gsize) hash & (set->size - 1);
  while (set->slots[i].table != 0 &&
         (set->slots[i].table != table || memcmp (set->slots[i].uuid, uuid, 16) != 0))
    i = (i + 1) & (set->size - 1);

  return &set->slots[i];
}

/* @id is kept when the set keeps ids (@keep_ids on its first add). */
static void
uuid_set_put (UuidSet    *set,
              guint       table,
              const char *text,
              gboolean    keep_ids,
              gint64      id)
{
  guint8 uuid[16];
  UuidSlot *slot;

  if (!uuid_bytes (text, uuid))
    {
      set->others = TRUE;
      return;
    }

  if (set->used + 1 > set->size / 8 * 7)
    {
      gsize size = MAX (set->size * 2, 1024);
      UuidSet bigger = { g_new0 (UuidSlot, size), NULL, size, 0, set->others };

      if (set->size == 0 ? keep_ids : set->ids != NULL)
        bigger.ids = g_new0 (gint64, size);
      for (gsize i = 0; i < set->size; i++)
        if (set->slots[i].table != 0)
          {
            UuidSlot *moved = uuid_set_slot (&bigger, set->slots[i].table, set->slots[i].uuid);

            *moved = set->slots[i];
            if (bigger.ids != NULL)
              bigger.ids[moved - bigger.slots] = set->ids[i];
            bigger.used++;
          }
      g_free (set->slots);
      g_free (set->ids);
      *set = bigger;
    }

  slot = uuid_set_slot (set, table + 1, uuid);
  if (slot->table == 0)
    {
      memcpy (slot->uuid, uuid, 16);
      slot->table = table + 1;
      set->used++;
    }
  if (set->ids != NULL)
    set->ids[slot - set->slots] = id;
}

static void
uuid_set_add (UuidSet    *set,
              guint       table,
              const char *text)
{
  uuid_set_put (set, table, text, FALSE, 0);
}

/* The id kept for the uuid, or 0 when the set has none. */
static gint64
uuid_set_lookup_id (UuidSet    *set,
                    guint       table,
                    const char *text)
{
  guint8 uuid[16];
  UuidSlot *slot;

  if (set->ids == NULL || !uuid_bytes (text, uuid))
    return 0;
  slot = uuid_set_slot (set, table + 1, uuid);

  return slot->table != 0 ? set->ids[slot - set->slots] : 0;
}

/* TRUE or FALSE when the set knows, -1 when the tables must say. */
static int
uuid_set_contains (UuidSet    *set,
                   guint       table,
                   const char *text)
{
  guint8 uuid[16];

  if (!uuid_bytes (text, uuid))
    return -1;
  if (set->size > 0 && uuid_set_slot (set, table + 1, uuid)->table != 0)
    return TRUE;

  return set->others ? -1 : FALSE;
}


typedef enum
{
  ACTION_ADD,
  ACTION_UPDATE,
  ACTION_UNCHANGED,
  ACTION_KEEP,          /* ours is newer, or deleted here after theirs */
  ACTION_CONFLICT,
  ACTION_DELETE,        /* deleted there after ours */
} Action;

typedef struct
{
  guint       column;   /* index into the table's columns */
  ConcordDot  theirs;   /* their dot, copied when taken or adopted */
  gboolean    take;     /* theirs is newer */
  gboolean    adopt;    /* the same value: only the dot moves */
  guint       conflict; /* 1 + index into conflicts, or 0 */
} FieldPlan;

typedef struct
{
  int line;
  int column;
} Position;

typedef struct
{
  Table      *table;
  const char *uuid;     /* owned by the parsed document, or by the entry */
  JsonObject *object;   /* NULL for a deletion the document tells */
  Position    position; /* of the record in the document */
  gint64      seq;      /* its place among the staged records */
  JsonObject *versions; /* their dots for this record, or NULL */
  ConcordDot  tombstone; /* their deletion */
  gint64      local_id;
  char       *local_uuid;
  Action      action;
  GArray     *fields;   /* FieldPlan */
  guint       first_conflict;
  guint       n_conflicts;
  gboolean    deleted_here;
  gboolean    deleted_there;
  gboolean    adopt_record;   /* move the record's own dot to theirs */
  ConcordDot  record_theirs;
  gboolean    keep_tombstone; /* store (or move) the deletion's dot */
  gpointer    parent_removal; /* the Entry deleting the record this one belongs to */
  gboolean    newer_time;     /* their updated_at is the later one */
  /* What an entry read back from the staging tables owns. */
  char       *own_uuid;
  JsonObject *own_object;
  JsonObject *own_versions;
} Entry;

struct _ConcordMergePlan
{
  ConcordWorkbook *workbook;
  char            *source;
  JsonParser      *parser;
  JsonNode        *root;       /* the document, when read in pieces */
  GHashTable      *positions;  /* JsonObject* -> Position* */
  GArray          *open;       /* Position stack while parsing */
  GPtrArray       *tables;
  GHashTable      *by_uuid;    /* "table uuid" -> Entry* for records left in the tree */
  GHashTable      *deletions;  /* "table uuid" -> Entry* for documents' deletions */
  /* The document's records and their dots wait in a database of the
   * plan's own, a temporary file SQLite keeps and removes: only
   * conflicts, deletions and counts stay in memory. */
  sqlite3         *stage;
  sqlite3_stmt    *stage_dots_insert;
  sqlite3_stmt    *stage_dots_find;
  sqlite3_stmt    *stage_plan_insert;
  GHashTable      *local_ids;  /* "table uuid" -> gint64* for records matched by another key */
  gboolean         duplicate;  /* a uuid twice: the reader lets the guard say so */
  UuidSet          staged;
  UuidSet          written;    /* ids of the parents added in bulk, by uuid */
  Table           *last_found; /* by plan_table(): records come table by table */
  GPtrArray       *removals;   /* Entry* of deletions, children first */
  GPtrArray       *conflicts;  /* ConcordConflict* */
  GPtrArray       *kept;       /* ConcordConflict*, resolution MINE */
  JsonObject      *meta;
  JsonObject      *versions;   /* the document's "versions" */
  JsonObject      *replicas;   /* the document's "replicas" */
  GHashTable      *our_vector;
  GHashTable      *their_vector;
  GHashTable      *names;      /* replica -> who works there */
  GArray          *meta_plans; /* MetaPlan */
  gboolean         partial;
  gboolean         no_undo;    /* the apply keeps no undo step */
  char            *as_of;
  guint            n_added, n_updated, n_unchanged, n_kept, n_deleted;
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
  g_free (conflict->field_label);
  g_free (conflict->mine_by);
  g_free (conflict->theirs_by);
  g_free (conflict);
}

static void entry_clear (Entry *entry);

static void
entry_free (gpointer data)
{
  entry_clear (data);
  g_free (data);
}

void
concord_merge_plan_free (ConcordMergePlan *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->workbook);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->open, g_array_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref); /* finalizes the staging statements */
  g_clear_pointer (&self->stage, sqlite3_close_v2);
  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->deletions, g_hash_table_unref);
  g_clear_pointer (&self->local_ids, g_hash_table_unref);
  g_clear_pointer (&self->stage_dots_insert, sqlite3_finalize);
  g_clear_pointer (&self->stage_dots_find, sqlite3_finalize);
  g_clear_pointer (&self->stage_plan_insert, sqlite3_finalize);
  g_free (self->staged.slots);
  g_free (self->written.slots);
  g_free (self->written.ids);
  g_clear_pointer (&self->removals, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->kept, g_ptr_array_unref);
  g_clear_pointer (&self->our_vector, g_hash_table_unref);
  g_clear_pointer (&self->their_vector, g_hash_table_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->meta_plans, g_array_unref);
  g_free (self->source);
  g_free (self->as_of);
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
static gboolean
fail_at_position (ConcordMergePlan  *self,
                  const Position    *position,
                  const char        *path,
                  GError           **error,
                  const char        *message)
{
  if (position != NULL)
    /* Translators: file:line:column: what is wrong (at the JSON path) */
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE, _("%s:%d:%d: %s (at %s)"),
                 self->source, position->line, position->column, message, path);
  else
    /* Translators: file: what is wrong (at the JSON path) */
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE, _("%s: %s (at %s)"),
                 self->source, message, path);

  return FALSE;
}

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

  return fail_at_position (self, position, path, error, message);
}

/* Staging ------------------------------------------------------------------ */

static gboolean
stage_failed (ConcordMergePlan  *self,
              GError           **error)
{
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
               _("Could not set the document’s records aside while reading it: %s"),
               self->stage != NULL ? sqlite3_errmsg (self->stage) : g_strerror (ENOMEM));
  return FALSE;
}

static sqlite3_stmt *
stage_prepare (ConcordMergePlan *self,
               const char       *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (self->stage, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    return NULL;

  return stmt;
}

/* A table r<N> per table, with its columns as c0, c1, … in the order of
 * the description; the names come from the schema, never the document.
 * The file is SQLite's own temporary one, removed when the plan closes
 * it; one transaction that is never committed keeps it out of the way. */
static gboolean
open_stage (ConcordMergePlan  *self,
            GError           **error)
{
  g_autoptr(GString) sql = g_string_new ("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                                         "PRAGMA cache_size = -32768; PRAGMA temp_store = FILE;"
                                         "CREATE TABLE dots (tbl INTEGER, uuid TEXT, field TEXT, dot TEXT,"
                                         " PRIMARY KEY (tbl, uuid, field)) WITHOUT ROWID;"
                                         "CREATE TABLE plans (tbl INTEGER, seq INTEGER, plan BLOB,"
                                         " PRIMARY KEY (tbl, seq)) WITHOUT ROWID;");

  /* One thread at a time uses a plan (it is read on a worker and applied
   * after, on the main thread): no lock on every call. */
  if (sqlite3_open_v2 ("", &self->stage, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    return stage_failed (self, error);

  for (guint t = 0; t < self->tables->len; t++)
    {
      Table *table = g_ptr_array_index (self->tables, t);

      g_string_append_printf (sql, "CREATE TABLE r%u (seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
                                   " line INTEGER, col INTEGER", table->index);
      for (guint c = 0; c < table->columns->len; c++)
        g_string_append_printf (sql, ", c%u", c);
      g_string_append (sql, ");");
    }
  g_string_append (sql, "BEGIN;");
  if (sqlite3_exec (self->stage, sql->str, NULL, NULL, NULL) != SQLITE_OK)
    return stage_failed (self, error);

  for (guint t = 0; t < self->tables->len; t++)
    {
      Table *table = g_ptr_array_index (self->tables, t);
      g_autoptr(GString) insert = g_string_new (NULL);
      g_autofree char *find = NULL;

      g_string_printf (insert, "INSERT INTO r%u VALUES (NULL, ?1, ?2, ?3", table->index);
      for (guint c = 0; c < table->columns->len; c++)
        g_string_append_printf (insert, ", ?%u", c + 4);
      g_string_append (insert, ")");
      if (table->label_index >= 0)
        find = g_strdup_printf ("SELECT seq, c%d FROM r%u WHERE uuid = ?1", table->label_index, table->index);
      else
        find = g_strdup_printf ("SELECT seq, NULL FROM r%u WHERE uuid = ?1", table->index);

      table->stage_insert = stage_prepare (self, insert->str);
      table->stage_find = stage_prepare (self, find);
      if (table->stage_insert == NULL || table->stage_find == NULL)
        return stage_failed (self, error);
    }

  self->stage_dots_insert = stage_prepare (self, "INSERT INTO dots VALUES (?1, ?2, ?3, ?4)");
  self->stage_dots_find = stage_prepare (self, "SELECT field, dot FROM dots WHERE tbl = ?1 AND uuid = ?2");
  self->stage_plan_insert = stage_prepare (self, "INSERT INTO plans VALUES (?1, ?2, ?3)");
  if (self->stage_dots_insert == NULL || self->stage_dots_find == NULL || self->stage_plan_insert == NULL)
    return stage_failed (self, error);

  return TRUE;
}

/* A value of a tree as the reader hands over a record's values; its
 * text belongs to @node. */
static ConcordJsonMember
member_from_node (const char *name,
                  JsonNode   *node)
{
  ConcordJsonMember member = { name, CONCORD_JSON_NULL, FALSE, 0, 0.0, NULL };

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return member;
  if (JSON_NODE_HOLDS_OBJECT (node))
    member.kind = CONCORD_JSON_OBJECT;
  else if (JSON_NODE_HOLDS_ARRAY (node))
    member.kind = CONCORD_JSON_ARRAY;
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      member.kind = CONCORD_JSON_STRING;
      member.string = json_node_get_string (node);
    }
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      member.kind = CONCORD_JSON_BOOLEAN;
      member.boolean = json_node_get_boolean (node);
    }
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      member.kind = CONCORD_JSON_DOUBLE;
      member.number = json_node_get_double (node);
    }
  else
    {
      member.kind = CONCORD_JSON_INT;
      member.integer = json_node_get_int (node);
    }

  return member;
}

/* The members of an object of the tree, in the document's order. */
static GArray *
object_members (JsonObject *object)
{
  GArray *members = g_array_new (FALSE, FALSE, sizeof (ConcordJsonMember));
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      ConcordJsonMember member = member_from_node (name, node);

      g_array_append_val (members, member);
    }

  return members;
}

/* Which member holds each column (NULL for none); @unknown (optional)
 * gets the first member that is no column. Members mostly come in the
 * columns' order, so each is looked for after the last one found. */
static gboolean
record_columns (Table                    *table,
                const ConcordJsonMember  *members,
                guint                     n_members,
                const ConcordJsonMember **by_column,
                const char              **unknown)
{
  guint n_columns = table->columns->len;
  guint next = 0;
  gboolean known = TRUE;

  memset (by_column, 0, n_columns * sizeof *by_column);
  for (guint m = 0; m < n_members; m++)
    {
      guint c;

      for (c = 0; c < n_columns; c++)
        {
          Column *column = g_ptr_array_index (table->columns, (next + c) % n_columns);

          if (g_str_equal (column->export_name, members[m].name))
            break;
        }
      if (c == n_columns)
        {
          if (known && unknown != NULL)
            *unknown = members[m].name;
          known = FALSE;
          continue;
        }
      c = (next + c) % n_columns;
      by_column[c] = &members[m];
      next = c + 1;
    }

  return known;
}

static void
bind_member (sqlite3_stmt            *stmt,
             int                      index,
             const ConcordJsonMember *member)
{
  switch (member != NULL ? member->kind : CONCORD_JSON_NULL)
    {
    case CONCORD_JSON_STRING:
      sqlite3_bind_text (stmt, index, member->string, -1, SQLITE_STATIC);
      break;
    case CONCORD_JSON_DOUBLE:
      sqlite3_bind_double (stmt, index, member->number);
      break;
    case CONCORD_JSON_BOOLEAN:
      sqlite3_bind_int (stmt, index, member->boolean);
      break;
    case CONCORD_JSON_INT:
      sqlite3_bind_int64 (stmt, index, member->integer);
      break;
    case CONCORD_JSON_NULL:
    case CONCORD_JSON_OBJECT:
    case CONCORD_JSON_ARRAY:
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}

/* Steps a staging write; a uuid twice is the document's fault. */
static gboolean
stage_step (ConcordMergePlan  *self,
            sqlite3_stmt      *stmt,
            GError           **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc == SQLITE_CONSTRAINT)
    {
      self->duplicate = TRUE;
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_PARSE, "a member appears twice in one object");
      return FALSE;
    }

  return stage_failed (self, error);
}

/* One record of the document, as its values are (checked or not):
 * @by_column from record_columns(). */
static gboolean
stage_record (ConcordMergePlan         *self,
              Table                    *table,
              const char               *uuid,
              const ConcordJsonMember **by_column,
              const Position           *position,
              GError                  **error)
{
  sqlite3_stmt *stmt = table->stage_insert;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, position ? position->line : 0);
  sqlite3_bind_int (stmt, 3, position ? position->column : 0);
  for (guint c = 0; c < table->columns->len; c++)
    bind_member (stmt, c + 4, by_column[c]);

  if (!stage_step (self, stmt, error))
    return FALSE;
  uuid_set_add (&self->staged, table->index, uuid);
  table->n_staged++;

  return TRUE;
}

/* Their dots for one record, once checked. */
static gboolean
stage_dots (ConcordMergePlan         *self,
            Table                    *table,
            const char               *uuid,
            const ConcordJsonMember  *dots,
            guint                     n_dots,
            GError                  **error)
{
  for (guint i = 0; i < n_dots; i++)
    {
      sqlite3_bind_int (self->stage_dots_insert, 1, table->index);
      sqlite3_bind_text (self->stage_dots_insert, 2, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (self->stage_dots_insert, 3, dots[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (self->stage_dots_insert, 4, dots[i].string, -1, SQLITE_STATIC);
      if (!stage_step (self, self->stage_dots_insert, error))
        return FALSE;
      /* Once per record (the staging refuses a second), and only for one
       * staged already: a record read later, or any doubt, counts none. */
      if (dots[i].name[0] == '\0' && uuid_set_contains (&self->staged, table->index, uuid) == TRUE)
        table->n_dotted++;
    }

  return TRUE;
}

/* find_table() for every record read: they come table by table. */
static Table *
plan_table (ConcordMergePlan *self,
            const char       *name)
{
  if (self->last_found == NULL || !g_str_equal (self->last_found->name, name))
    self->last_found = find_table (self->tables, name);

  return self->last_found;
}

/* Whether the document holds the record; @label (optional) gets its name. */
static gboolean
staged_find (ConcordMergePlan  *self,
             const char        *table_name,
             const char        *uuid,
             char             **label)
{
  Table *table = find_table (self->tables, table_name);
  gboolean found = FALSE;

  if (table == NULL || table->stage_find == NULL)
    return FALSE;
  if (label == NULL)
    {
      int known = uuid_set_contains (&self->staged, table->index, uuid);

      if (known >= 0)
        return known;
    }

  sqlite3_bind_text (table->stage_find, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (table->stage_find) == SQLITE_ROW)
    {
      found = TRUE;
      if (label != NULL)
        *label = g_strdup ((const char *) sqlite3_column_text (table->stage_find, 1));
    }
  sqlite3_reset (table->stage_find);

  return found;
}

/* A staged record's values as the document had them (null for empty). */
static JsonObject *
staged_object (Table        *table,
               sqlite3_stmt *stmt,
               int           first)
{
  JsonObject *object = json_object_new ();

  for (guint c = 0; c < table->columns->len; c++)
    {
      Column *column = g_ptr_array_index (table->columns, c);
      int i = first + (int) c;
      JsonNode *node;

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          node = json_node_init_int (json_node_alloc (), sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          node = json_node_init_double (json_node_alloc (), sqlite3_column_double (stmt, i));
          break;
        case SQLITE_TEXT:
          node = json_node_init_string (json_node_alloc (), (const char *) sqlite3_column_text (stmt, i));
          break;
        default:
          node = json_node_new (JSON_NODE_NULL);
          break;
        }
      json_object_set_member (object, column->export_name, node);
    }

  return object;
}

static JsonObject *
staged_versions (ConcordMergePlan *self,
                 Table            *table,
                 const char       *uuid)
{
  sqlite3_stmt *stmt = self->stage_dots_find;
  JsonObject *versions = NULL;

  sqlite3_bind_int (stmt, 1, table->index);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (versions == NULL)
        versions = json_object_new ();
      json_object_set_string_member (versions, (const char *) sqlite3_column_text (stmt, 0),
                                     (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  return versions;
}

/* The record on the statement's row: seq, uuid, line, col, then values. */
static void
staged_entry (ConcordMergePlan *self,
              Table            *table,
              sqlite3_stmt     *stmt,
              Entry            *entry)
{
  entry->table = table;
  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->uuid = entry->own_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  entry->position.line = sqlite3_column_int (stmt, 2);
  entry->position.column = sqlite3_column_int (stmt, 3);
  entry->object = entry->own_object = staged_object (table, stmt, 4);
  entry->versions = entry->own_versions = staged_versions (self, table, entry->uuid);
}

static char *
dup_replica (ConcordDot dot)
{
  return concord_dot_is_none (dot) ? NULL : g_strdup (dot.replica);
}

static ConcordDot
make_dot (const char *replica,
          gint64      counter)
{
  ConcordDot dot = { replica ? g_intern_string (replica) : NULL, replica ? counter : 0 };

  return dot;
}

#define PLAN_TYPE "(uxmsuubbmsxba(umsxbbu))"

/* What apply needs of a planned record, kept beside it on disk. */
static gboolean
stage_plan (ConcordMergePlan  *self,
            Entry             *entry,
            GError           **error)
{
  g_autoptr(GVariantBuilder) fields = g_variant_builder_new (G_VARIANT_TYPE ("a(umsxbbu)"));
  g_autoptr(GVariant) plan = NULL;
  g_autofree char *record_replica = dup_replica (entry->record_theirs);

  for (guint i = 0; entry->fields != NULL && i < entry->fields->len; i++)
    {
      FieldPlan *field = &g_array_index (entry->fields, FieldPlan, i);
      g_autofree char *replica = dup_replica (field->theirs);

      g_variant_builder_add (fields, "(umsxbbu)", field->column, replica, field->theirs.counter,
                             field->take, field->adopt, field->conflict);
    }
  plan = g_variant_ref_sink (g_variant_new (PLAN_TYPE, (guint32) entry->action, entry->local_id,
                                            entry->local_uuid, entry->first_conflict, entry->n_conflicts,
                                            entry->deleted_here, entry->adopt_record, record_replica,
                                            entry->record_theirs.counter, entry->newer_time, fields));

  sqlite3_bind_int (self->stage_plan_insert, 1, entry->table->index);
  sqlite3_bind_int64 (self->stage_plan_insert, 2, entry->seq);
  sqlite3_bind_blob (self->stage_plan_insert, 3, g_variant_get_data (plan), (int) g_variant_get_size (plan),
                     SQLITE_STATIC);

  return stage_step (self, self->stage_plan_insert, error);
}

static void
restore_plan (Entry        *entry,
              sqlite3_stmt *stmt,
              int           index)
{
  g_autoptr(GBytes) bytes = g_bytes_new (sqlite3_column_blob (stmt, index), sqlite3_column_bytes (stmt, index));
  g_autoptr(GVariant) plan = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (PLAN_TYPE), bytes, FALSE));
  g_autoptr(GVariantIter) fields = NULL;
  const char *local_uuid = NULL;
  const char *record_replica = NULL;
  const char *replica = NULL;
  gint64 record_counter = 0;
  guint32 action = 0;
  FieldPlan field = { 0, };

  g_variant_get (plan, "(uxm&suubbm&sxba(umsxbbu))", &action, &entry->local_id, &local_uuid,
                 &entry->first_conflict, &entry->n_conflicts, &entry->deleted_here, &entry->adopt_record,
                 &record_replica, &record_counter, &entry->newer_time, &fields);
  entry->action = (Action) action;
  entry->local_uuid = g_strdup (local_uuid);
  entry->record_theirs = make_dot (record_replica, record_counter);

  entry->fields = g_array_new (FALSE, TRUE, sizeof (FieldPlan));
  while (g_variant_iter_next (fields, "(um&sxbbu)", &field.column, &replica, &field.theirs.counter,
                              &field.take, &field.adopt, &field.conflict))
    {
      field.theirs = make_dot (replica, field.theirs.counter);
      g_array_append_val (entry->fields, field);
    }
}

static const char *
member_kind (const ConcordJsonMember *member)
{
  /* Translators: what a JSON value is, completing "“name” should be text,
   * not %s" */
  if (member == NULL || member->kind == CONCORD_JSON_NULL)
    return _("null");
  if (member->kind == CONCORD_JSON_OBJECT)
    return _("an object");
  if (member->kind == CONCORD_JSON_ARRAY)
    return _("a list");

  switch (member->kind)
    {
    case CONCORD_JSON_STRING:
      return _("text");
    case CONCORD_JSON_BOOLEAN:
      return _("true/false");
    case CONCORD_JSON_DOUBLE:
      return _("a decimal number");
    default:
      return _("a whole number");
    }
}

static const char *
node_kind (JsonNode *node)
{
  ConcordJsonMember member = member_from_node (NULL, node);

  return member_kind (&member);
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

/* A complaint about one value of a record, at its path. */
G_GNUC_PRINTF (7, 8)
static gboolean
fail_value (ConcordMergePlan  *self,
            Table             *table,
            const char        *uuid,
            const Position    *position,
            Column            *column,
            GError           **error,
            const char        *format,
            ...)
{
  g_autofree char *path = g_strdup_printf ("tables.%s[\"%s\"].%s", table->name, uuid, column->export_name);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return fail_at_position (self, position, path, error, message);
}

static gboolean
check_value (ConcordMergePlan         *self,
             Table                    *table,
             const char               *uuid,
             const Position           *position,
             Column                   *column,
             const ConcordJsonMember  *node,
             GError                  **error)
{
  gboolean time_checked = FALSE;

  if (node == NULL || node->kind == CONCORD_JSON_NULL)
    {
      /* The merge compares updated_at: it has a default, but is needed. */
      if (column->required || g_str_equal (column->name, "updated_at"))
        return fail_value (self, table, uuid, position, column, error,
                        node == NULL ? _("the required field “%s” is missing")
                                     : _("the required field “%s” is empty"),
                        column->export_name);
      return TRUE;
    }

  if (node->kind == CONCORD_JSON_OBJECT || node->kind == CONCORD_JSON_ARRAY)
    return fail_value (self, table, uuid, position, column, error, _("“%s” should be a single value, not %s"),
                    column->export_name, member_kind (node));

  if (column->parent != NULL)
    {
      const char *ref = node->kind == CONCORD_JSON_STRING ? node->string : NULL;

      if (ref == NULL || !concord_exchange_uuid_is_valid (ref))
        return fail_value (self, table, uuid, position, column, error, _("“%s” should name a record by its UUID, not %s"),
                        column->export_name, member_kind (node));

      if (!staged_find (self, column->parent, ref, NULL) &&
          concord_workbook_lookup_uuid (self->workbook, column->parent, ref) == 0)
        return fail_value (self, table, uuid, position, column, error,
                        _("“%s” refers to %s, which is neither in the document nor in the workbook"),
                        column->export_name, ref);
      return TRUE;
    }

  switch (column->affinity)
    {
    case 'I':
      if (node->kind != CONCORD_JSON_INT)
        return fail_value (self, table, uuid, position, column, error, _("“%s” should be a whole number, not %s"),
                        column->export_name, member_kind (node));
      break;

    case 'R':
      if (node->kind != CONCORD_JSON_INT && node->kind != CONCORD_JSON_DOUBLE)
        return fail_value (self, table, uuid, position, column, error, _("“%s” should be a number, not %s"),
                        column->export_name, member_kind (node));
      break;

    default:
      if (node->kind != CONCORD_JSON_STRING)
        return fail_value (self, table, uuid, position, column, error, _("“%s” should be text, not %s"),
                        column->export_name, member_kind (node));
      if (strlen (node->string) > CONCORD_EXCHANGE_MAX_TEXT)
        return fail_value (self, table, uuid, position, column, error, _("“%s” is longer than %d bytes"),
                        column->export_name, CONCORD_EXCHANGE_MAX_TEXT);
      if (g_str_equal (column->name, "created_at") || g_str_equal (column->name, "updated_at"))
        {
          if (!is_timestamp (node->string))
            return fail_value (self, table, uuid, position, column, error,
                            _("“%s” should be a UTC time such as 2026-11-23T09:15:00.000Z"),
                            column->export_name);
          time_checked = TRUE;
        }
      break;
    }

  /* The same rules as an edit in the app; a time was checked above. */
  if (column->description != NULL && !(time_checked && column->description->kind == CONCORD_COLUMN_TIME))
    {
      ConcordScalar value = { CONCORD_SCALAR_INT, NULL, node->integer, 0.0 };
      g_autoptr(GError) invalid = NULL;

      if (node->kind == CONCORD_JSON_STRING)
        {
          value.kind = CONCORD_SCALAR_TEXT;
          value.text = node->string;
        }
      else if (node->kind == CONCORD_JSON_DOUBLE)
        {
          value.kind = CONCORD_SCALAR_DOUBLE;
          value.number = node->number;
        }

      if (!concord_table_validate_scalar (column->description, &value, &invalid))
        return fail_value (self, table, uuid, position, column, error, "%s", invalid->message);
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
    {
      Column *column = g_ptr_array_index (table->columns, c);

      if (column->parent != NULL)
        g_string_append_printf (sql, ", (SELECT uuid FROM %s WHERE id = r.%s)", column->parent, column->name);
      else
        g_string_append_printf (sql, ", r.%s", column->name);
    }
  g_string_append_printf (sql, " FROM %s r WHERE r.id = ?1", table->name);

  stmt = concord_workbook_prepare (self->workbook, sql->str, NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      for (guint c = 0; c < table->columns->len; c++)
        g_ptr_array_add (values, column_to_node (g_ptr_array_index (table->columns, c), stmt, c + 2));
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

/* Words for people ---------------------------------------------------------- */

/* Workbook settings travel as meta keys; records' words are in their
 * tables' description. */
static const struct
{
  const char *key;
  const char *label;
} setting_labels[] = {
  { "currency", N_("Currency") },
};

/* Fields a record is only consistent with together. */
static const char *const field_groups[][4] = {
  { "agreed", "agreed_on", NULL },
  { "done", "done_on", NULL },
  { "start_on", "end_on", "due_on", NULL },
};

static const char *
record_kind (const char *table)
{
  const ConcordTable *described = concord_table_lookup (table);

  return described != NULL ? _(described->label) : table;
}

static char *
field_label (Column     *column,
             const char *key)
{
  char *label;

  if (column != NULL && column->description != NULL)
    return g_strdup (_(column->description->label));

  for (guint i = 0; i < G_N_ELEMENTS (setting_labels); i++)
    if (g_str_equal (setting_labels[i].key, key))
      return g_strdup (_(setting_labels[i].label));

  /* Any other setting, as its key reads: "fiscal_year" -> "Fiscal year". */
  label = g_strdelimit (g_strdup (key), "_", ' ');
  label[0] = g_ascii_toupper (label[0]);

  return label;
}

static gboolean
column_is (Column           *column,
           ConcordColumnKind kind)
{
  return column->description != NULL && column->description->kind == kind;
}

static int
field_group (const char *field)
{
  for (guint g = 0; g < G_N_ELEMENTS (field_groups); g++)
    if (g_strv_contains (field_groups[g], field))
      return (int) g;

  return -1;
}

/* The name of a referenced record, from the document or the workbook. */
static char *
reference_label (ConcordMergePlan *self,
                 const char       *table,
                 const char       *uuid)
{
  Table *parent = find_table (self->tables, table);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  char *label = NULL;

  if (staged_find (self, table, uuid, &label))
    return label ? label : g_strdup (uuid);
  if (parent == NULL || parent->label_column == NULL)
    return g_strdup (uuid);

  sql = g_strdup_printf ("SELECT %s FROM %s WHERE uuid = ?1", parent->label_column, table);
  stmt = concord_workbook_prepare (self->workbook, sql, NULL);
  if (stmt == NULL)
    return g_strdup (uuid);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    label = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return label ? label : g_strdup (uuid);
}

/* A value as the editor shows it: dates, money, yes/no, names. */
static char *
format_value (ConcordMergePlan *self,
              Column           *column,
              JsonNode         *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (column->parent != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    return reference_label (self, column->parent, json_node_get_string (node));
  if (column_is (column, CONCORD_COLUMN_BOOL) && json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup (json_node_get_int (node) ? _("Yes") : _("No"));
  if (column_is (column, CONCORD_COLUMN_MONEY) && json_node_get_value_type (node) == G_TYPE_INT64)
    return concord_money_format (self->workbook, json_node_get_int (node));
  if (column_is (column, CONCORD_COLUMN_DATE) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      char *date = concord_date_format (json_node_get_string (node));

      if (date != NULL)
        return date;
    }

  return node_text (node);
}

static char *
dot_author (ConcordMergePlan *self,
            ConcordDot        dot)
{
  const char *name = concord_dot_is_none (dot) ? NULL : g_hash_table_lookup (self->names, dot.replica);

  return g_strdup (name);
}

/* A conflict (or a kept field, into @list) about @entry. */
static ConcordConflict *
add_item (ConcordMergePlan *self,
          GPtrArray        *list,
          Entry            *entry,
          ConcordChange     change,
          Column           *column,
          char             *mine,
          char             *theirs,
          ConcordDot        mine_dot,
          ConcordDot        theirs_dot)
{
  ConcordConflict *conflict = g_new0 (ConcordConflict, 1);
  JsonObject *named = entry->object;

  conflict->table = entry->table->name;
  conflict->uuid = g_strdup (entry->uuid);
  conflict->change = change;
  conflict->kind = record_kind (entry->table->name);
  if (named != NULL)
    conflict->label = record_label (entry->table, named, entry->uuid);
  else if (entry->local_uuid != NULL)
    conflict->label = reference_label (self, entry->table->name, entry->local_uuid);
  else
    conflict->label = g_strdup (entry->uuid);
  conflict->field = g_strdup (column ? column->export_name : "");
  for (guint c = 0; column != NULL && c < entry->table->columns->len; c++)
    if (g_ptr_array_index (entry->table->columns, c) == column)
      conflict->position = c;
  conflict->field_label = column ? field_label (column, column->export_name) : NULL;
  conflict->mine = mine;
  conflict->theirs = theirs;
  conflict->mine_by = dot_author (self, mine_dot);
  conflict->theirs_by = dot_author (self, theirs_dot);

  if (list == self->kept)
    {
      conflict->resolution = CONCORD_RESOLVE_MINE;
    }
  else
    {
      if (entry->n_conflicts++ == 0)
        entry->first_conflict = self->conflicts->len;
      conflict->group = self->conflicts->len + 1;
    }
  g_ptr_array_add (list, conflict);

  return conflict;
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

/* Their dot for one field of a record: its own, or the record's. */
static ConcordDot
their_dot (Entry      *entry,
           const char *export_name)
{
  ConcordDot dot = CONCORD_DOT_NONE;
  const char *text = NULL;

  if (entry->versions == NULL)
    return dot;

  if (export_name != NULL && json_object_has_member (entry->versions, export_name))
    text = json_object_get_string_member (entry->versions, export_name);
  else if (json_object_has_member (entry->versions, ""))
    text = json_object_get_string_member (entry->versions, "");
  concord_dot_parse (text, &dot);

  return dot;
}

typedef enum
{
  DECIDE_SAME,
  DECIDE_TAKE,
  DECIDE_KEEP,
  DECIDE_CONFLICT,
} Decision;

/* The whole rule, per field. @adopt says, for equal values, whether to
 * take their dot, so both sides end with the same one. */
static Decision
decide (ConcordMergePlan *self,
        gboolean          same_value,
        ConcordDot        mine,
        ConcordDot        theirs,
        gboolean         *adopt)
{
  gboolean mine_seen = concord_vector_has_seen (self->their_vector, mine);
  gboolean theirs_seen = concord_vector_has_seen (self->our_vector, theirs);

  *adopt = FALSE;

  if (same_value)
    {
      if (!concord_dot_is_none (theirs) && !concord_dot_equal (mine, theirs))
        *adopt = mine_seen != theirs_seen ? mine_seen : concord_dot_compare (theirs, mine) > 0;
      return DECIDE_SAME;
    }

  if (concord_dot_equal (mine, theirs))
    return DECIDE_CONFLICT; /* one edit, two values: nobody can tell */
  if (mine_seen)
    return DECIDE_TAKE;
  if (theirs_seen)
    return DECIDE_KEEP;

  return DECIDE_CONFLICT;
}

/* Whether they have seen every dot of our record: then it has not
 * changed here since, and their deletion is newer. */
static gboolean
they_saw_record (ConcordMergePlan *self,
                 Entry            *entry)
{
  static const char sql[] = "SELECT replica, counter FROM sync_versions WHERE tbl = ?1 AND uuid = ?2";
  sqlite3_stmt *stmt = concord_workbook_prepare (self->workbook, sql, NULL);
  gboolean any = FALSE, all = TRUE;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, entry->table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->local_uuid, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ConcordDot dot = { g_intern_string ((const char *) sqlite3_column_text (stmt, 0)),
                         sqlite3_column_int64 (stmt, 1) };

      any = TRUE;
      all &= concord_vector_has_seen (self->their_vector, dot);
    }
  sqlite3_reset (stmt);

  /* A record from before versions has no dots: ask. */
  return any && all;
}

/* Whether we have seen every dot of their record. */
static gboolean
we_saw_record (ConcordMergePlan *self,
               Entry            *entry)
{
  GList *members;
  gboolean all = TRUE;

  if (entry->versions == NULL || !json_object_has_member (entry->versions, ""))
    return FALSE;

  members = json_object_get_members (entry->versions);
  for (GList *l = members; l != NULL; l = l->next)
    {
      ConcordDot dot;

      concord_dot_parse (json_object_get_string_member (entry->versions, l->data), &dot);
      all &= concord_vector_has_seen (self->our_vector, dot);
    }
  g_list_free (members);

  return all;
}

static char *
local_uuid (ConcordMergePlan *self,
            Table            *table,
            gint64            id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s WHERE id = ?1", table->name);
  sqlite3_stmt *stmt = concord_workbook_prepare (self->workbook, sql, NULL);
  char *uuid = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return uuid;
}

/* Deleting a record here takes the records that belong to it; each must
 * itself be deleted by the document, or the deletion is a choice. */
static gboolean
children_go_too (ConcordMergePlan *self,
                 Entry            *entry)
{
  sqlite3 *db = concord_workbook_get_db (self->workbook);
  gboolean all = TRUE;

  for (guint t = 0; t < self->tables->len && all; t++)
    {
      Table *child = g_ptr_array_index (self->tables, t);
      g_autoptr(sqlite3_stmt) fks = NULL;

      sqlite3_prepare_v2 (db, "SELECT \"from\" FROM pragma_foreign_key_list (?1) "
                              "WHERE on_delete = 'CASCADE' AND \"table\" = ?2", -1, &fks, NULL);
      sqlite3_bind_text (fks, 1, child->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (fks, 2, entry->table->name, -1, SQLITE_STATIC);
      while (all && sqlite3_step (fks) == SQLITE_ROW)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s WHERE %s = ?1", child->name,
                                                  (const char *) sqlite3_column_text (fks, 0));
          g_autoptr(sqlite3_stmt) rows = NULL;

          sqlite3_prepare_v2 (db, sql, -1, &rows, NULL);
          sqlite3_bind_int64 (rows, 1, entry->local_id);
          while (all && sqlite3_step (rows) == SQLITE_ROW)
            {
              g_autofree char *key = g_strdup_printf ("%s %s", child->name, (const char *) sqlite3_column_text (rows, 0));
              Entry *removal = g_hash_table_lookup (self->deletions, key);

              all = removal != NULL && removal->action == ACTION_DELETE;
            }
        }
    }

  return all;
}

/* The deletion, in the document, of the record @entry belongs to (by a
 * cascading reference), if any. */
static Entry *
cascade_parent (ConcordMergePlan *self,
                Entry            *entry)
{
  sqlite3 *db = concord_workbook_get_db (self->workbook);
  g_autoptr(sqlite3_stmt) fks = NULL;
  Entry *found = NULL;

  sqlite3_prepare_v2 (db, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list (?1) "
                          "WHERE on_delete = 'CASCADE'", -1, &fks, NULL);
  sqlite3_bind_text (fks, 1, entry->table->name, -1, SQLITE_STATIC);
  while (found == NULL && sqlite3_step (fks) == SQLITE_ROW)
    {
      const char *parent = (const char *) sqlite3_column_text (fks, 1);
      g_autofree char *sql = g_strdup_printf ("SELECT p.uuid FROM %s AS c JOIN %s AS p ON p.id = c.%s WHERE c.id = ?1",
                                              entry->table->name, parent,
                                              (const char *) sqlite3_column_text (fks, 0));
      g_autoptr(sqlite3_stmt) row = NULL;

      sqlite3_prepare_v2 (db, sql, -1, &row, NULL);
      sqlite3_bind_int64 (row, 1, entry->local_id);
      if (sqlite3_step (row) == SQLITE_ROW)
        {
          g_autofree char *key = g_strdup_printf ("%s %s", parent, (const char *) sqlite3_column_text (row, 0));

          found = g_hash_table_lookup (self->deletions, key);
        }
    }

  return found;
}

/* A deletion the document tells of. */
static void
plan_removal (ConcordMergePlan *self,
              Entry            *entry)
{
  gboolean deleted = FALSE;
  ConcordDot mine;

  entry->local_id = concord_workbook_lookup_uuid (self->workbook, entry->table->name, entry->uuid);
  if (entry->local_id == 0)
    {
      gboolean adopt;

      /* Never here, or deleted here too: keep their tombstone, so a later
       * document still holding the record does not bring it back. */
      mine = concord_versions_lookup (self->workbook, entry->table->name, entry->uuid, "", &deleted);
      entry->action = ACTION_UNCHANGED;
      if (concord_dot_is_none (mine))
        entry->keep_tombstone = TRUE;
      else if (deleted)
        {
          decide (self, TRUE, mine, entry->tombstone, &adopt);
          entry->keep_tombstone = adopt;
        }
      return;
    }

  entry->local_uuid = local_uuid (self, entry->table, entry->local_id);
  mine = concord_versions_lookup (self->workbook, entry->table->name, entry->local_uuid, "", NULL);

  if (they_saw_record (self, entry) && children_go_too (self, entry))
    {
      entry->action = ACTION_DELETE;
      entry->keep_tombstone = TRUE;
    }
  else if (concord_vector_has_seen (self->our_vector, entry->tombstone))
    {
      /* We had seen their deletion and brought the record back since. */
      entry->action = ACTION_KEEP;
      add_item (self, self->kept, entry, CONCORD_CHANGE_DELETED_THERE, NULL,
                NULL, NULL, mine, entry->tombstone);
    }
  else
    {
      entry->action = ACTION_CONFLICT;
      entry->deleted_there = TRUE;
      add_item (self, self->conflicts, entry, CONCORD_CHANGE_DELETED_THERE, NULL,
                g_strdup (_("changed")), NULL, mine, entry->tombstone);
    }
}

/* Makes every field of a group that differs part of a conflict any of
 * them is in, so no choice stores half of a pair. */
static void
group_conflicts (ConcordMergePlan *self,
                 Entry            *entry,
                 GPtrArray        *mine)
{
  for (int g = 0; g < (int) G_N_ELEMENTS (field_groups); g++)
    {
      guint group = 0;

      for (guint i = 0; i < entry->fields->len && group == 0; i++)
        {
          FieldPlan *plan = &g_array_index (entry->fields, FieldPlan, i);
          Column *column = g_ptr_array_index (entry->table->columns, plan->column);

          if (plan->conflict != 0 && field_group (column->name) == g)
            group = plan->conflict;
        }
      if (group == 0)
        continue;

      for (guint i = 0; i < entry->fields->len; i++)
        {
          FieldPlan *plan = &g_array_index (entry->fields, FieldPlan, i);
          Column *column = g_ptr_array_index (entry->table->columns, plan->column);
          JsonNode *node = json_object_get_member (entry->object, column->export_name);
          ConcordConflict *conflict;

          if (field_group (column->name) != g)
            continue;

          if (plan->conflict == 0)
            {
              if (!plan->take && nodes_equal (g_ptr_array_index (mine, plan->column), node))
                continue;

              /* A field kept or taken alone would break the pair. */
              for (guint k = 0; k < self->kept->len; k++)
                {
                  ConcordConflict *kept = g_ptr_array_index (self->kept, k);

                  if (kept->table == entry->table->name && g_str_equal (kept->uuid, entry->uuid) &&
                      g_str_equal (kept->field, column->export_name))
                    {
                      g_ptr_array_remove_index (self->kept, k);
                      break;
                    }
                }
              plan->take = FALSE;
              add_item (self, self->conflicts, entry, CONCORD_CHANGE_FIELD, column,
                        format_value (self, column, g_ptr_array_index (mine, plan->column)),
                        format_value (self, column, node),
                        concord_versions_lookup (self->workbook, entry->table->name, entry->local_uuid,
                                                 column->name, NULL),
                        plan->theirs);
              plan->conflict = self->conflicts->len;
            }

          conflict = g_ptr_array_index (self->conflicts, plan->conflict - 1);
          conflict->group = group;
        }
    }
}

typedef struct
{
  const char *field;   /* interned; "" for the record */
  ConcordDot  dot;
  gboolean    deleted;
} OurDot;

/* Our dots of one record, read in one query instead of one per field. */
static GArray *
our_dots (ConcordMergePlan *self,
          Table            *table,
          const char       *uuid)
{
  static const char sql[] =
    "SELECT field, replica, counter, deleted FROM sync_versions WHERE tbl = ?1 AND uuid = ?2";
  sqlite3_stmt *stmt = concord_workbook_prepare (self->workbook, sql, NULL);
  GArray *dots = g_array_new (FALSE, FALSE, sizeof (OurDot));

  if (stmt == NULL)
    return dots;

  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      OurDot dot = { g_intern_string ((const char *) sqlite3_column_text (stmt, 0)),
                     { g_intern_string ((const char *) sqlite3_column_text (stmt, 1)),
                       sqlite3_column_int64 (stmt, 2) },
                     sqlite3_column_int (stmt, 3) != 0 };

      g_array_append_val (dots, dot);
    }
  sqlite3_reset (stmt);

  return dots;
}

/* As concord_versions_lookup(): the field's own dot, or the record's. */
static ConcordDot
our_dot (GArray     *dots,
         const char *field)
{
  ConcordDot record = CONCORD_DOT_NONE;

  for (guint i = 0; i < dots->len; i++)
    {
      OurDot *dot = &g_array_index (dots, OurDot, i);

      if (g_str_equal (dot->field, field))
        return dot->dot;
      if (*dot->field == '\0')
        record = dot->dot;
    }

  return record;
}

/* Decide what happens to one record of the document. */
static void
plan_entry (ConcordMergePlan *self,
            Entry            *entry)
{
  g_autoptr(GPtrArray) mine = NULL;
  gboolean any_take = FALSE, any_keep = FALSE;
  gboolean adopt;
  const char *mine_updated = NULL;
  const char *theirs_updated = json_object_get_string_member_with_default (entry->object, "updated_at", NULL);
  ConcordDot mine_record, theirs_record;
  gboolean by_key = FALSE;
  g_autoptr(GArray) dots = NULL;

  entry->fields = g_array_new (FALSE, TRUE, sizeof (FieldPlan));
  entry->local_id = concord_workbook_lookup_uuid (self->workbook, entry->table->name, entry->uuid);
  if (entry->local_id == 0)
    {
      entry->local_id = match_unique_key (self, entry);
      by_key = TRUE;
    }

  if (entry->local_id == 0)
    {
      g_autoptr(GArray) here = our_dots (self, entry->table, entry->uuid);
      gboolean deleted = FALSE;
      ConcordDot tombstone = CONCORD_DOT_NONE;

      for (guint i = 0; i < here->len; i++)
        if (*g_array_index (here, OurDot, i).field == '\0')
          {
            tombstone = g_array_index (here, OurDot, i).dot;
            deleted = g_array_index (here, OurDot, i).deleted;
          }

      if (!deleted || concord_vector_has_seen (self->their_vector, tombstone))
        entry->action = ACTION_ADD; /* new, or made again there after our deletion */
      else if (we_saw_record (self, entry))
        {
          entry->action = ACTION_KEEP;
          add_item (self, self->kept, entry, CONCORD_CHANGE_DELETED_HERE, NULL,
                    NULL, NULL, tombstone, their_dot (entry, NULL));
        }
      else
        {
          entry->action = ACTION_CONFLICT;
          entry->deleted_here = TRUE;
          add_item (self, self->conflicts, entry, CONCORD_CHANGE_DELETED_HERE, NULL,
                    NULL, g_strdup (_("changed")), tombstone, their_dot (entry, NULL));
        }
      return;
    }

  entry->local_uuid = by_key ? local_uuid (self, entry->table, entry->local_id) : g_strdup (entry->uuid);
  mine = local_values (self, entry->table, entry->local_id);
  dots = our_dots (self, entry->table, entry->local_uuid);
  for (guint c = 0; mine != NULL && c < entry->table->columns->len; c++)
    {
      Column *column = g_ptr_array_index (entry->table->columns, c);
      JsonNode *node = json_object_get_member (entry->object, column->export_name);
      FieldPlan plan = { c, their_dot (entry, column->export_name), FALSE, FALSE, 0 };
      ConcordDot mine_dot;
      Decision decision;

      if (g_str_equal (column->name, "updated_at"))
        mine_updated = json_node_get_string (g_ptr_array_index (mine, c));
      if (g_str_equal (column->name, "updated_at") || g_str_equal (column->name, "created_at"))
        continue;

      mine_dot = our_dot (dots, column->name);
      decision = decide (self, nodes_equal (g_ptr_array_index (mine, c), node), mine_dot, plan.theirs, &adopt);
      switch (decision)
        {
        case DECIDE_SAME:
          plan.adopt = adopt;
          break;
        case DECIDE_TAKE:
          plan.take = TRUE;
          any_take = TRUE;
          break;
        case DECIDE_KEEP:
          any_keep = TRUE;
          add_item (self, self->kept, entry, CONCORD_CHANGE_FIELD, column,
                    format_value (self, column, g_ptr_array_index (mine, c)), format_value (self, column, node),
                    mine_dot, plan.theirs);
          break;
        case DECIDE_CONFLICT:
          add_item (self, self->conflicts, entry, CONCORD_CHANGE_FIELD, column,
                    format_value (self, column, g_ptr_array_index (mine, c)), format_value (self, column, node),
                    mine_dot, plan.theirs);
          plan.conflict = self->conflicts->len;
          break;
        }
      if (decision != DECIDE_SAME || plan.adopt)
        g_array_append_val (entry->fields, plan);
    }

  if (mine != NULL)
    group_conflicts (self, entry, mine);

  /* The record's own dot, so both sides end with the same. */
  mine_record = our_dot (dots, "");
  theirs_record = their_dot (entry, NULL);
  decide (self, TRUE, mine_record, theirs_record, &adopt);
  entry->adopt_record = adopt && entry->versions != NULL && json_object_has_member (entry->versions, "");
  entry->record_theirs = theirs_record;

  /* Display only: the later of the two, which both sides agree on. */
  entry->newer_time = theirs_updated != NULL && g_strcmp0 (theirs_updated, mine_updated) > 0;

  if (entry->n_conflicts > 0)
    entry->action = ACTION_CONFLICT;
  else if (any_take)
    entry->action = ACTION_UPDATE;
  else if (any_keep)
    entry->action = ACTION_KEEP;
  else
    entry->action = ACTION_UNCHANGED;
}

/* "replica", "replicas", "partial": who sent the document and what they
 * had seen. A document from before versions has none of them. */
static gboolean
check_replicas (ConcordMergePlan  *self,
                JsonObject        *object,
                GError           **error)
{
  JsonNode *node = json_object_get_member (object, "partial");
  GList *ids;
  gboolean ok = TRUE;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return fail_at (self, object, "partial", error, _("“partial” should be true or false"));
      self->partial = json_node_get_boolean (node);
    }

  node = json_object_get_member (object, "replica");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
       !g_uuid_string_is_valid (json_node_get_string (node))))
    return fail_at (self, object, "replica", error, _("“replica” should be a UUID"));

  node = json_object_get_member (object, "replicas");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_at (self, object, "replicas", error, _("“replicas” should be an object, not %s"), node_kind (node));

  self->replicas = json_node_get_object (node);
  ids = json_object_get_members (self->replicas);
  for (GList *l = ids; l != NULL && ok; l = l->next)
    {
      JsonNode *replica = json_object_get_member (self->replicas, l->data);
      g_autofree char *path = g_strdup_printf ("replicas[\"%s\"]", (char *) l->data);
      JsonNode *counter = JSON_NODE_HOLDS_OBJECT (replica)
                          ? json_object_get_member (json_node_get_object (replica), "counter") : NULL;
      JsonNode *name = JSON_NODE_HOLDS_OBJECT (replica)
                       ? json_object_get_member (json_node_get_object (replica), "name") : NULL;

      if (!g_uuid_string_is_valid (l->data))
        ok = fail_at (self, self->replicas, path, error, _("“%s” is not a UUID"), (char *) l->data);
      else if (counter == NULL || !JSON_NODE_HOLDS_VALUE (counter) ||
               json_node_get_value_type (counter) != G_TYPE_INT64 || json_node_get_int (counter) < 0)
        ok = fail_at (self, self->replicas, path, error, _("a replica should have a “counter”, a whole number"));
      else if (name != NULL && (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING ||
                                strlen (json_node_get_string (name)) > 1000))
        ok = fail_at (self, self->replicas, path, error, _("a replica’s “name” should be short text"));
      else
        {
          concord_vector_set (self->their_vector, l->data, json_node_get_int (counter));
          if (name != NULL && !g_hash_table_contains (self->names, g_intern_string (l->data)))
            g_hash_table_insert (self->names, (gpointer) g_intern_string (l->data),
                                 g_strdup (json_node_get_string (name)));
        }
    }
  g_list_free (ids);

  return ok;
}

/* Their dots for one record: "" for the record, else its fields. */
static gboolean
check_dots_of (ConcordMergePlan         *self,
               Table                    *table,
               const char               *uuid,
               const Position           *position,
               const ConcordJsonMember  *dots,
               guint                     n_dots,
               GError                  **error)
{
  for (guint i = 0; i < n_dots; i++)
    {
      const char *field = dots[i].name;
      gboolean unknown = *field != '\0' && find_column (table, field) == NULL;
      ConcordDot dot;

      if (unknown || dots[i].kind != CONCORD_JSON_STRING || !concord_dot_parse (dots[i].string, &dot))
        {
          g_autofree char *field_path = g_strdup_printf ("versions.%s[\"%s\"].%s", table->name, uuid, field);
          g_autofree char *message = NULL;

          if (unknown)
            message = g_strdup_printf (_("records of “%s” have no field “%s”"), table->name, field);
          else
            message = g_strdup_printf (_("a version should be “REPLICA-UUID:COUNTER”, not %s"),
                                       member_kind (&dots[i]));
          return fail_at_position (self, position, field_path, error, message);
        }
    }

  return TRUE;
}

/* check_dots_of() and stage_dots() for a record's dots in the tree. */
static gboolean
check_record_dots (ConcordMergePlan  *self,
                   Table             *table,
                   const char        *uuid,
                   JsonObject        *versions,
                   GError           **error)
{
  g_autoptr(GArray) dots = object_members (versions);

  return check_dots_of (self, table, uuid, g_hash_table_lookup (self->positions, versions),
                        (const ConcordJsonMember *) (gpointer) dots->data, dots->len, error) &&
         stage_dots (self, table, uuid, (const ConcordJsonMember *) (gpointer) dots->data, dots->len, error);
}

/* "versions" (table -> uuid -> field -> dot) or "deleted" (table -> uuid
 * -> dot). */
static gboolean
check_dots (ConcordMergePlan  *self,
            JsonObject        *object,
            const char        *section,
            GError           **error)
{
  JsonNode *node = json_object_get_member (object, section);
  JsonObject *tables;
  GList *names;
  gboolean ok = TRUE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_at (self, object, section, error, _("“%s” should be an object, not %s"), section, node_kind (node));

  tables = json_node_get_object (node);
  names = json_object_get_members (tables);
  for (GList *l = names; l != NULL && ok; l = l->next)
    {
      JsonNode *records = json_object_get_member (tables, l->data);
      g_autofree char *path = g_strdup_printf ("%s.%s", section, (char *) l->data);
      Table *table = find_table (self->tables, l->data);
      gboolean is_meta = g_str_equal (l->data, "meta") && g_str_equal (section, "versions");
      GList *uuids;

      if (table == NULL && !is_meta)
        ok = fail_at (self, tables, path, error, _("there is no table “%s” in a workbook"), (char *) l->data);
      else if (!JSON_NODE_HOLDS_OBJECT (records))
        ok = fail_at (self, tables, path, error, _("“%s” should be an object keyed by UUID"), path);
      if (!ok)
        break;

      uuids = json_object_get_members (json_node_get_object (records));
      for (GList *u = uuids; u != NULL && ok; u = u->next)
        {
          JsonNode *value = json_object_get_member (json_node_get_object (records), u->data);
          g_autofree char *record_path = g_strdup_printf ("%s[\"%s\"]", path, (char *) u->data);
          JsonObject *where = json_node_get_object (records);
          ConcordDot dot;

          if (!is_meta && !g_uuid_string_is_valid (u->data))
            {
              ok = fail_at (self, where, record_path, error, _("“%s” is not a UUID"), (char *) u->data);
            }
          else if (is_meta || g_str_equal (section, "deleted"))
            {
              if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
                  !concord_dot_parse (json_node_get_string (value), &dot))
                ok = fail_at (self, where, record_path, error,
                              _("a version should be “REPLICA-UUID:COUNTER”, not %s"), node_kind (value));
              else if (!is_meta)
                {
                  g_autofree char *key = g_strdup_printf ("%s %s", table->name, (char *) u->data);
                  Entry *entry;

                  if (staged_find (self, table->name, u->data, NULL))
                    {
                      ok = fail_at (self, where, record_path, error,
                                    _("the record is both in the document and deleted"));
                      continue;
                    }
                  entry = g_new0 (Entry, 1);
                  entry->table = table;
                  entry->uuid = u->data;
                  entry->tombstone = dot;
                  g_hash_table_insert (self->deletions, g_steal_pointer (&key), entry);
                }
            }
          else if (!JSON_NODE_HOLDS_OBJECT (value))
            {
              ok = fail_at (self, where, record_path, error, _("versions should be an object of fields"));
            }
          else
            {
              ok = check_record_dots (self, table, u->data, json_node_get_object (value), error);
            }
        }
      g_list_free (uuids);
    }
  g_list_free (names);

  if (ok && g_str_equal (section, "versions"))
    {
      node = json_object_get_member (tables, "meta");
      self->versions = node ? json_node_get_object (node) : NULL;
    }

  return ok;
}

/* One record's fields: known, and each as its column allows. */
static gboolean
check_members (ConcordMergePlan         *self,
               Table                    *table,
               const char               *uuid,
               const Position           *position,
               const ConcordJsonMember  *members,
               guint                     n_members,
               const ConcordJsonMember **by_column,
               GError                  **error)
{
  const char *unknown = NULL;

  if (!record_columns (table, members, n_members, by_column, &unknown))
    {
      g_autofree char *field_path = g_strdup_printf ("tables.%s[\"%s\"].%s", table->name, uuid, unknown);
      g_autofree char *message = g_strdup_printf (_("records of “%s” have no field “%s”"), table->name, unknown);

      return fail_at_position (self, position, field_path, error, message);
    }

  for (guint c = 0; c < table->columns->len; c++)
    if (!check_value (self, table, uuid, position, g_ptr_array_index (table->columns, c), by_column[c], error))
      return FALSE;

  return TRUE;
}

static gboolean
check_record (ConcordMergePlan  *self,
              Table             *table,
              const char        *uuid,
              JsonObject        *record,
              GError           **error)
{
  g_autoptr(GArray) members = object_members (record);
  g_autofree const ConcordJsonMember **by_column = g_new (const ConcordJsonMember *, table->columns->len + 1);

  return check_members (self, table, uuid, g_hash_table_lookup (self->positions, record),
                        (const ConcordJsonMember *) (gpointer) members->data, members->len, by_column, error);
}

static gboolean
stage_object (ConcordMergePlan  *self,
              Table             *table,
              const char        *uuid,
              JsonObject        *record,
              GError           **error)
{
  g_autoptr(GArray) members = object_members (record);
  g_autofree const ConcordJsonMember **by_column = g_new (const ConcordJsonMember *, table->columns->len + 1);

  record_columns (table, (const ConcordJsonMember *) (gpointer) members->data, members->len, by_column, NULL);

  return stage_record (self, table, uuid, by_column, g_hash_table_lookup (self->positions, record), error);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp ((*(Entry * const *) a)->uuid, (*(Entry * const *) b)->uuid);
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
                    _("the document is version %" PRId64 "; this Concord reads version %d. "
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
          if (!stage_object (self, table, entry->uuid, entry->object, error))
            {
              g_list_free (uuids);
              g_list_free (names);
              return FALSE;
            }
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

          if (!check_record (self, table, entry->uuid, entry->object, error))
            {
              g_list_free (uuids);
              return FALSE;
            }
        }
      g_list_free (uuids);
    }

  if (!check_replicas (self, object, error) ||
      !check_dots (self, object, "versions", error) ||
      !check_dots (self, object, "deleted", error))
    return FALSE;

  /* Deletions children first, so a parent knows what goes with it. */
  for (guint t = self->tables->len; t-- > 0;)
    {
      Table *table = g_ptr_array_index (self->tables, t);
      GHashTableIter iter;
      gpointer value;
      g_autoptr(GPtrArray) found = g_ptr_array_new ();

      g_hash_table_iter_init (&iter, self->deletions);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (((Entry *) value)->table == table)
          g_ptr_array_add (found, value);
      g_ptr_array_sort (found, compare_entries);
      g_ptr_array_extend (self->removals, found, NULL, NULL);
    }

  return TRUE;
}

typedef struct
{
  const char *key;     /* owned by the parsed document */
  ConcordDot  theirs;
  gboolean    take;
  gboolean    adopt;
  guint       conflict; /* 1 + index into conflicts, or 0 */
} MetaPlan;

static ConcordConflict *
meta_item (ConcordMergePlan *self,
           GPtrArray        *list,
           const char       *key,
           char             *mine,
           char             *theirs,
           ConcordDot        mine_dot,
           ConcordDot        theirs_dot)
{
  ConcordConflict *conflict = g_new0 (ConcordConflict, 1);

  conflict->table = g_intern_static_string ("meta");
  conflict->uuid = g_strdup (key);
  conflict->kind = record_kind ("meta");
  conflict->label = g_strdup (key);
  conflict->field = g_strdup (key);
  conflict->field_label = field_label (NULL, key);
  conflict->mine = mine;
  conflict->theirs = theirs;
  conflict->mine_by = dot_author (self, mine_dot);
  conflict->theirs_by = dot_author (self, theirs_dot);
  conflict->resolution = list == self->kept ? CONCORD_RESOLVE_MINE : CONCORD_RESOLVE_UNSET;
  conflict->group = list == self->kept ? 0 : self->conflicts->len + 1;
  g_ptr_array_add (list, conflict);

  return conflict;
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
      MetaPlan plan = { key, CONCORD_DOT_NONE, FALSE, FALSE, 0 };
      ConcordDot mine_dot;

      if (is_private_meta (key) || theirs == NULL)
        continue;

      mine = concord_workbook_dup_meta (self->workbook, key);
      mine_dot = concord_versions_lookup (self->workbook, "meta", key, "value", NULL);
      if (self->versions != NULL && json_object_has_member (self->versions, key))
        concord_dot_parse (json_object_get_string_member (self->versions, key), &plan.theirs);

      /* An empty setting is a value like any other once an edit made it
       * (it has a dot); without one it is a default nobody chose, which
       * neither replaces a setting nor holds theirs back. */
      if (*theirs == '\0' && concord_dot_is_none (plan.theirs) && mine != NULL)
        continue;
      if (mine == NULL || (*mine == '\0' && *theirs != '\0' && concord_dot_is_none (mine_dot)))
        plan.take = TRUE; /* a setting we never made */
      else
        switch (decide (self, g_strcmp0 (mine, theirs) == 0, mine_dot, plan.theirs, &plan.adopt))
          {
          case DECIDE_SAME:
            break;
          case DECIDE_TAKE:
            plan.take = TRUE;
            break;
          case DECIDE_KEEP:
            meta_item (self, self->kept, key, g_strdup (mine), g_strdup (theirs), mine_dot, plan.theirs);
            break;
          case DECIDE_CONFLICT:
            meta_item (self, self->conflicts, key, g_strdup (mine), g_strdup (theirs), mine_dot, plan.theirs);
            plan.conflict = self->conflicts->len;
            break;
          }

      if (plan.take || plan.adopt || plan.conflict != 0)
        g_array_append_val (self->meta_plans, plan);
    }
  g_list_free (keys);
}

static ConcordMergePlan *
plan_new (ConcordWorkbook  *workbook,
          const char       *source_name,
          GError          **error)
{
  ConcordMergePlan *self = g_new0 (ConcordMergePlan, 1);

  self->workbook = g_object_ref (workbook);
  self->source = g_strdup (source_name ? source_name : "document");
  self->positions = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->open = g_array_new (FALSE, FALSE, sizeof (Position));
  self->tables = load_tables (workbook);
  self->by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->deletions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->local_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->removals = g_ptr_array_new ();
  self->conflicts = g_ptr_array_new_with_free_func (conflict_free);
  self->kept = g_ptr_array_new_with_free_func (conflict_free);
  self->names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->our_vector = concord_versions_load_vector (workbook, self->names);
  self->their_vector = concord_vector_new ();
  self->meta_plans = g_array_new (FALSE, FALSE, sizeof (MetaPlan));

  if (!open_stage (self, error))
    g_clear_pointer (&self, concord_merge_plan_free);

  return self;
}

static gboolean plan_document (ConcordMergePlan  *self,
                               JsonNode          *root,
                               GCancellable      *cancellable,
                               GError           **error);

/* The document whole in memory, checked by the guard and parsed by
 * json-glib: the words for whatever is wrong with it. */
static ConcordMergePlan *
plan_from_text (ConcordWorkbook  *workbook,
                const char       *data,
                gssize            length,
                const char       *source_name,
                GError          **error)
{
  g_autoptr(ConcordMergePlan) self = plan_new (workbook, source_name, error);
  g_autoptr(GError) parse_error = NULL;

  if (self == NULL)
    return NULL;
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

  if (!plan_document (self, json_parser_get_root (self->parser), NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
count_action (ConcordMergePlan *self,
              Entry            *entry,
              gboolean          removal)
{
  switch (entry->action)
    {
    case ACTION_ADD: self->n_added++; break;
    case ACTION_UPDATE: self->n_updated++; break;
    case ACTION_UNCHANGED: self->n_unchanged += removal ? 0 : 1; break;
    case ACTION_KEEP: self->n_kept++; break;
    case ACTION_DELETE: self->n_deleted++; break;
    case ACTION_CONFLICT: break;
    }
}

static void
entry_clear (Entry *entry)
{
  g_clear_pointer (&entry->fields, g_array_unref);
  g_clear_pointer (&entry->local_uuid, g_free);
  g_clear_pointer (&entry->own_uuid, g_free);
  g_clear_pointer (&entry->own_object, json_object_unref);
  g_clear_pointer (&entry->own_versions, json_object_unref);
}

/* Whether applying has anything to do for a planned record. */
static gboolean
entry_has_work (Entry *entry)
{
  if (entry->action == ACTION_ADD || entry->deleted_here)
    return TRUE;

  return entry->local_id != 0 &&
         (entry->adopt_record || entry->newer_time || (entry->fields != NULL && entry->fields->len > 0));
}

/* Every staged record, parents first and in the document's order, one
 * at a time: what applying it would do goes beside it on disk. */
static gboolean plan_records_in (ConcordMergePlan  *self,
                                  GCancellable      *cancellable,
                                  GError           **error);

static gboolean
plan_records (ConcordMergePlan  *self,
              GCancellable      *cancellable,
              GError           **error)
{
  sqlite3 *db = concord_workbook_get_db (self->workbook);
  gboolean in_edit = concord_workbook_in_edit (self->workbook);
  gboolean ok;

  /* One read transaction: one moment of the file, and no lock taken and
   * released for each of the many lookups. */
  if (!in_edit)
    sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  ok = plan_records_in (self, cancellable, error);
  if (!in_edit)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  return ok;
}

/* A table with no rows and no versions here has nothing to merge with:
 * every record the document holds for it is added, so none is planned
 * one by one. */
static gboolean
table_is_fresh (ConcordMergePlan *self,
                Table            *table)
{
  static const char sql[] = "SELECT 1 FROM sync_versions WHERE tbl = ?1 LIMIT 1";
  sqlite3_stmt *stmt = concord_workbook_prepare (self->workbook, sql, NULL);
  gboolean versions;

  if (stmt == NULL || concord_workbook_count (self->workbook, table->name) != 0)
    return FALSE;

  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  versions = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return !versions;
}

/* How many records the document holds for @table. */
static gint64
staged_count (ConcordMergePlan *self,
              Table            *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM r%u", table->index);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 count = -1;

  if (sqlite3_prepare_v2 (self->stage, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);

  return count;
}

static gboolean
plan_records_in (ConcordMergePlan  *self,
                 GCancellable      *cancellable,
                 GError           **error)
{
  for (guint t = 0; t < self->tables->len; t++)
    {
      Table *table = g_ptr_array_index (self->tables, t);
      g_autoptr(GString) sql = g_string_new ("SELECT seq, uuid, line, col");
      g_autoptr(sqlite3_stmt) stmt = NULL;
      guint n = 0;
      int rc;

      table->fresh = table_is_fresh (self, table);
      if (table->fresh)
        {
          gint64 count = staged_count (self, table);

          if (count < 0)
            return stage_failed (self, error);
          self->n_added += (guint) count;
          continue;
        }

      for (guint c = 0; c < table->columns->len; c++)
        g_string_append_printf (sql, ", c%u", c);
      g_string_append_printf (sql, " FROM r%u ORDER BY seq", table->index);
      if (sqlite3_prepare_v2 (self->stage, sql->str, -1, &stmt, NULL) != SQLITE_OK)
        return stage_failed (self, error);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          Entry entry = { 0, };
          gboolean ok = TRUE;

          if (++n % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;

          staged_entry (self, table, stmt, &entry);
          plan_entry (self, &entry);
          count_action (self, &entry, FALSE);

          /* Children find a record matched by another key under the document's uuid. */
          if (entry.local_id != 0 && g_strcmp0 (entry.local_uuid, entry.uuid) != 0)
            g_hash_table_insert (self->local_ids, g_strdup_printf ("%s %s", table->name, entry.uuid),
                                 g_memdup2 (&entry.local_id, sizeof entry.local_id));
          if (entry_has_work (&entry))
            ok = stage_plan (self, &entry, error);
          entry_clear (&entry);
          if (!ok)
            return FALSE;
        }
      if (rc != SQLITE_DONE)
        return stage_failed (self, error);
    }

  return TRUE;
}

/* What importing the parsed document would do. */
static gboolean
plan_document (ConcordMergePlan  *self,
               JsonNode          *root,
               GCancellable      *cancellable,
               GError           **error)
{
  if (!check_document (self, root, error) ||
      !plan_records (self, cancellable, error))
    return FALSE;

  for (guint i = 0; i < self->removals->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->removals, i);

      plan_removal (self, entry);
      count_action (self, entry, TRUE);
    }

  /* What belongs to a record follows it: a child's deletion waits for
   * the choice about its parent, and is counted with it. */
  for (guint i = self->removals->len; i-- > 0;)
    {
      Entry *entry = g_ptr_array_index (self->removals, i);
      Entry *parent = entry->action == ACTION_DELETE ? cascade_parent (self, entry) : NULL;

      if (parent == NULL)
        continue;
      if (parent->action == ACTION_CONFLICT || parent->parent_removal != NULL)
        entry->parent_removal = parent->parent_removal ? parent->parent_removal : parent;
      if (parent->action == ACTION_DELETE || entry->parent_removal != NULL)
        self->n_deleted--;
    }

  plan_meta (self);

  /* Only the checks ask which uuids the document holds: the room is the
   * apply's now, and the staging tables still know. */
  g_clear_pointer (&self->staged.slots, g_free);
  self->staged.size = self->staged.used = 0;
  self->staged.others = TRUE;

  return TRUE;
}

static void
on_read_object (JsonObject *object,
                int         line,
                int         column,
                gpointer    user_data)
{
  ConcordMergePlan *self = user_data;
  Position *position = g_new (Position, 1);

  position->line = line;
  position->column = column;
  g_hash_table_insert (self->positions, object, position);
}

typedef gboolean (*ReadFunc) (ConcordJsonReader  *reader,
                              gpointer            source,
                              GError            **error);

/* A record of "tables", or its dots in "versions", as soon as it is read:
 * staged and out of the tree when it passes every check. One that does
 * not stays where it is, for check_document() to say what is wrong with
 * it and where, just as when the document is read whole. */
static gboolean
take_record (const char * const       *path,
             const ConcordJsonMember  *members,
             guint                     n_members,
             int                       line,
             int                       column,
             gboolean                 *taken,
             gpointer                  user_data,
             GError                  **error)
{
  ConcordMergePlan *self = user_data;
  Position position = { line, column };
  g_autoptr(GError) invalid = NULL;
  Table *table;

  *taken = FALSE;
  if (path[0] == NULL || path[1] == NULL || path[2] == NULL || !concord_exchange_uuid_is_valid (path[2]))
    return TRUE;
  table = plan_table (self, path[1]);
  if (table == NULL)
    return TRUE;

  if (g_str_equal (path[0], "tables"))
    {
      const ConcordJsonMember **by_column = g_newa (const ConcordJsonMember *, table->columns->len + 1);

      if (!check_members (self, table, path[2], &position, members, n_members, by_column, &invalid))
        return TRUE;
      *taken = stage_record (self, table, path[2], by_column, &position, error);
    }
  else if (g_str_equal (path[0], "versions"))
    {
      if (!check_dots_of (self, table, path[2], &position, members, n_members, &invalid))
        return TRUE;
      *taken = stage_dots (self, table, path[2], members, n_members, error);
    }
  else
    return TRUE;

  return *taken;
}

/* The document read in pieces, never whole; NULL when it is refused
 * (then plan_from_text() says why) or @read fails (@error is set). */
static ConcordMergePlan *
plan_from_reader (ConcordWorkbook  *workbook,
                  const char       *source_name,
                  ReadFunc          read,
                  gpointer          source,
                  GCancellable     *cancellable,
                  gboolean         *refused,
                  GError          **error)
{
  g_autoptr(ConcordMergePlan) self = plan_new (workbook, source_name, error);
  g_autoptr(ConcordJsonReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;

  *refused = FALSE;
  if (self == NULL)
    return NULL;

  reader = concord_json_reader_new (CONCORD_JSON_MAX_DEPTH, on_read_object, self);
  /* root -> "tables" or "versions" -> table -> record */
  concord_json_reader_set_take (reader, 4, take_record, self);
  if (!read (reader, source, &local_error))
    {
      *refused = g_error_matches (local_error, CONCORD_ERROR, CONCORD_ERROR_PARSE);
      if (!*refused)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self->root = concord_json_reader_finish (reader, NULL);
  *refused = self->root == NULL;
  if (*refused)
    return NULL;

  if (!plan_document (self, self->root, cancellable, &local_error))
    {
      /* A uuid twice in one table: the guard has the words for it. */
      *refused = self->duplicate;
      if (!*refused)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}

static gboolean
read_data (ConcordJsonReader  *reader,
           gpointer            source,
           GError            **error)
{
  GBytes *bytes = source;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  return concord_json_reader_feed (reader, data, length, error);
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
  g_autoptr(GBytes) bytes = NULL;
  ConcordMergePlan *plan;
  gboolean refused = FALSE;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  bytes = g_bytes_new_static (data, length);
  plan = plan_from_reader (workbook, source_name, read_data, bytes, NULL, &refused, error);
  if (plan == NULL && refused)
    return plan_from_text (workbook, data, length, source_name, error);

  return plan;
}

typedef struct
{
  GInputStream        *stream;
  goffset              size;
  goffset              done;
  GCancellable        *cancellable;
  ConcordProgressFunc  progress;
  gpointer             user_data;
} ReadStream;

static gboolean
read_stream (ConcordJsonReader  *reader,
             gpointer            source,
             GError            **error)
{
  ReadStream *read = source;
  g_autofree char *buffer = g_malloc (64 * 1024);
  gssize n;

  while ((n = g_input_stream_read (read->stream, buffer, 64 * 1024, read->cancellable, error)) > 0)
    {
      if (!concord_json_reader_feed (reader, buffer, n, error))
        return FALSE;
      read->done += n;
      if (read->progress != NULL && read->size > 0)
        read->progress (MIN (1.0, (double) read->done / read->size), read->user_data);
    }

  return n == 0;
}

typedef struct
{
  ConcordPieceFunc next;
  gpointer         user_data;
} ReadPieces;

static gboolean
read_pieces (ConcordJsonReader  *reader,
             gpointer            source,
             GError            **error)
{
  ReadPieces *read = source;

  for (;;)
    {
      const char *data = NULL;
      gsize length = 0;

      if (!read->next (&data, &length, read->user_data, error))
        return FALSE;
      if (length == 0)
        return TRUE;
      if (!concord_json_reader_feed (reader, data, length, error))
        return FALSE;
    }
}

/**
 * concord_merge_plan_new_from_pieces:
 * @next: hands over the document, piece by piece, as it comes
 * @source_name: how to name the document in messages
 * @refused: (out): set when the document itself is refused; @error is
 *   not set then: a caller that can give the text whole asks
 *   concord_merge_plan_new_from_data() for the words
 *
 * As concord_merge_plan_new_from_data(), for a document that is never
 * whole in memory: each record is set aside as soon as it is read.
 */
ConcordMergePlan *
concord_merge_plan_new_from_pieces (ConcordWorkbook  *workbook,
                                    ConcordPieceFunc  next,
                                    gpointer          user_data,
                                    const char       *source_name,
                                    gboolean         *refused,
                                    GError          **error)
{
  ReadPieces read = { next, user_data };

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (next != NULL, NULL);
  g_return_val_if_fail (refused != NULL, NULL);

  return plan_from_reader (workbook, source_name, read_pieces, &read, NULL, refused, error);
}

ConcordMergePlan *
concord_merge_plan_new_from_file (ConcordWorkbook  *workbook,
                                  const char       *path,
                                  GError          **error)
{
  return concord_merge_plan_new_from_file_full (workbook, path, NULL, NULL, NULL, error);
}

/**
 * concord_merge_plan_new_from_file_full:
 * @cancellable: (nullable): checked between pieces of the file
 * @progress: (nullable): told the share of the file read so far
 *
 * The file is read in pieces, never whole, unless it is refused: then
 * it is read again whole to say why.
 */
ConcordMergePlan *
concord_merge_plan_new_from_file_full (ConcordWorkbook      *workbook,
                                       const char           *path,
                                       GCancellable         *cancellable,
                                       ConcordProgressFunc   progress,
                                       gpointer              user_data,
                                       GError              **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  ConcordMergePlan *plan = NULL;
  gboolean refused = FALSE;
  gsize length = 0;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream != NULL)
    {
      ReadStream read = { G_INPUT_STREAM (stream), 0, 0, cancellable, progress, user_data };

      info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
      if (info != NULL)
        read.size = g_file_info_get_size (info);
      plan = plan_from_reader (workbook, path, read_stream, &read, cancellable, &refused, &local_error);
    }
  if (plan != NULL)
    return plan;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (!refused && local_error != NULL && local_error->domain != G_IO_ERROR))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Refused, or unreadable: the whole text says why in the usual words. */
  g_clear_error (&local_error);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return NULL;
    }

  return plan_from_text (workbook, contents, length, path, error);
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
guint concord_merge_plan_get_n_kept (ConcordMergePlan *self) { return self->kept->len; }
guint concord_merge_plan_get_n_deleted (ConcordMergePlan *self) { return self->n_deleted; }

/**
 * concord_merge_plan_get_conflicts:
 *
 * Returns: (transfer none) (element-type ConcordConflict): set each
 *   conflict's resolution before applying, with
 *   concord_merge_plan_resolve() so fields that belong together follow.
 */
GPtrArray *
concord_merge_plan_get_conflicts (ConcordMergePlan *self)
{
  return self->conflicts;
}

/**
 * concord_merge_plan_get_kept:
 *
 * Returns: (transfer none) (element-type ConcordConflict): what stays as
 *   it is here because ours is the newer, one item per field or record
 */
GPtrArray *
concord_merge_plan_get_kept (ConcordMergePlan *self)
{
  return self->kept;
}

/**
 * concord_merge_plan_resolve:
 * @index: of a conflict
 *
 * Resolves the conflict and every one of its group.
 */
void
concord_merge_plan_resolve (ConcordMergePlan  *self,
                            guint              index,
                            ConcordResolution  resolution)
{
  ConcordConflict *chosen;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->conflicts->len);

  chosen = g_ptr_array_index (self->conflicts, index);
  for (guint i = 0; i < self->conflicts->len; i++)
    {
      ConcordConflict *conflict = g_ptr_array_index (self->conflicts, i);

      if (conflict->group == chosen->group)
        conflict->resolution = resolution;
    }
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
  return g_strdup_printf (ngettext ("%u added, %u updated, %u deleted, %u unchanged, %u kept as they are here, %u conflict",
                                    "%u added, %u updated, %u deleted, %u unchanged, %u kept as they are here, %u conflicts",
                                    self->conflicts->len),
                          self->n_added, self->n_updated, self->n_deleted, self->n_unchanged,
                          self->kept->len, self->conflicts->len);
}

static char *
quoted_side (const char *value,
             const char *by)
{
  g_autofree char *text = value ? g_strdup_printf (_("“%s”"), value) : g_strdup (_("empty"));

  if (by == NULL)
    return g_steal_pointer (&text);

  /* TRANSLATORS: a value and who set it: “Signed” (Ann Lee) */
  return g_strdup_printf (_("%s (%s)"), text, by);
}

/**
 * concord_conflict_describe:
 *
 * One line for people: "Glossary term MQL — Definition: here “…” (Ann),
 * there “…” (Ben)". The CLI prints it; the dialog shows the same words.
 */
char *
concord_conflict_describe (const ConcordConflict *conflict)
{
  g_autofree char *here = NULL;
  g_autofree char *there = NULL;

  g_return_val_if_fail (conflict != NULL, NULL);

  switch (conflict->change)
    {
    case CONCORD_CHANGE_DELETED_HERE:
      return conflict->theirs_by
             ? g_strdup_printf (_("%s %s — deleted here, changed there by %s"),
                                conflict->kind, conflict->label, conflict->theirs_by)
             : g_strdup_printf (_("%s %s — deleted here, changed there"), conflict->kind, conflict->label);

    case CONCORD_CHANGE_DELETED_THERE:
      return conflict->theirs_by
             ? g_strdup_printf (_("%s %s — changed here, deleted there by %s"),
                                conflict->kind, conflict->label, conflict->theirs_by)
             : g_strdup_printf (_("%s %s — changed here, deleted there"), conflict->kind, conflict->label);

    case CONCORD_CHANGE_FIELD:
    default:
      here = quoted_side (conflict->mine, conflict->mine_by);
      there = quoted_side (conflict->theirs, conflict->theirs_by);
      return g_strdup_printf (_("%s %s — %s: here %s, there %s"), conflict->kind, conflict->label,
                              conflict->field_label, here, there);
    }
}

/* Records matched by a natural key keep their local id under the
 * document's uuid; the rest, and what the import adds, are found by it. */
static gint64
resolve_reference (ConcordMergePlan *self,
                   const char       *table,
                   const char       *uuid)
{
  gpointer id = NULL;

  if (g_hash_table_size (self->local_ids) > 0)
    {
      g_autofree char *key = g_strdup_printf ("%s %s", table, uuid);

      id = g_hash_table_lookup (self->local_ids, key);
    }
  if (id != NULL)
    return *(gint64 *) id;

  return concord_workbook_lookup_uuid (self->workbook, table, uuid);
}

/* Fields of @entry as they will be written; @only limits them to the
 * conflicts resolved in favour of the document. FALSE with no error
 * means a required parent stays deleted here, so the record is skipped. */
static gboolean
entry_fields (ConcordMergePlan  *self,
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
          gint64 id = resolve_reference (self, column->parent, json_node_get_string (node));

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
refused (ConcordMergePlan  *self,
         Entry             *entry,
         GError           **error)
{
  g_autofree char *path = g_strdup_printf ("tables.%s[\"%s\"]", entry->table->name, entry->uuid);
  g_autofree char *reason = g_strdup ((*error)->message);

  g_clear_error (error);

  g_autofree char *message = g_strdup_printf (_("the workbook refused this record: %s"), reason);

  return fail_at_position (self, entry->position.line > 0 ? &entry->position : NULL, path, error, message);
}

/* Their dots for a record we add as theirs. */
static gboolean
copy_record_dots (ConcordMergePlan  *self,
                  Entry             *entry,
                  GError           **error)
{
  GList *members;
  gboolean ok = TRUE;

  if (entry->versions == NULL)
    return TRUE;

  members = json_object_get_members (entry->versions);
  for (GList *l = members; l != NULL && ok; l = l->next)
    {
      Column *column = *(char *) l->data ? find_column (entry->table, l->data) : NULL;
      ConcordDot dot;

      if (concord_dot_parse (json_object_get_string_member (entry->versions, l->data), &dot))
        ok = concord_versions_set (self->workbook, entry->table->name, entry->uuid,
                                   column ? column->name : "", dot, FALSE, error);
    }
  g_list_free (members);

  return ok;
}

static ConcordResolution
resolution_of (ConcordMergePlan *self,
               guint             conflict)
{
  return ((ConcordConflict *) g_ptr_array_index (self->conflicts, conflict - 1))->resolution;
}

static gboolean
add_entry (ConcordMergePlan  *self,
           Entry             *entry,
           gboolean           copy_dots,
           GError           **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  gint64 id;

  if (!entry_fields (self, entry, NULL, fields))
    return TRUE; /* its parent stays deleted here */

  concord_fields_set_string (fields, "uuid", entry->uuid);
  id = concord_workbook_insert (self->workbook, entry->table->name, fields, error);
  if (id <= 0)
    return refused (self, entry, error);

  /* Without their dots, the commit gives the record a new one of ours. */
  return !copy_dots || copy_record_dots (self, entry, error);
}

static gboolean
apply_entry (ConcordMergePlan  *self,
             Entry             *entry,
             GError           **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GHashTable) only = g_hash_table_new (g_str_hash, g_str_equal);
  const char *uuid = entry->local_uuid;
  gboolean ok = TRUE;

  if (entry->action == ACTION_ADD)
    return add_entry (self, entry, TRUE, error);

  if (entry->deleted_here)
    {
      /* Theirs brings it back, as a new edit; mine keeps it deleted, as one too. */
      if (resolution_of (self, entry->first_conflict + 1) == CONCORD_RESOLVE_THEIRS)
        return add_entry (self, entry, FALSE, error);
      return concord_versions_mint (self->workbook, entry->table->name, entry->uuid, "", TRUE, error);
    }

  if (entry->fields == NULL || entry->local_id == 0)
    return TRUE;

  /* Moving the record's own dot would move every field without one. */
  if (entry->adopt_record)
    ok = concord_versions_materialize (self->workbook, entry->table->name, uuid, error) &&
         concord_versions_set (self->workbook, entry->table->name, uuid, "", entry->record_theirs, FALSE, error);

  for (guint i = 0; ok && i < entry->fields->len; i++)
    {
      FieldPlan *plan = &g_array_index (entry->fields, FieldPlan, i);
      Column *column = g_ptr_array_index (entry->table->columns, plan->column);

      if (plan->take)
        {
          g_hash_table_add (only, column->export_name);
          if (!concord_dot_is_none (plan->theirs))
            ok = concord_versions_set (self->workbook, entry->table->name, uuid, column->name,
                                       plan->theirs, FALSE, error);
        }
      else if (plan->conflict != 0 && resolution_of (self, plan->conflict) == CONCORD_RESOLVE_THEIRS)
        g_hash_table_add (only, column->export_name); /* the commit gives it a new dot */
      else if (plan->conflict != 0)
        ok = concord_versions_mint (self->workbook, entry->table->name, uuid, column->name, FALSE, error);
      else if (plan->adopt)
        ok = concord_versions_set (self->workbook, entry->table->name, uuid, column->name,
                                   plan->theirs, FALSE, error);
    }

  if (ok && entry->newer_time)
    g_hash_table_add (only, (gpointer) "updated_at");
  if (!ok || g_hash_table_size (only) == 0)
    return ok;

  if (!entry_fields (self, entry, only, fields))
    return TRUE; /* a parent stays deleted here */

  /* updated_at is the later of the two, never now: it is only shown. */
  if (!entry->newer_time)
    {
      g_autoptr(ConcordRecord) record = concord_workbook_get_record (self->workbook, entry->table->name,
                                                                     entry->local_id, NULL);

      if (record != NULL && concord_record_get_string (record, "updated_at") != NULL)
        concord_fields_set_string (fields, "updated_at", concord_record_get_string (record, "updated_at"));
    }

  if (!concord_workbook_update (self->workbook, entry->table->name, entry->local_id, fields, error))
    return refused (self, entry, error);

  return TRUE;
}

static gboolean
apply_removal (ConcordMergePlan  *self,
               Entry             *entry,
               GError           **error)
{
  Entry *parent = entry->parent_removal;
  gboolean theirs = entry->deleted_there &&
                    resolution_of (self, entry->first_conflict + 1) == CONCORD_RESOLVE_THEIRS;

  if ((entry->deleted_there && !theirs) ||
      (parent != NULL && resolution_of (self, parent->first_conflict + 1) == CONCORD_RESOLVE_MINE))
    {
      /* Kept: the whole record is asserted again, newer than their deletion. */
      return concord_versions_clear_fields (self->workbook, entry->table->name, entry->local_uuid, error) &&
             concord_versions_mint (self->workbook, entry->table->name, entry->local_uuid, "", FALSE, error);
    }

  if (entry->keep_tombstone &&
      !concord_versions_set (self->workbook, entry->table->name, entry->uuid, "", entry->tombstone, TRUE, error))
    return FALSE;

  if ((entry->action == ACTION_DELETE || theirs) &&
      !concord_workbook_delete (self->workbook, entry->table->name, entry->local_id, error))
    return refused (self, entry, error);

  return TRUE;
}

static gboolean
apply_meta (ConcordMergePlan  *self,
            GError           **error)
{
  for (guint i = 0; i < self->meta_plans->len; i++)
    {
      MetaPlan *plan = &g_array_index (self->meta_plans, MetaPlan, i);
      const char *theirs = json_object_get_string_member (self->meta, plan->key);
      gboolean ok = TRUE;

      if (plan->conflict != 0 && resolution_of (self, plan->conflict) == CONCORD_RESOLVE_MINE)
        ok = concord_versions_mint (self->workbook, "meta", plan->key, "value", FALSE, error);
      else if (plan->conflict != 0 || plan->take)
        ok = concord_workbook_set_meta (self->workbook, plan->key, theirs, error);

      if (ok && (plan->take || plan->adopt) && !concord_dot_is_none (plan->theirs))
        ok = concord_versions_set (self->workbook, "meta", plan->key, "value", plan->theirs, FALSE, error);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* We have now seen all they had. A part tells nothing of the rest. */
static gboolean
apply_vector (ConcordMergePlan  *self,
              GError           **error)
{
  GHashTableIter iter;
  gpointer replica, counter;

  if (self->partial)
    return TRUE;

  g_hash_table_iter_init (&iter, self->their_vector);
  while (g_hash_table_iter_next (&iter, &replica, &counter))
    if (!concord_versions_see (self->workbook, replica, *(gint64 *) counter,
                               g_hash_table_lookup (self->names, replica), error))
      return FALSE;

  return TRUE;
}

/* The action a staged plan holds: its first member. */
static Action
staged_action (sqlite3_stmt *stmt,
               int           index)
{
  g_autoptr(GVariant) plan = g_variant_ref_sink (g_variant_new_from_data (G_VARIANT_TYPE (PLAN_TYPE),
                                                                          sqlite3_column_blob (stmt, index),
                                                                          sqlite3_column_bytes (stmt, index),
                                                                          FALSE, NULL, NULL));
  guint32 action = 0;

  g_variant_get_child (plan, 0, "u", &action);

  return (Action) action;
}

/* A table that gets at least this many records in bulk builds its plain
 * indexes once after them. */
#define BULK_INDEX_ROWS 2000

/* One of their dots ("replica:counter") for a record added in bulk,
 * bound from @first on as (tbl, uuid, field, replica, counter, deleted);
 * FALSE for none to write. */
static gboolean
bind_dot (Table        *table,
          const char   *uuid,
          const char   *field,
          const char   *dot,
          sqlite3_stmt *stmt,
          int           first)
{
  const char *colon = dot != NULL ? strrchr (dot, ':') : NULL;
  Column *column = field != NULL && *field ? find_column (table, field) : NULL;
  gint64 counter = colon != NULL ? g_ascii_strtoll (colon + 1, NULL, 10) : 0;

  /* Checked when the document was read. */
  if (counter <= 0)
    return FALSE;

  sqlite3_bind_text (stmt, first, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, first + 2, column ? column->name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 3, dot, (int) (colon - dot), SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, first + 4, counter);
  sqlite3_bind_int (stmt, first + 5, 0);

  return TRUE;
}

static gboolean
copy_dot (ConcordMergePlan  *self,
          Table             *table,
          const char        *uuid,
          const char        *field,
          const char        *dot,
          sqlite3_stmt      *upsert,
          GError           **error)
{
  return !bind_dot (table, uuid, field, dot, upsert, 1) ||
         concord_workbook_step_done (self->workbook, upsert, error);
}

/* Their dots of one record added in bulk, as copy_record_dots() writes
 * them, with one prepared statement. */
static gboolean
bulk_copy_dots (ConcordMergePlan  *self,
                Table             *table,
                const char        *uuid,
                sqlite3_stmt      *upsert,
                GError           **error)
{
  sqlite3_stmt *find = self->stage_dots_find;
  gboolean ok = TRUE;

  sqlite3_bind_int (find, 1, table->index);
  sqlite3_bind_text (find, 2, uuid, -1, SQLITE_STATIC);
  while (ok && sqlite3_step (find) == SQLITE_ROW)
    ok = copy_dot (self, table, uuid, (const char *) sqlite3_column_text (find, 0),
                   (const char *) sqlite3_column_text (find, 1), upsert, error);
  sqlite3_reset (find);

  return ok;
}

/* Dots copied in bulk go in this many rows to a statement. */
#define BULK_DOTS 64

/* Their dots of every record of a fresh table but @skipped, in one pass
 * over the staged dots, in their order, BULK_DOTS to a statement.
 *
 * A fresh table had no versions here, so these rows replace none: a plain
 * INSERT, not an upsert, and OR FAIL. Either way no statement of them can
 * stop half-way with rows of its own to take back (an upsert's update
 * and an ABORT can), so SQLite keeps no statement journal for them: that
 * was a copy of every page each one changed, more bytes than the file.
 * A row that fails still fails the whole import, which rolls back. */
static gboolean
bulk_copy_table_dots (ConcordMergePlan  *self,
                      Table             *table,
                      GHashTable        *skipped,
                      GError           **error)
{
  g_autoptr(sqlite3_stmt) scan = NULL;
  g_autoptr(GString) sql = g_string_new ("INSERT OR FAIL INTO sync_versions (tbl, uuid, field, replica, counter, deleted) "
                                         "SELECT * FROM (");
  const int limit = BULK_DOTS * 6 + 1;
  sqlite3_stmt *insert;
  gboolean ok = TRUE;
  int rc = SQLITE_DONE;
  int n = 0;

  concord_sql_append_rows (sql, BULK_DOTS, 6, NULL);
  g_string_append_printf (sql, ") LIMIT ?%d", limit);
  if ((insert = concord_workbook_prepare (self->workbook, sql->str, error)) == NULL)
    return FALSE;

  if (sqlite3_prepare_v2 (self->stage, "SELECT uuid, field, dot FROM dots WHERE tbl = ?1", -1, &scan, NULL) != SQLITE_OK)
    return stage_failed (self, error);
  sqlite3_bind_int (scan, 1, table->index);
  while (ok && (rc = sqlite3_step (scan)) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (scan, 0);

      if (g_hash_table_contains (skipped, uuid) ||
          !bind_dot (table, uuid, (const char *) sqlite3_column_text (scan, 1),
                     (const char *) sqlite3_column_text (scan, 2), insert, n * 6 + 1))
        continue;
      if (++n == BULK_DOTS)
        {
          sqlite3_bind_int (insert, limit, n);
          ok = concord_workbook_step_done (self->workbook, insert, error);
          n = 0;
        }
    }
  if (ok && n > 0)
    {
      sqlite3_bind_int (insert, limit, n);
      ok = concord_workbook_step_done (self->workbook, insert, error);
    }
  sqlite3_clear_bindings (insert);
  if (ok && rc != SQLITE_DONE)
    return stage_failed (self, error);

  return ok;
}

/* Records added in bulk go in this many rows to a statement: the
 * schema's IN (…) checks build their lists once per statement, not once
 * per row. */
#define BULK_BATCH 64

/* The rows bound in a bulk batch and not yet written. */
typedef struct
{
  Table        *table;
  sqlite3_stmt *insert;     /* BULK_BATCH rows, ?limit of them from ?limit+1 on */
  sqlite3_stmt *upsert;
  int           width;      /* parameters a row takes */
  int           limit;
  guint         n;
  char         *uuids[BULK_BATCH];
  int           lines[BULK_BATCH];
  int           cols[BULK_BATCH];
} BulkBatch;

static void
bulk_batch_clear (BulkBatch *batch)
{
  for (guint i = 0; i < batch->n; i++)
    g_clear_pointer (&batch->uuids[i], g_free);
  batch->n = 0;
}

/* Writes the rows waiting in one statement. When it fails, the rows
 * again one by one (the same bindings, one row from each offset) find
 * the record to name, with the message a row alone gets. */
static gboolean
bulk_flush (ConcordMergePlan  *self,
            BulkBatch         *batch,
            GError           **error)
{
  sqlite3_stmt *insert = batch->insert;
  gint64 first;
  int rc;

  if (batch->n == 0)
    return TRUE;

  sqlite3_bind_int (insert, batch->limit, (int) batch->n);
  sqlite3_bind_int (insert, batch->limit + 1, 0);
  rc = sqlite3_step (insert);
  sqlite3_reset (insert);
  if (rc != SQLITE_DONE)
    {
      for (guint i = 0; i < batch->n; i++)
        {
          sqlite3_bind_int (insert, batch->limit, 1);
          sqlite3_bind_int (insert, batch->limit + 1, (int) i);
          if (!concord_workbook_step_done (self->workbook, insert, error))
            {
              Entry entry = { 0, };

              entry.table = batch->table;
              entry.uuid = batch->uuids[i];
              entry.position.line = batch->lines[i];
              entry.position.column = batch->cols[i];
              return refused (self, &entry, error);
            }
        }
      concord_workbook_set_error (self->workbook, rc, error, _("Could not save the change"));
      return FALSE;
    }

  /* A table empty here numbers the rows of one statement in order. */
  first = sqlite3_last_insert_rowid (concord_workbook_get_db (self->workbook)) - batch->n + 1;
  for (guint i = 0; i < batch->n; i++)
    {
      if (batch->table->referenced)
        uuid_set_put (&self->written, batch->table->index, batch->uuids[i], TRUE, first + i);
      if (!batch->table->fresh && !bulk_copy_dots (self, batch->table, batch->uuids[i], batch->upsert, error))
        return FALSE;
    }
  bulk_batch_clear (batch);

  return TRUE;
}

/* The records added to a table that was empty, written in bulk (see
 * concord_workbook_begin_untracked_inserts()): up to BULK_BATCH rows to a
 * prepared INSERT, the references found by uuid with one prepared lookup
 * per column, their dots with one statement. The rest of the table's plan
 * follows with the session recording. */
static gboolean
bulk_add_records (ConcordMergePlan  *self,
                  Table             *table,
                  sqlite3_stmt      *stmt,
                  GError           **error)
{
  static const char upsert_sql[] =
    "INSERT INTO sync_versions (tbl, uuid, field, replica, counter, deleted) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tbl, uuid, field) DO UPDATE SET "
    "replica = excluded.replica, counter = excluded.counter, deleted = excluded.deleted";
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) lookups = g_ptr_array_new ();
  g_autoptr(GPtrArray) parents = g_ptr_array_new ();
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GHashTable) skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean use_local_ids = g_hash_table_size (self->local_ids) > 0;
  BulkBatch batch = { 0, };
  gboolean ok = TRUE;
  int plan_index = 4 + (int) table->columns->len;
  int rc = SQLITE_DONE;

  batch.table = table;
  batch.width = 1 + (int) table->columns->len;
  batch.limit = BULK_BATCH * batch.width + 1;

  /* Names from the schema. */
  g_string_printf (sql, "INSERT INTO main.%s (uuid", table->name);
  for (guint c = 0; c < table->columns->len; c++)
    g_string_append_printf (sql, ", %s", ((Column *) g_ptr_array_index (table->columns, c))->name);
  g_string_append (sql, ") SELECT * FROM (");
  concord_sql_append_rows (sql, BULK_BATCH, batch.width, NULL);
  g_string_append_printf (sql, ") LIMIT ?%d OFFSET ?%d", batch.limit, batch.limit + 1);

  if ((batch.insert = concord_workbook_prepare (self->workbook, sql->str, error)) == NULL ||
      (batch.upsert = concord_workbook_prepare (self->workbook, upsert_sql, error)) == NULL)
    return FALSE;

  for (guint c = 0; c < table->columns->len; c++)
    {
      Column *column = g_ptr_array_index (table->columns, c);
      sqlite3_stmt *lookup = NULL;

      if (column->parent != NULL)
        {
          g_autofree char *find = g_strdup_printf ("SELECT id FROM main.%s WHERE uuid = ?1", column->parent);

          if ((lookup = concord_workbook_prepare (self->workbook, find, error)) == NULL)
            return FALSE;
        }
      g_ptr_array_add (lookups, lookup);
      g_ptr_array_add (parents, column->parent != NULL ? find_table (self->tables, column->parent) : NULL);
    }

  /* Many rows: each plain index built once after them, not searched per row. */
  if (staged_count (self, table) >= BULK_INDEX_ROWS)
    {
      dropped = g_ptr_array_new_with_free_func (g_free);
      if (!concord_workbook_drop_plain_indexes (self->workbook, table->name, dropped, error))
        return FALSE;
    }

  if (!concord_workbook_begin_untracked_inserts (self->workbook, table->name, error))
    return FALSE;

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 1);
      sqlite3_stmt *insert = batch.insert;
      int base = (int) batch.n * batch.width;
      gboolean skip = FALSE;

      if (!table->fresh && staged_action (stmt, plan_index) != ACTION_ADD)
        continue;

      /* A record naming one of its own table finds it written. */
      for (guint c = 0; c < table->columns->len && batch.n > 0; c++)
        if (g_ptr_array_index (parents, c) == table && sqlite3_column_type (stmt, 4 + (int) c) != SQLITE_NULL)
          {
            if (!bulk_flush (self, &batch, error))
              {
                ok = FALSE;
                break;
              }
            base = 0;
          }
      if (!ok)
        break;

      sqlite3_bind_text (insert, base + 1, uuid, -1, SQLITE_TRANSIENT);
      for (guint c = 0; c < table->columns->len && !skip; c++)
        {
          Column *column = g_ptr_array_index (table->columns, c);
          sqlite3_stmt *lookup = g_ptr_array_index (lookups, c);
          int i = 4 + (int) c;
          int p = base + (int) c + 2;
          int type = sqlite3_column_type (stmt, i);

          if (type == SQLITE_NULL)
            sqlite3_bind_null (insert, p);
          else if (lookup != NULL)
            {
              const char *parent = (const char *) sqlite3_column_text (stmt, i);
              Table *parent_table = g_ptr_array_index (parents, c);
              /* What this import added is known without a search. */
              gint64 id = parent_table != NULL ? uuid_set_lookup_id (&self->written, parent_table->index, parent) : 0;

              if (id == 0 && use_local_ids)
                id = resolve_reference (self, column->parent, parent);
              else if (id == 0)
                {
                  sqlite3_bind_text (lookup, 1, parent, -1, SQLITE_STATIC);
                  if (sqlite3_step (lookup) == SQLITE_ROW)
                    id = sqlite3_column_int64 (lookup, 0);
                  sqlite3_reset (lookup);
                }

              /* A required parent that stays deleted here: skipped. */
              if (id == 0 && column->required)
                skip = TRUE;
              else if (id == 0)
                sqlite3_bind_null (insert, p);
              else
                sqlite3_bind_int64 (insert, p, id);
            }
          else if (column->affinity == 'I')
            sqlite3_bind_int64 (insert, p, sqlite3_column_int64 (stmt, i));
          else if (column->affinity == 'R')
            sqlite3_bind_double (insert, p, sqlite3_column_double (stmt, i));
          else if (type == SQLITE_TEXT)
            sqlite3_bind_text (insert, p, (const char *) sqlite3_column_text (stmt, i), -1, SQLITE_TRANSIENT);
          else
            sqlite3_bind_null (insert, p);
        }

      if (skip)
        {
          g_hash_table_add (skipped, g_strdup (uuid));
          continue;
        }

      batch.uuids[batch.n] = g_strdup (uuid);
      batch.lines[batch.n] = sqlite3_column_int (stmt, 2);
      batch.cols[batch.n] = sqlite3_column_int (stmt, 3);
      batch.n++;
      if (batch.n == BULK_BATCH)
        ok = bulk_flush (self, &batch, error);
    }
  ok = ok && bulk_flush (self, &batch, error);
  sqlite3_clear_bindings (batch.insert);
  bulk_batch_clear (&batch);
  if (!ok)
    return FALSE;
  if (rc != SQLITE_DONE)
    return stage_failed (self, error);
  if (table->fresh && !bulk_copy_table_dots (self, table, skipped, error))
    return FALSE;

  if (dropped != NULL && !concord_workbook_create_indexes (self->workbook, dropped, error))
    return FALSE;
  /* A fresh table whose every record came with its own dot, copied
   * above: none is left for the step to stamp, so none is searched for. */
  if (table->fresh && table->n_dotted == table->n_staged)
    concord_workbook_set_untracked_dotted (self->workbook);

  return concord_workbook_end_untracked_inserts (self->workbook, error);
}

/* The staged records with something to do, parents first, in the
 * document's order, read back one at a time. */
static gboolean
apply_records (ConcordMergePlan  *self,
               GError           **error)
{
  for (guint t = 0; t < self->tables->len; t++)
    {
      Table *table = g_ptr_array_index (self->tables, t);
      g_autoptr(GString) sql = g_string_new ("SELECT r.seq, r.uuid, r.line, r.col");
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gboolean bulk;
      int rc;

      for (guint c = 0; c < table->columns->len; c++)
        g_string_append_printf (sql, ", r.c%u", c);
      /* A fresh table's records are all added, with no plan of their own. */
      if (table->fresh)
        g_string_append_printf (sql, ", NULL FROM r%u r WHERE ?1 IS NOT NULL ORDER BY r.seq", table->index);
      else
        g_string_append_printf (sql, ", p.plan FROM plans p JOIN r%u r ON r.seq = p.seq "
                                     "WHERE p.tbl = ?1 ORDER BY p.seq", table->index);
      if (sqlite3_prepare_v2 (self->stage, sql->str, -1, &stmt, NULL) != SQLITE_OK)
        return stage_failed (self, error);
      sqlite3_bind_int (stmt, 1, table->index);

      /* A table that is empty here (a new workbook's, a clone's) gets the
       * records the document adds in bulk, outside the session. */
      bulk = concord_workbook_count (self->workbook, table->name) == 0;
      /* Another program wrote the table (added records, or deleted
       * some and left their versions) since the plan found it empty:
       * the plan added every record without comparing, so it no longer
       * holds. */
      if (table->fresh && !table_is_fresh (self, table))
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CHANGED_OUTSIDE,
                       _("%s records changed in the workbook while the import waited. "
                         "Nothing was imported; import “%s” again."),
                       record_kind (table->name), self->source);
          return FALSE;
        }
      if (bulk)
        {
          if (!bulk_add_records (self, table, stmt, error))
            return FALSE;
          sqlite3_reset (stmt);
        }

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          Entry entry = { 0, };
          gboolean ok;

          if (bulk && (table->fresh || staged_action (stmt, 4 + (int) table->columns->len) == ACTION_ADD))
            continue;

          staged_entry (self, table, stmt, &entry);
          if (table->fresh)
            entry.action = ACTION_ADD;
          else
            restore_plan (&entry, stmt, 4 + (int) table->columns->len);
          ok = apply_entry (self, &entry, error);
          entry_clear (&entry);
          if (!ok)
            return FALSE;
        }
      if (rc != SQLITE_DONE)
        return stage_failed (self, error);
    }

  return TRUE;
}

/**
 * concord_merge_plan_set_undoable:
 * @undoable: %FALSE when nobody can undo the import (a command that
 *   exits once it is written)
 *
 * By default the apply is one undo step; for a command-line import
 * nothing is set aside to undo it, since the history ends with the
 * process. The records, versions and search index are the same.
 */
void
concord_merge_plan_set_undoable (ConcordMergePlan *self,
                                 gboolean          undoable)
{
  g_return_if_fail (self != NULL);

  self->no_undo = !undoable;
}

/* Room for the index pages a large apply writes in turn. */
#define APPLY_CACHE_KIB 49152

static gboolean apply_in_edit (ConcordMergePlan  *self,
                               GError           **error);

/**
 * concord_merge_plan_apply:
 *
 * Writes the plan as one edit (one undo step), with the versions and the
 * vector it moves, so undoing it puts all of them back. Every conflict
 * must have a resolution, the same for fields that belong together. On
 * any failure nothing is written.
 */
gboolean
concord_merge_plan_apply (ConcordMergePlan  *self,
                          GError           **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autofree char *label = NULL;
  g_autofree char *base = NULL;

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

      for (guint j = 0; j < i; j++)
        {
          ConcordConflict *other = g_ptr_array_index (self->conflicts, j);

          if (other->group == conflict->group && other->resolution != conflict->resolution)
            {
              g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CONFLICT,
                           _("%s %s: %s and %s belong together; keep both or take both."),
                           conflict->kind, conflict->label, other->field_label, conflict->field_label);
              return FALSE;
            }
        }
    }

  /* What an earlier try added was rolled back with it. */
  g_clear_pointer (&self->written.slots, g_free);
  g_clear_pointer (&self->written.ids, g_free);
  memset (&self->written, 0, sizeof self->written);

  base = g_path_get_basename (self->source);
  label = g_strdup_printf (_("Import “%s”"), base);
  edit = concord_workbook_edit (self->workbook, label, error);
  if (edit == NULL || !concord_workbook_begin_bulk (self->workbook, error))
    return FALSE;

  {
    gint64 before = concord_workbook_set_cache_size (self->workbook, -APPLY_CACHE_KIB);
    gboolean ok;

    /* The staged records are read in order now: little cache needed there. */
    sqlite3_exec (self->stage, "PRAGMA cache_size = -4096", NULL, NULL, NULL);
    if (self->no_undo)
      concord_workbook_set_keeps_history (self->workbook, FALSE);
    ok = apply_in_edit (self, error) && concord_edit_commit (edit, error);
    if (self->no_undo)
      concord_workbook_set_keeps_history (self->workbook, TRUE);
    concord_workbook_set_cache_size (self->workbook, before);

    return ok;
  }
}

static gboolean
apply_in_edit (ConcordMergePlan  *self,
               GError           **error)
{

  if (!apply_records (self, error))
    return FALSE;

  for (guint i = 0; i < self->removals->len; i++)
    if (!apply_removal (self, g_ptr_array_index (self->removals, i), error))
      return FALSE;

  return apply_meta (self, error) && apply_vector (self, error);
}
