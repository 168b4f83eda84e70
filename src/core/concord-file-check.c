/* concord-file-check.c: checks on a workbook file before it is trusted
 *
 * SQLite parses the schema it finds in a file and runs the triggers and
 * views stored there as if they were ours; it replays a -wal and rolls
 * back a hot -journal it finds beside the file as soon as it reads it.
 * These checks run first, so a file from a stranger can be refused
 * without anything of it having run and without a byte of it changing.
 */
#define G_LOG_DOMAIN "concord-file-check"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <string.h>

#include "concord-file-check-private.h"
#include "concord-workbook.h"

/* Schema ------------------------------------------------------------------ */

/* What SQLite itself adds to a workbook: statistics from ANALYZE or
 * PRAGMA optimize, and the AUTOINCREMENT counters. */
static const struct
{
  const char *name;
  const char *sql;
} sqlite_owned[] = {
  { "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)" },
  { "sqlite_stat4", "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)" },
  { "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)" },
};

typedef struct
{
  char *type;
  char *name;
  char *key;    /* type and name */
  char *entry;  /* type, name, tbl_name and sql, unambiguously */
} SchemaObject;

static void
schema_object_free (gpointer data)
{
  SchemaObject *object = data;

  g_free (object->type);
  g_free (object->name);
  g_free (object->key);
  g_free (object->entry);
  g_free (object);
}

static void
append_field (GString    *out,
              const char *value)
{
  /* Length-prefixed, so no name or text can pass for another. */
  if (value == NULL)
    g_string_append (out, "-;");
  else
    g_string_append_printf (out, "%zu:%s;", strlen (value), value);
}

/**
 * concord_file_schema_read:
 * @db: a connection
 * @rc: (out): the SQLite error when the schema cannot be read
 *
 * Returns: (transfer full) (nullable): every row of sqlite_schema of @db
 */
ConcordSchema *
concord_file_schema_read (sqlite3 *db,
                          int     *rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(ConcordSchema) schema = g_new0 (ConcordSchema, 1);

  g_return_val_if_fail (db != NULL && rc != NULL, NULL);

  schema->owned_rows = g_array_new (FALSE, FALSE, sizeof (ConcordSchemaRow));
  schema->owned_text = g_string_chunk_new (4096);
  *rc = sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema",
                            -1, &stmt, NULL);
  if (*rc != SQLITE_OK)
    return NULL;

  while ((*rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConcordSchemaRow row;
      const char **fields[] = { &row.type, &row.name, &row.tbl_name, &row.sql };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          *fields[i] = text != NULL ? g_string_chunk_insert (schema->owned_text, text) : NULL;
        }
      g_array_append_val (schema->owned_rows, row);
    }

  if (*rc != SQLITE_DONE)
    return NULL;

  schema->rows = (const ConcordSchemaRow *) (gpointer) schema->owned_rows->data;
  schema->n_rows = schema->owned_rows->len;

  return g_steal_pointer (&schema);
}

void
concord_file_schema_free (ConcordSchema *schema)
{
  if (schema == NULL)
    return;

  g_clear_pointer (&schema->owned_rows, g_array_unref);
  g_clear_pointer (&schema->owned_text, g_string_chunk_free);
  g_free (schema);
}

/* Every row of @schema, keyed by type and name; NULL when two rows
 * share a type and name, which cannot both be ours. */
static GHashTable *
schema_objects (const ConcordSchema *schema)
{
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         schema_object_free);

  for (guint i = 0; i < schema->n_rows; i++)
    {
      const ConcordSchemaRow *row = &schema->rows[i];
      SchemaObject *object = g_new0 (SchemaObject, 1);
      g_autoptr(GString) key = g_string_new (NULL);
      g_autoptr(GString) entry = g_string_new (NULL);

      object->type = g_strdup (row->type);
      object->name = g_strdup (row->name);
      append_field (key, object->type);
      append_field (key, object->name);
      g_string_append (entry, key->str);
      append_field (entry, row->tbl_name);
      append_field (entry, row->sql);
      object->key = g_string_free (g_steal_pointer (&key), FALSE);
      object->entry = g_string_free (g_steal_pointer (&entry), FALSE);

      if (!g_hash_table_insert (objects, object->key, object))
        return NULL;
    }

  return g_steal_pointer (&objects);
}

