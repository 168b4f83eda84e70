/* concord-record.c
 *
 * Values are kept as SQLite gave them: NULL, integer, real or text. A
 * record is refreshed in place when its row changes, and emits "changed",
 * so a row on screen follows the store without being rebuilt.
 */
#define G_LOG_DOMAIN "concord-record"

#include "concord-record.h"
#include "concord-workbook-private.h"

typedef struct
{
  char   *column;
  int     type;
  gint64  i;
  double  d;
  char   *s;
} Value;

struct _ConcordRecord
{
  GObject  parent_instance;
  const char *table;  /* interned */
  gint64   id;
  GArray  *values;    /* Value */
};

G_DEFINE_FINAL_TYPE (ConcordRecord, concord_record, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
value_clear (gpointer data)
{
  Value *value = data;

  g_free (value->column);
  g_free (value->s);
}

static void
concord_record_finalize (GObject *object)
{
  ConcordRecord *self = (ConcordRecord *) object;

  g_array_unref (self->values);

  G_OBJECT_CLASS (concord_record_parent_class)->finalize (object);
}

static void
concord_record_class_init (ConcordRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = concord_record_finalize;

  /**
   * ConcordRecord::changed:
   *
   * The row was saved with other values; bound widgets should re-read it.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
concord_record_init (ConcordRecord *self)
{
  self->values = g_array_new (FALSE, TRUE, sizeof (Value));
  g_array_set_clear_func (self->values, value_clear);
}

void
concord_record_load (ConcordRecord *self,
                     sqlite3_stmt  *stmt)
{
  int n;

  g_return_if_fail (CONCORD_IS_RECORD (self));
  g_return_if_fail (stmt != NULL);

  g_array_set_size (self->values, 0);
  n = sqlite3_column_count (stmt);

  for (int c = 0; c < n; c++)
    {
      Value value = { 0 };

      value.column = g_strdup (sqlite3_column_name (stmt, c));
      value.type = sqlite3_column_type (stmt, c);

      switch (value.type)
        {
        case SQLITE_INTEGER:
          value.i = sqlite3_column_int64 (stmt, c);
          value.d = (double) value.i;
          break;

        case SQLITE_FLOAT:
          value.d = sqlite3_column_double (stmt, c);
          value.i = (gint64) value.d;
          break;

        case SQLITE_TEXT:
        case SQLITE_BLOB:
          value.type = SQLITE_TEXT;
          value.s = g_strndup ((const char *) sqlite3_column_text (stmt, c),
                               sqlite3_column_bytes (stmt, c));
          break;

        default:
          value.type = SQLITE_NULL;
          break;
        }

      if (g_str_equal (value.column, "id"))
        self->id = value.i;

      g_array_append_val (self->values, value);
    }
}

static gboolean
value_equal (const Value  *value,
             sqlite3_stmt *stmt,
             int           c)
{
  int type = sqlite3_column_type (stmt, c);

  if (type == SQLITE_BLOB)
    type = SQLITE_TEXT;
  if (type != value->type)
    return FALSE;

  switch (type)
    {
    case SQLITE_INTEGER:
      return value->i == sqlite3_column_int64 (stmt, c);
    case SQLITE_FLOAT:
      return value->d == sqlite3_column_double (stmt, c);
    case SQLITE_TEXT:
      return g_strcmp0 (value->s, (const char *) sqlite3_column_text (stmt, c)) == 0;
    default:
      return TRUE;
    }
}

/* TRUE when the row in @stmt holds exactly the values already loaded. */
gboolean
concord_record_equal_values (ConcordRecord *self,
                             sqlite3_stmt  *stmt)
{
  g_return_val_if_fail (CONCORD_IS_RECORD (self), FALSE);

  if ((guint) sqlite3_column_count (stmt) != self->values->len)
    return FALSE;

  for (guint c = 0; c < self->values->len; c++)
    if (!value_equal (&g_array_index (self->values, Value, c), stmt, c))
      return FALSE;

  return TRUE;
}

ConcordRecord *
concord_record_new_from_statement (const char   *table,
                                   sqlite3_stmt *stmt)
{
  ConcordRecord *self;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (stmt != NULL, NULL);

  self = g_object_new (CONCORD_TYPE_RECORD, NULL);
  self->table = g_intern_string (table);
  concord_record_load (self, stmt);

  return self;
}

void
concord_record_emit_changed (ConcordRecord *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static const Value *
find_value (ConcordRecord *self,
            const char    *column)
{
  for (guint c = 0; c < self->values->len; c++)
    {
      const Value *value = &g_array_index (self->values, Value, c);

      if (g_str_equal (value->column, column))
        return value;
    }

  return NULL;
}

const char *
concord_record_get_table (ConcordRecord *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD (self), NULL);

  return self->table;
}

gint64
concord_record_get_id (ConcordRecord *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD (self), 0);

  return self->id;
}

const char *
concord_record_get_uuid (ConcordRecord *self)
{
  return concord_record_get_string (self, "uuid");
}

gboolean
concord_record_has_column (ConcordRecord *self,
                           const char    *column)
{
  g_return_val_if_fail (CONCORD_IS_RECORD (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  return find_value (self, column) != NULL;
}

gboolean
concord_record_is_null (ConcordRecord *self,
                        const char    *column)
{
  const Value *value;

  g_return_val_if_fail (CONCORD_IS_RECORD (self), TRUE);
  g_return_val_if_fail (column != NULL, TRUE);

  value = find_value (self, column);

  return value == NULL || value->type == SQLITE_NULL;
}

/* Text of a text column; NULL for NULL and for numbers. */
const char *
concord_record_get_string (ConcordRecord *self,
                           const char    *column)
{
  const Value *value;

  g_return_val_if_fail (CONCORD_IS_RECORD (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  value = find_value (self, column);
  if (value == NULL)
    {
      g_critical ("Table %s has no column %s", self->table, column);
      return NULL;
    }

  return value->s;
}

gint64
concord_record_get_int (ConcordRecord *self,
                        const char    *column)
{
  const Value *value;

  g_return_val_if_fail (CONCORD_IS_RECORD (self), 0);
  g_return_val_if_fail (column != NULL, 0);

  value = find_value (self, column);
  if (value == NULL)
    {
      g_critical ("Table %s has no column %s", self->table, column);
      return 0;
    }

  if (value->type == SQLITE_TEXT)
    return g_ascii_strtoll (value->s, NULL, 10);

  return value->i;
}

double
concord_record_get_double (ConcordRecord *self,
                           const char    *column)
{
  const Value *value;

  g_return_val_if_fail (CONCORD_IS_RECORD (self), 0);
  g_return_val_if_fail (column != NULL, 0);

  value = find_value (self, column);
  if (value == NULL)
    {
      g_critical ("Table %s has no column %s", self->table, column);
      return 0;
    }

  if (value->type == SQLITE_TEXT)
    return g_ascii_strtod (value->s, NULL);

  return value->d;
}

gboolean
concord_record_get_boolean (ConcordRecord *self,
                            const char    *column)
{
  return concord_record_get_int (self, column) != 0;
}
