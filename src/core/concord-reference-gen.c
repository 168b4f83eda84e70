/* concord-reference-gen.c: writes down, at build time, the schema our
 * migrations create for each version
 *
 * Run by the build, never installed: it builds each schema as the store
 * would (concord_workbook_open_reference_schema(), the same resources)
 * and writes its sqlite_schema rows into a header, so an open compares a
 * file with them instead of running every migration first. The header
 * names the SQLite that built them: a process running another one
 * builds its own (see concord_migrations_reference()).
 *
 *   concord-reference-gen OUTPUT.h
 */
#include "config.h"

#include <stdio.h>

#include "concord-store-private.h"

/* @text as a C string literal; NULL as NULL. */
static void
append_literal (GString    *out,
                const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "NULL");
      return;
    }

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p == '\n')
        g_string_append (out, "\\n\"\n    \"");
      else if (*p < 0x20 || *p >= 0x7f || *p == '?')
        /* Three digits always, so a digit after it stays itself; '?'
         * too, so no trigraph can form. */
        g_string_append_printf (out, "\\%03o", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
append_version (GString  *out,
                int       version,
                guint    *n_rows,
                GError  **error)
{
  static const char sql[] =
    "SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY type, name";
  sqlite3 *db = concord_workbook_open_reference_schema (version, error);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (db == NULL)
    return FALSE;

  *n_rows = 0;
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      g_string_append_printf (out, "static const ConcordSchemaRow concord_reference_rows_%d[] = {\n",
                              version);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_string_append (out, "  {\n    ");
          for (int i = 0; i < 4; i++)
            {
              append_literal (out, (const char *) sqlite3_column_text (stmt, i));
              g_string_append (out, i < 3 ? ",\n    " : "\n");
            }
          g_string_append (out, "  },\n");
          (*n_rows)++;
        }
      g_string_append (out, "};\n\n");
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED, "reading schema %d: %s",
                   version, sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n_rows[CONCORD_SCHEMA_VERSION + 1] = { 0 };

  if (argc != 2)
    {
      fprintf (stderr, "usage: concord-reference-gen OUTPUT.h\n");
      return 2;
    }

  g_string_append (out,
                   "/* Written by concord-reference-gen from the migrations; do not edit.\n"
                   " * For each schema version, the rows of sqlite_schema that its\n"
                   " * migrations create on an empty database, ordered by type and name. */\n"
                   "#pragma once\n\n"
                   "#include \"concord-file-check-private.h\"\n\n");
  g_string_append (out, "/* The SQLite that built them. */\n#define CONCORD_REFERENCE_SQLITE_SOURCE_ID ");
  append_literal (out, sqlite3_sourceid ());
  g_string_append (out, "\n\n");

  /* Schema 0 has no objects. */
  for (int version = 1; version <= CONCORD_SCHEMA_VERSION; version++)
    if (!append_version (out, version, &n_rows[version], &error))
      {
        fprintf (stderr, "concord-reference-gen: %s\n", error->message);
        return 1;
      }

  g_string_append (out, "static const ConcordSchema concord_reference_schemas[] = {\n"
                        "  { NULL, 0, NULL, NULL },\n");
  for (int version = 1; version <= CONCORD_SCHEMA_VERSION; version++)
    g_string_append_printf (out, "  { concord_reference_rows_%d, %u, NULL, NULL },\n",
                            version, n_rows[version]);
  g_string_append (out, "};\n");

  if (!g_file_set_contents (argv[1], out->str, out->len, &error))
    {
      fprintf (stderr, "concord-reference-gen: %s\n", error->message);
      return 1;
    }

  return 0;
}