static gboolean
is_sqlite_owned (const SchemaObject *object)
{
  for (guint i = 0; i < G_N_ELEMENTS (sqlite_owned); i++)
    {
      g_autoptr(GString) entry = g_string_new (NULL);

      append_field (entry, "table");
      append_field (entry, sqlite_owned[i].name);
      append_field (entry, sqlite_owned[i].name);
      append_field (entry, sqlite_owned[i].sql);
      if (g_str_equal (entry->str, object->entry))
        return TRUE;
    }

  return FALSE;
}

typedef enum
{
  OBJECT_EXTRA,
  OBJECT_CHANGED,
  OBJECT_MISSING,
} ObjectState;

/* One whole phrase per kind of schema object and what is wrong with it,
 * so that each language can agree "extra" with "table" or "trigger". */
static const struct
{
  const char *type;
  const char *phrases[3];
} object_phrases[] = {
  { "table", { N_("extra table “%s”"), N_("changed table “%s”"), N_("missing table “%s”") } },
  { "index", { N_("extra index “%s”"), N_("changed index “%s”"), N_("missing index “%s”") } },
  { "view", { N_("extra view “%s”"), N_("changed view “%s”"), N_("missing view “%s”") } },
  { "trigger", { N_("extra trigger “%s”"), N_("changed trigger “%s”"), N_("missing trigger “%s”") } },
  { NULL, { N_("extra schema object “%s”"), N_("changed schema object “%s”"),
            N_("missing schema object “%s”") } },
};

static void
list_object (GString            *list,
             ObjectState         state,
             const SchemaObject *object)
{
  guint i = 0;

  while (object_phrases[i].type != NULL && g_strcmp0 (object_phrases[i].type, object->type) != 0)
    i++;
  if (list->len > 0)
    g_string_append (list, ", ");
  g_string_append_printf (list, _(object_phrases[i].phrases[state]), object->name);
}

static int
compare_objects (gconstpointer a,
                 gconstpointer b)
{
  const SchemaObject *x = *(SchemaObject **) a;
  const SchemaObject *y = *(SchemaObject **) b;

  return strcmp (x->key, y->key);
}

static GPtrArray *
sorted_values (GHashTable *table)
{
  GPtrArray *values = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (values, value);
  g_ptr_array_sort (values, compare_objects);

  return values;
}

/**
 * concord_file_schema_differences:
 * @db: a connection to the file, with nothing of it read yet
 * @reference: the schema our migrations create for the file's version
 * @rc: (out): the SQLite error when either schema cannot be read
 *
 * Compares sqlite_schema of @db with @reference row for row: type, name,
 * table and SQL text. Only what SQLite itself adds may be extra.
 *
 * Returns: (transfer full) (nullable): the extra, missing or changed
 *   objects in words, "" when there are none, %NULL when @rc was set
 */
char *
concord_file_schema_differences (sqlite3             *db,
                                 const ConcordSchema *reference,
                                 int                 *rc)
{
  g_autoptr(ConcordSchema) schema = NULL;
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GHashTable) ours = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GPtrArray) found_list = NULL;
  g_autoptr(GPtrArray) ours_list = NULL;

  g_return_val_if_fail (db != NULL && reference != NULL && rc != NULL, NULL);

  if ((ours = schema_objects (reference)) == NULL)
    {
      *rc = SQLITE_INTERNAL;
      return NULL;
    }
  if ((schema = concord_file_schema_read (db, rc)) == NULL)
    return NULL;
  if ((found = schema_objects (schema)) == NULL)
    {
      *rc = SQLITE_CORRUPT;
      return NULL;
    }

  found_list = sorted_values (found);
  for (guint i = 0; i < found_list->len; i++)
    {
      const SchemaObject *object = g_ptr_array_index (found_list, i);
      const SchemaObject *expected = g_hash_table_lookup (ours, object->key);

      if (expected == NULL && !is_sqlite_owned (object))
        list_object (problems, OBJECT_EXTRA, object);
      else if (expected != NULL && !g_str_equal (expected->entry, object->entry))
        list_object (problems, OBJECT_CHANGED, object);
    }

  ours_list = sorted_values (ours);
  for (guint i = 0; i < ours_list->len; i++)
    {
      const SchemaObject *object = g_ptr_array_index (ours_list, i);

      if (!g_hash_table_contains (found, object->key))
        list_object (problems, OBJECT_MISSING, object);
    }

  return g_string_free (g_steal_pointer (&problems), FALSE);
}

/**
 * concord_file_check_schema:
 * @db: the connection to the file, with nothing of it read yet
 * @reference: the schema our migrations create for @version
 * @path: the file, for the message
 * @version: the file's user_version
 *
 * Returns: %FALSE with %CONCORD_ERROR_FOREIGN_SCHEMA naming every extra,
 *   missing or changed object, or %CONCORD_ERROR_CORRUPT when the schema
 *   cannot be read
 */
gboolean
concord_file_check_schema (sqlite3             *db,
                           const ConcordSchema *reference,
                           const char          *path,
                           int                  version,
                           GError             **error)
{
  g_autofree char *problems = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (db != NULL && reference != NULL && path != NULL, FALSE);

  problems = concord_file_schema_differences (db, reference, &rc);
  if (problems == NULL)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CORRUPT,
                   _("“%s” is damaged: its list of tables cannot be read (%s). "
                     "Open a backup copy instead; the file was left unchanged."),
                   path, sqlite3_errstr (rc));
      return FALSE;
    }

  if (*problems == '\0')
    return TRUE;

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FOREIGN_SCHEMA,
               _("“%s” does not have the tables Concord creates for schema %d (%s). "
                 "Concord does not open it, so nothing it carries can run; the file "
                 "was left unchanged. Save a clean copy (concord-cli recover) to read "
                 "its records into a new workbook."),
               path, version, problems);
  return FALSE;
}

/* Logs beside the file ------------------------------------------------------ */

#define DB_HEADER_SIZE   100
#define WAL_HEADER_SIZE  32
#define WAL_FRAME_HEADER 24
#define WAL_MAGIC        0x377f0682u
#define WAL_VERSION      3007000u

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

/* The checksum SQLite keeps in a -wal header (see its file format). */
static gboolean
wal_header_checksum_ok (const guint8 *header)
{
  gboolean big_endian = (read_be32 (header) & 1) != 0;
  guint32 s0 = 0, s1 = 0;

  for (guint i = 0; i < 24; i += 8)
    {
      guint32 x0 = big_endian ? read_be32 (header + i) : read_le32 (header + i);
      guint32 x1 = big_endian ? read_be32 (header + i + 4) : read_le32 (header + i + 4);

      s0 += x0 + s1;
      s1 += x1 + s0;
    }

  return s0 == read_be32 (header + 24) && s1 == read_be32 (header + 28);
}

static gboolean
read_start (const char  *path,
            guint8      *buffer,
            gsize        size,
            gsize       *n_read,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, size, n_read, NULL, &local_error))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* The size of the log @path: 0 when it is missing or a folder (SQLite
 * can neither read nor write it then, and opens read-only), -1 when it
 * is a link, a device or anything else that is not a regular file. */
static goffset
log_size (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || S_ISDIR (st.st_mode))
    return 0;
  if (!S_ISREG (st.st_mode))
    return -1;

  return st.st_size;
}

static gboolean
refuse_log (const char  *path,
            const char  *log,
            const char  *why,
            GError     **error)
{
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FOREIGN_LOG,
               _("“%s” has “%s” beside it, which does not belong to it: %s. "
                 "Concord did not open the workbook so that SQLite would not write "
                 "that file into it; both were left unchanged. Move “%s” away to open "
                 "the workbook as it was last saved."),
               path, log, why, log);
  return FALSE;
}

static gboolean
check_wal (const char  *path,
           const char  *wal,
           guint32      page_size,
           GError     **error)
{
  guint8 header[WAL_HEADER_SIZE + WAL_FRAME_HEADER] = { 0 };
  gsize n_read = 0;
  guint32 magic;

  if (!read_start (wal, header, sizeof header, &n_read, error))
    return FALSE;

  magic = read_be32 (header);
  if (n_read < WAL_HEADER_SIZE || (magic & ~1u) != WAL_MAGIC ||
      read_be32 (header + 4) != WAL_VERSION || !wal_header_checksum_ok (header))
    return refuse_log (path, wal, _("it is not an SQLite write-ahead log"), error);

  if (read_be32 (header + 8) != page_size)
    return refuse_log (path, wal, _("its page size differs from the workbook’s"), error);

  /* The first frame carries the salts of the log it was written to. */
  if (n_read == sizeof header &&
      memcmp (header + WAL_HEADER_SIZE + 8, header + 16, 8) != 0)
    return refuse_log (path, wal, _("its pages were written for another log"), error);

  return TRUE;
}

/**
 * concord_file_check_logs:
 * @path: a workbook file whose header is an SQLite header
 * @has_logs: (out): set when a -wal or -journal with content sits beside it
 *
 * Refuses a rollback journal beside a WAL-mode file (SQLite would roll it
 * back into the file during the open) and a -wal that is not a log of a
 * file of this page size. A log that passes still has to be checked on a
 * private copy (concord_file_copy_private()) before the real file is
 * opened.
 *
 * Returns: %FALSE with %CONCORD_ERROR_FOREIGN_LOG when a log is refused
 */
gboolean
concord_file_check_logs (const char  *path,
                         gboolean    *has_logs,
                         GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  guint8 header[DB_HEADER_SIZE] = { 0 };
  gsize n_read = 0;
  gboolean wal_mode;
  guint32 page_size;

  g_return_val_if_fail (path != NULL && has_logs != NULL, FALSE);

  *has_logs = FALSE;
  if (!read_start (path, header, sizeof header, &n_read, error))
    return FALSE;
  if (n_read < sizeof header)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CORRUPT,
                   _("“%s” is damaged: it is shorter than an SQLite header. "
                     "Open a backup copy instead; the file was left unchanged."), path);
      return FALSE;
    }

  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  wal_mode = header[18] == 2 && header[19] == 2;

  if (log_size (journal) < 0)
    return refuse_log (path, journal, _("it is not a file"), error);
  if (log_size (wal) < 0)
    return refuse_log (path, wal, _("it is not a file"), error);

  if (log_size (journal) > 0)
    {
      if (wal_mode)
        return refuse_log (path, journal,
                           _("it is a rollback journal, and the workbook keeps a write-ahead log"),
                           error);
      *has_logs = TRUE;
    }

  if (log_size (wal) > 0)
    {
      if (!check_wal (path, wal, page_size, error))
        return FALSE;
      *has_logs = TRUE;
    }

  return TRUE;
}

/* SQLite's unix VFS holds a shared lock on this byte of the -shm for as
 * long as a connection has the database open in WAL mode. */
#define SHM_DMS_LOCK 128

/**
 * concord_file_log_in_use:
 * @path: a workbook
 *
 * Whether another process has @path open through SQLite right now: its
 * -wal is then a live log that SQLite on that side keeps, not one left
 * or put beside the file. Locks this process holds do not count.
 */
gboolean
concord_file_log_in_use (const char *path)
{
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  struct flock lock = { 0, };
  int fd;
  gboolean in_use;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (shm, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = SHM_DMS_LOCK;
  lock.l_len = 1;
  in_use = fcntl (fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  close (fd);

  return in_use;
}

/* Private copies ------------------------------------------------------------- */

static gboolean
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) local_error = NULL;

  if (g_file_copy (source, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL,
                   &local_error))
    return TRUE;

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
               _("Could not copy “%s” to check it: %s"), from, local_error->message);
  return FALSE;
}

/**
 * concord_file_copy_private:
 * @path: a workbook
 *
 * Copies @path with its -wal and -journal into a new folder only this
 * user can read, so SQLite can replay them there while the original
 * stays as it is.
 *
 * Returns: (transfer full): the copy's path; remove it with
 *   concord_file_remove_private()
 */
char *
concord_file_copy_private (const char  *path,
                           GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-journal" };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("concord-check-XXXXXX", &local_error);
  g_autofree char *copy = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (folder == NULL)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   _("Could not make a private folder to check “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }

  copy = g_build_filename (folder, "check.concord", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (copy, suffixes[i], NULL);

      if ((i == 0 || log_size (from) > 0) && !copy_file (from, to, error))
        {
          concord_file_remove_private (copy);
          return NULL;
        }
    }

  return g_steal_pointer (&copy);
}

/* Removes @path with the -wal, -shm and -journal SQLite keeps beside it. */
void
concord_file_remove_with_logs (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-journal", "-shm" };

  g_return_if_fail (path != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

void
concord_file_remove_private (const char *copy)
{
  g_autofree char *folder = NULL;

  if (copy == NULL)
    return;

  concord_file_remove_with_logs (copy);
  folder = g_path_get_dirname (copy);
  g_rmdir (folder);
}

/**
 * concord_file_immutable_uri:
 * @path: an absolute path
 *
 * Returns: (transfer full): an SQLite URI that reads @path as it is on
 *   disk, without locks, -wal or -shm: nothing of the file is written
 */
char *
concord_file_immutable_uri (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  g_return_val_if_fail (uri != NULL, NULL);

  return g_strconcat (uri, "?immutable=1", NULL);
}
