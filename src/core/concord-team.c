/* concord-team.c: a team workbook on a PostgreSQL server
 *
 * The server holds the shared workbook as records: per table and uuid the
 * record as the exchange document carries it, its per-field versions and
 * its deletion, plus the version vector of everything pushed. Every push
 * is one server transaction that takes the next numbers of one sequence
 * and logs them, so order comes from the server, never from clocks.
 *
 * A sync pulls first: the records changed since the last sync become an
 * exchange document and go through the same merge as import-json, so
 * conflicts are asked about in the same words. Then it pushes what differs, holding a lock on the
 * log and checking that nobody pushed since the pull; if someone did, it
 * pulls again. Local edits are the queue: they stay in the workbook until
 * a push commits, so a lost connection or a refused push loses nothing.
 *
 * Every statement is a constant; every value goes as a parameter.
 */
#define G_LOG_DOMAIN "concord-team"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "concord-error.h"
#include "concord-team.h"
#include "concord-versions.h"
#include "concord-workbook-private.h"

G_DEFINE_QUARK (concord-team-error-quark, concord_team_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static ConcordTeamHook push_hook;
static gpointer push_hook_data;

void
concord_team_set_push_hook (ConcordTeamHook hook,
                            gpointer        user_data)
{
  push_hook = hook;
  push_hook_data = user_data;
}

/* Server schema ----------------------------------------------------------- */

/* Migrations, in order; entry N brings a server from version N to N + 1. */
static const char *const server_migrations[] = {
  "CREATE TABLE concord_schema (version integer NOT NULL);"
  "INSERT INTO concord_schema (version) VALUES (0);"
  "CREATE TABLE concord_records ("
  "  tbl text NOT NULL,"
  "  uuid text NOT NULL,"
  "  body text,"          /* the record as in an exchange document; NULL once deleted */
  "  versions text,"      /* its field versions, as in the document */
  "  deleted text,"       /* the dot of its deletion */
  "  seq bigint NOT NULL,"
  "  PRIMARY KEY (tbl, uuid));"
  "CREATE TABLE concord_replicas ("
  "  id text PRIMARY KEY,"
  "  counter bigint NOT NULL,"
  "  name text);"
  "CREATE SEQUENCE concord_seq;"
  "CREATE TABLE concord_log ("
  "  seq bigint PRIMARY KEY,"
  "  tbl text NOT NULL,"
  "  uuid text NOT NULL,"
  "  replica text);"
  "CREATE INDEX concord_records_seq ON concord_records (seq);"
  /* Who may do what is the server's business: members write, viewers read. */
  "DO $$ BEGIN"
  "  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'concord_member') THEN"
  "    GRANT SELECT ON concord_schema TO concord_member;"
  "    GRANT SELECT, INSERT, UPDATE ON concord_records, concord_replicas, concord_log TO concord_member;"
  "    GRANT USAGE, SELECT ON SEQUENCE concord_seq TO concord_member;"
  "  END IF;"
  "  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'concord_viewer') THEN"
  "    GRANT SELECT ON concord_schema, concord_records, concord_replicas, concord_log TO concord_viewer;"
  "  END IF;"
  "END $$;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (server_migrations) == CONCORD_TEAM_SCHEMA_VERSION);

/* Errors ------------------------------------------------------------------ */

/* Where the server is, in words: host (or socket folder), port, database. */
static char *
describe_server (PGconn *conn)
{
  const char *host = PQhost (conn);
  const char *db = PQdb (conn);

  return g_strdup_printf ("%s:%s/%s", host && *host ? host : "localhost",
                          PQport (conn) && *PQport (conn) ? PQport (conn) : "5432",
                          db ? db : "");
}

static gboolean
set_connect_error (PGconn   *conn,
                   gboolean  asked,
                   GError  **error)
{
  g_autofree char *where = describe_server (conn);
  const char *message = PQerrorMessage (conn);
  const char *user = PQuser (conn);

  if (PQconnectionNeedsPassword (conn) ||
      strstr (message, "password authentication failed") != NULL ||
      strstr (message, "no password supplied") != NULL)
    {
      /* A password the user typed is checked again; one from libpq's
       * own places is set there. */
      if (asked)
        g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_AUTH,
                     _("The team server %s refused the password of user “%s”. Check the password and connect again."),
                     where, user ? user : "");
      else
        g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_AUTH,
                     _("The team server %s refused the password of user “%s”. "
                       "Set the right one in PGPASSWORD or ~/.pgpass (it is never stored in the workbook)."),
                     where, user ? user : "");
    }
  else if (strstr (message, "Connection refused") != NULL ||
           strstr (message, "No such file or directory") != NULL ||
           strstr (message, "could not translate host name") != NULL)
    g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_UNREACHABLE,
                 _("No team server answers at %s. Check that it runs and that the address is right; "
                   "your local changes stay here until the next sync."), where);
  else if (strstr (message, "does not exist") != NULL)
    g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_NOT_TEAM,
                 _("The team server %s has no such database or user. Ask its administrator."), where);
  else
    {
      g_autofree char *line = g_strdup (message);

      g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_UNREACHABLE,
                   _("Could not connect to the team server %s: %s"), where, g_strstrip (line));
    }
  return FALSE;
}

/* A statement failed: say which step, on which server, and whether it
 * was the role (a viewer) or the connection. */
static gboolean
set_result_error (PGconn     *conn,
                  PGresult   *result,
                  const char *what,
                  GError    **error)
{
  g_autofree char *where = describe_server (conn);
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *message = g_strdup (result && PQresultErrorMessage (result)[0]
                                       ? PQresultErrorMessage (result) : PQerrorMessage (conn));

  g_strstrip (message);
  if (PQstatus (conn) == CONNECTION_BAD || state == NULL || g_str_has_prefix (state, "08") ||
      g_str_has_prefix (state, "57P"))
    g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_LOST,
                 _("The connection to the team server %s broke while %s. Nothing was lost: "
                   "what was not sent stays here; sync again when the server is back."), where, what);
  else if (g_str_equal (state, "42501"))
    g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_PERMISSION,
                 _("Your role on the team server %s may only read, so your changes were not sent; "
                   "they stay here. Ask the server’s administrator for the member role."), where);
  else
    g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_FAILED,
                 _("The team server %s refused %s: %s"), where, what, message);
  return FALSE;
}

static PGresult *
run (PGconn      *conn,
     const char  *sql,
     int          n_params,
     const char *const *params,
     const char  *what,
     GError     **error)
{
  PGresult *result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return result;

  set_result_error (conn, result, what, error);
  PQclear (result);
  return NULL;
}

static gboolean
run_done (PGconn     *conn,
          const char *sql,
          int         n_params,
          const char *const *params,
          const char *what,
          GError    **error)
{
  g_autoptr(PGresult) result = run (conn, sql, n_params, params, what, error);

  return result != NULL;
}

static void
rollback (PGconn *conn)
{
  if (PQstatus (conn) == CONNECTION_OK)
    PQclear (PQexec (conn, "ROLLBACK"));
}

/* Connecting -------------------------------------------------------------- */

/* The address rebuilt as percent-encoded pairs, so no value can change
 * another: without a password, with @user when one is given. */
static char *
rebuild_address (const char *url,
                 const char *user)
{
  PQconninfoOption *options;
  g_autoptr(GString) out = NULL;
  char *parse_error = NULL;

  options = PQconninfoParse (url, &parse_error);
  if (options == NULL)
    {
      PQfreemem (parse_error);
      return NULL;
    }

  out = g_string_new ("postgresql://?");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      const char *value = o->val;
      g_autofree char *escaped = NULL;

      if (g_str_equal (o->keyword, "user") && user != NULL && *user != '\0')
        value = user;
      if (value == NULL || g_str_equal (o->keyword, "password"))
        continue;
      escaped = g_uri_escape_string (value, NULL, FALSE);
      if (out->str[out->len - 1] != '?')
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", o->keyword, escaped);
    }
  PQconninfoFree (options);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The URL without a password, to keep: libpq finds it in PGPASSWORD or
 * ~/.pgpass instead. */
char *
concord_team_strip_password (const char *url)
{
  g_return_val_if_fail (url != NULL, NULL);

  return rebuild_address (url, NULL);
}

/**
 * concord_team_address:
 * @user: (nullable): the user to connect as, replacing any in @url
 *
 * The address to keep for @url and @user, without a password; NULL when
 * @url is not a PostgreSQL address.
 */
char *
concord_team_address (const char *url,
                      const char *user)
{
  g_return_val_if_fail (url != NULL, NULL);

  return rebuild_address (url, user);
}

/**
 * concord_team_get_option:
 * @keyword: a libpq keyword: "user", "dbname", "host"…
 *
 * What @url sets @keyword to, or NULL when it sets nothing.
 */
char *
concord_team_get_option (const char *url,
                         const char *keyword)
{
  PQconninfoOption *options;
  char *value = NULL;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (keyword != NULL, NULL);

  options = PQconninfoParse (url, NULL);
  if (options == NULL)
    return NULL;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL && *o->val != '\0')
      value = g_strdup (o->val);
  PQconninfoFree (options);

  return value;
}

/* @password, when given, goes to the server only: it overrides any in
 * @url and never reaches the workbook. */
static PGconn *
team_connect (const char  *url,
              const char  *password,
              GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  char *parse_error = NULL;
  PQconninfoOption *options = PQconninfoParse (url, &parse_error);
  const char *keywords[] = { "dbname", "password", NULL };
  const char *values[] = { url, password, NULL };

  if (options == NULL)
    {
      g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_NOT_TEAM,
                   _("“%s” is not a PostgreSQL address such as postgresql://host/database: %s"),
                   url, parse_error ? g_strstrip (parse_error) : "");
      PQfreemem (parse_error);
      return NULL;
    }
  PQconninfoFree (options);

  /* The address is expanded as the dbname; what follows it overrides it. */
  if (password == NULL)
    keywords[1] = NULL;
  conn = PQconnectdbParams (keywords, values, 1);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      set_connect_error (conn, password != NULL, error);
      return NULL;
    }
  PQclear (PQexec (conn, "SET client_min_messages = warning"));

  return g_steal_pointer (&conn);
}

/* The server's schema version; -1 when the database has no Concord. */
static int
server_version (PGconn  *conn,
                GError **error)
{
  g_autoptr(PGresult) exists = run (conn, "SELECT to_regclass ('concord_schema') IS NOT NULL",
                                    0, NULL, _("reading its schema"), error);
  g_autoptr(PGresult) version = NULL;

  if (exists == NULL)
    return -2;
  if (PQgetvalue (exists, 0, 0)[0] != 't')
    return -1;
  version = run (conn, "SELECT version FROM concord_schema", 0, NULL, _("reading its schema"), error);
  if (version == NULL)
    return -2;
  return PQntuples (version) > 0 ? atoi (PQgetvalue (version, 0, 0)) : 0;
}

/* Brings the schema to ours in one transaction; refuses a newer one. */
static gboolean
migrate_server (PGconn  *conn,
                gboolean create,
                GError **error)
{
  int version = server_version (conn, error);

  if (version == -2)
    return FALSE;
  if (version == -1 && !create)
    {
      g_autofree char *where = describe_server (conn);

      g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_NOT_TEAM,
                   _("The database %s holds no team workbook. Publish one with “concord-cli team publish”."),
                   where);
      return FALSE;
    }
  if (version > CONCORD_TEAM_SCHEMA_VERSION)
    {
      g_autofree char *where = describe_server (conn);

      g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_TOO_NEW,
                   _("The team workbook on %s was written by a newer Concord (server schema %d). "
                     "Update Concord to sync with it."), where, version);
      return FALSE;
    }
  if (version == CONCORD_TEAM_SCHEMA_VERSION)
    return TRUE;

  if (!run_done (conn, "BEGIN", 0, NULL, _("starting the schema update"), error))
    return FALSE;
  for (int v = MAX (version, 0); v < CONCORD_TEAM_SCHEMA_VERSION; v++)
    {
      g_autofree char *text = g_strdup_printf ("%d", v + 1);
      const char *params[] = { text };

      /* A migration is a script: several statements, so no parameters. */
      g_autoptr(PGresult) result = PQexec (conn, server_migrations[v]);

      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          set_result_error (conn, result, _("the schema update"), error);
          rollback (conn);
          return FALSE;
        }
      if (!run_done (conn, "UPDATE concord_schema SET version = $1::integer", 1, params,
                     _("the schema update"), error))
        {
          rollback (conn);
          return FALSE;
        }
    }
  return run_done (conn, "COMMIT", 0, NULL, _("the schema update"), error);
}

/* The local side ----------------------------------------------------------- */

/* Private meta, written outside the history: it is the replica's
 * book-keeping, not the user's data. An unchanged value is not written,
 * so a sync with nothing to do leaves the file as it was and a window
 * watching it has nothing to read again. */
static gboolean
set_private_meta (ConcordWorkbook *workbook,
                  const char      *key,
                  const char      *value,
                  GError         **error)
{
  static const char sql[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE meta.value IS NOT excluded.value";
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return concord_workbook_step_done (workbook, stmt, error);
}

static gint64
last_seen (ConcordWorkbook *workbook)
{
  g_autofree char *text = concord_workbook_dup_meta (workbook, CONCORD_TEAM_SEQ_KEY);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* With the sequence, the vector the workbook had then: undoing a merge
 * moves the vector back, and then the records merged before that
 * sequence have to come again. */
static gboolean
set_last_seen (ConcordWorkbook *workbook,
               gint64           seq,
               GError         **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  g_autoptr(GHashTable) vector = concord_versions_load_vector (workbook, NULL);
  g_autoptr(GString) snapshot = g_string_new (NULL);
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, vector);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_string_append_printf (snapshot, "%s:%" G_GINT64_FORMAT " ", (const char *) id, concord_vector_get (vector, id));

  return set_private_meta (workbook, CONCORD_TEAM_SEQ_KEY, text, error) &&
         set_private_meta (workbook, CONCORD_TEAM_VECTOR_KEY, snapshot->str, error);
}

/* Whether the workbook still has every edit it had at the last sync. */
static gboolean
kept_last_seen (ConcordWorkbook *workbook)
{
  g_autofree char *snapshot = concord_workbook_dup_meta (workbook, CONCORD_TEAM_VECTOR_KEY);
  g_autoptr(GHashTable) vector = concord_versions_load_vector (workbook, NULL);
  g_auto(GStrv) dots = g_strsplit (snapshot ? snapshot : "", " ", -1);
  const char *own = concord_versions_get_replica (workbook);

  for (guint i = 0; dots[i] != NULL; i++)
    {
      ConcordDot dot;

      if (*dots[i] != '\0' && concord_dot_parse (dots[i], &dot) && g_strcmp0 (dot.replica, own) != 0 &&
          concord_vector_get (vector, dot.replica) < dot.counter)
        return FALSE;
    }
  return TRUE;
}

/* What the server holds of this workbook's own edits, as its vector
 * said at the last sync: the snapshot of the whole vector counts them
 * all, sent or not. */
static gboolean
set_sent (ConcordWorkbook *workbook,
          gint64           counter,
          GError         **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, counter);

  return set_private_meta (workbook, CONCORD_TEAM_SENT_KEY, text, error);
}

static gboolean
set_sent_from (ConcordWorkbook *workbook,
               PGresult        *replicas,
               GError         **error)
{
  const char *own = concord_versions_get_replica (workbook);

  for (int r = 0; own != NULL && r < PQntuples (replicas); r++)
    if (g_str_equal (PQgetvalue (replicas, r, 0), own))
      return set_sent (workbook, g_ascii_strtoll (PQgetvalue (replicas, r, 1), NULL, 10), error);
  return set_sent (workbook, 0, error);
}

/* The dots (sync_versions AS v) past a vector bound as ?1, JSON
 * {"REPLICA": COUNTER}: per replica that made any (found by hopping along
 * the index on replica and counter of schema 5, one step per replica),
 * its dots past the vector's counter, zero when the vector lacks it. A
 * sync reads only the edits it sends, never every dot of the workbook. */
#define DOTS_PAST_VECTOR \
  "FROM (WITH RECURSIVE makers (id) AS (SELECT min (replica) FROM sync_versions " \
  "  UNION ALL SELECT (SELECT min (replica) FROM sync_versions WHERE replica > makers.id) " \
  "  FROM makers WHERE makers.id IS NOT NULL) SELECT id FROM makers WHERE id IS NOT NULL) AS r " \
  "JOIN sync_versions AS v ON v.replica = r.id " \
  "AND v.counter > coalesce ((SELECT s.value FROM json_each (?1) AS s WHERE s.key = r.id), 0)"

/**
 * concord_team_count_waiting:
 *
 * How many records and settings hold changes the team server did not
 * have at the last sync: this workbook's edits not sent yet, choices
 * made in conflicts, records merged from a colleague's file. Reads only
 * the workbook, so it answers offline too.
 */
guint
concord_team_count_waiting (ConcordWorkbook *workbook)
{
  static const char sql[] =
    "SELECT count (*) FROM (SELECT 1 " DOTS_PAST_VECTOR " GROUP BY v.tbl, v.uuid)";
  g_autofree char *snapshot = NULL;
  g_autofree char *sent = NULL;
  g_auto(GStrv) dots = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *vector = NULL;
  const char *own;
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  own = concord_versions_get_replica (workbook);
  snapshot = concord_workbook_dup_meta (workbook, CONCORD_TEAM_VECTOR_KEY);
  sent = concord_workbook_dup_meta (workbook, CONCORD_TEAM_SENT_KEY);
  dots = g_strsplit (snapshot ? snapshot : "", " ", -1);
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  for (guint i = 0; dots[i] != NULL; i++)
    {
      ConcordDot dot;

      if (*dots[i] == '\0' || !concord_dot_parse (dots[i], &dot) || g_strcmp0 (dot.replica, own) == 0)
        continue;
      json_builder_set_member_name (builder, dot.replica);
      json_builder_add_int_value (builder, dot.counter);
    }
  if (own != NULL)
    {
      json_builder_set_member_name (builder, own);
      json_builder_add_int_value (builder, sent ? g_ascii_strtoll (sent, NULL, 10) : 0);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  vector = json_to_string (root, FALSE);

  stmt = concord_workbook_prepare (workbook, sql, NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, vector, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* One record or setting as it travels. */
typedef struct
{
  char *tbl;
  char *uuid;
  char *body;
  char *versions;
  char *deleted;
} Item;

static void
item_free (Item *item)
{
  g_free (item->tbl);
  g_free (item->uuid);
  g_free (item->body);
  g_free (item->versions);
  g_free (item->deleted);
  g_free (item);
}

/* @text as a JSON string, quotes included. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* Whether @text, as the server gave it, is one JSON object (@open '{')
 * or string ('"') and nothing after it: a server's text goes into the
 * document as it is, so it must not close what it sits in. What is
 * inside is the document reader's to check, with its line and column. */
static gboolean
is_one_value (const char *text,
              char        open)
{
  const char *p = text;
  gboolean in_string = FALSE;
  int depth = 0;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != open)
    return FALSE;

  if (open == '"')
    {
      for (p++; *p != '\0' && *p != '"'; p++)
        if (*p == '\\' && *++p == '\0')
          return FALSE;
      if (*p != '"')
        return FALSE;
      p++;
    }
  else
    {
      for (; *p != '\0'; p++)
        {
          if (in_string)
            {
              if (*p == '\\' && *++p == '\0')
                return FALSE;
              else if (*p == '"')
                in_string = FALSE;
            }
          else if (*p == '"')
            in_string = TRUE;
          else if (*p == '{' || *p == '[')
            depth++;
          else if (*p == '}' || *p == ']')
            {
              if (--depth == 0)
                {
                  p++;
                  break;
                }
            }
        }
      if (depth != 0)
        return FALSE;
    }

  while (g_ascii_isspace (*p))
    p++;
  return *p == '\0';
}

/* The pull's document, written as the server's rows come ----------------- */

/* Each of the pull's queries fills one section of the document. */
typedef enum
{
  SECTION_META,
  SECTION_TABLES,
  SECTION_VERSIONS,
  SECTION_DELETED,
} Section;

static const char *const section_names[] = { "meta", "tables", "versions", "deleted" };

/* $1 the sequence after which, $2 one table, or (the "_rest" ones) an
 * array of those asked for already: every other table, in name order. */
static const char pull_body_sql[] =
  "SELECT tbl, uuid, body FROM concord_records WHERE tbl = $2 AND seq > $1::bigint AND deleted IS NULL";
static const char pull_body_rest_sql[] =
  "SELECT tbl, uuid, body FROM concord_records "
  "WHERE tbl <> ALL ($2::text[]) AND seq > $1::bigint AND deleted IS NULL ORDER BY tbl";
static const char pull_versions_sql[] =
  "SELECT tbl, uuid, versions FROM concord_records WHERE tbl = $2 AND seq > $1::bigint AND deleted IS NULL";
static const char pull_versions_rest_sql[] =
  "SELECT tbl, uuid, versions FROM concord_records "
  "WHERE tbl <> ALL ($2::text[]) AND seq > $1::bigint AND deleted IS NULL ORDER BY tbl";
static const char pull_deleted_sql[] =
  "SELECT tbl, uuid, deleted FROM concord_records WHERE seq > $1::bigint AND deleted IS NOT NULL ORDER BY tbl, uuid";

typedef struct
{
  Section     section;
  const char *sql;
  char       *param;  /* the table, the array of tables, or NULL */
} Part;

static void
part_clear (gpointer data)
{
  Part *part = data;

  g_free (part->param);
}

#define PULL_PIECE (64 * 1024)

/* The records changed after a sequence, as an exchange document handed
 * over piece by piece while the server sends them: no piece is kept once
 * the merge has read it. Records come table by table in the workbook's
 * order, so a record's parents come before it and each can be set aside
 * as soon as it is read; then their versions, then the deletions. Every
 * query runs in one pipeline (one round trip) in the caller's snapshot. */
typedef struct
{
  PGconn     *conn;
  GArray     *parts;     /* Part, in the document's order */
  char       *since;
  GString    *piece;
  guint       part;      /* the query whose rows come next */
  gboolean    reading;   /* its rows started */
  int         section;   /* the section open, -1 before the first */
  char       *table;     /* the table open in it */
  gboolean    first;     /* nothing written in the open object yet */
  gboolean    done;      /* the document written whole, the pipeline read */
  GHashTable *left_out;  /* "TABLE\nUUID" of records left out: their versions too */
  guint       pieces;
} Pull;

static void
pull_add_part (Pull       *pull,
               Section     section,
               const char *sql,
               char       *param)
{
  Part part = { section, sql, param };

  g_array_append_val (pull->parts, part);
}

/* The start of the document: what it is and the server's vector. */
static void
pull_write_head (Pull            *pull,
                 ConcordWorkbook *workbook,
                 PGresult        *replicas)
{
  GString *out = pull->piece;

  g_string_append_printf (out, "{\"format\":\"%s\",\"version\":%d,\"schema_version\":%d,"
                               "\"as_of\":null,\"replica\":null,\"replicas\":{",
                          CONCORD_EXCHANGE_FORMAT, CONCORD_EXCHANGE_VERSION,
                          concord_workbook_get_schema_version (workbook));
  for (int r = 0; r < PQntuples (replicas); r++)
    {
      if (r > 0)
        g_string_append_c (out, ',');
      append_json_string (out, PQgetvalue (replicas, r, 0));
      g_string_append_printf (out, ":{\"counter\":%" G_GINT64_FORMAT,
                              g_ascii_strtoll (PQgetvalue (replicas, r, 1), NULL, 10));
      if (!PQgetisnull (replicas, r, 2))
        {
          g_string_append (out, ",\"name\":");
          append_json_string (out, PQgetvalue (replicas, r, 2));
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
}

/* Sends every query of the pull; its rows are read as the merge asks. */
static gboolean
pull_start (Pull            *pull,
            ConcordWorkbook *workbook,
            PGconn          *conn,
            gint64           since,
            PGresult        *replicas,
            GError         **error)
{
  const char * const *tables = concord_workbook_get_tables (workbook);
  g_autoptr(GString) asked = g_string_new ("{\"meta\"");
  g_autoptr(PGresult) changed = NULL;
  g_autoptr(GHashTable) wanted = NULL;

  memset (pull, 0, sizeof *pull);
  pull->conn = conn;
  pull->since = g_strdup_printf ("%" G_GINT64_FORMAT, since);
  pull->parts = g_array_new (FALSE, FALSE, sizeof (Part));
  g_array_set_clear_func (pull->parts, part_clear);
  pull->piece = g_string_sized_new (PULL_PIECE + 4096);
  pull->section = -1;
  pull->left_out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The names are the schema's own, and go as values. */
  for (guint i = 0; tables[i] != NULL; i++)
    if (!g_str_equal (tables[i], "meta"))
      g_string_append_printf (asked, ",\"%s\"", tables[i]);
  g_string_append_c (asked, '}');

  /* After the first pull, only the tables that changed since are asked
   * about, one by one. */
  if (since >= 0)
    {
      const char *params[] = { pull->since };

      changed = run (conn, "SELECT DISTINCT tbl FROM concord_records WHERE seq > $1::bigint",
                     1, params, _("reading the team workbook"), error);
      if (changed == NULL)
        return FALSE;
      wanted = g_hash_table_new (g_str_hash, g_str_equal);
      for (int r = 0; r < PQntuples (changed); r++)
        g_hash_table_add (wanted, PQgetvalue (changed, r, 0));
    }

#define WANTED(name) (wanted == NULL || g_hash_table_contains (wanted, (name)))
  /* Every section is written, each with one query at least. */
  pull_add_part (pull, SECTION_META, pull_body_sql, g_strdup ("meta"));
  for (guint i = 0; tables[i] != NULL; i++)
    if (!g_str_equal (tables[i], "meta") && WANTED (tables[i]))
      pull_add_part (pull, SECTION_TABLES, pull_body_sql, g_strdup (tables[i]));
  pull_add_part (pull, SECTION_TABLES, pull_body_rest_sql, g_strdup (asked->str));
  pull_add_part (pull, SECTION_VERSIONS, pull_versions_sql, g_strdup ("meta"));
  for (guint i = 0; tables[i] != NULL; i++)
    if (!g_str_equal (tables[i], "meta") && WANTED (tables[i]))
      pull_add_part (pull, SECTION_VERSIONS, pull_versions_sql, g_strdup (tables[i]));
#undef WANTED
  pull_add_part (pull, SECTION_VERSIONS, pull_versions_rest_sql, g_strdup (asked->str));
  pull_add_part (pull, SECTION_DELETED, pull_deleted_sql, NULL);

  pull_write_head (pull, workbook, replicas);

  if (!PQenterPipelineMode (conn))
    return set_result_error (conn, NULL, _("reading the team workbook"), error);
  for (guint i = 0; i < pull->parts->len; i++)
    {
      Part *part = &g_array_index (pull->parts, Part, i);
      const char *params[] = { pull->since, part->param };

      if (!PQsendQueryParams (conn, part->sql, part->param ? 2 : 1, NULL, params, NULL, NULL, 0))
        return set_result_error (conn, NULL, _("reading the team workbook"), error);
    }
  if (!PQpipelineSync (conn))
    return set_result_error (conn, NULL, _("reading the team workbook"), error);

  return TRUE;
}

/* Reads what is left of the pipeline, so the connection serves again. */
static gboolean
pull_finish (Pull    *pull,
             GError **error)
{
  if (pull->done)
    return TRUE;
  for (;;)
    {
      g_autoptr(PGresult) result = NULL;

      if (pull->part < pull->parts->len && !pull->reading)
        {
          PQsetSingleRowMode (pull->conn);
          pull->reading = TRUE;
        }
      result = PQgetResult (pull->conn);
      if (result == NULL)
        {
          if (PQstatus (pull->conn) == CONNECTION_BAD || pull->part > pull->parts->len)
            return set_result_error (pull->conn, NULL, _("reading the team workbook"), error);
          pull->reading = FALSE;
          pull->part++;
          continue;
        }
      if (PQresultStatus (result) == PGRES_PIPELINE_SYNC)
        break;
    }

  if (!PQexitPipelineMode (pull->conn))
    return set_result_error (pull->conn, NULL, _("reading the team workbook"), error);
  pull->done = TRUE;
  return TRUE;
}

static void
pull_clear (Pull *pull)
{
  g_clear_pointer (&pull->parts, g_array_unref);
  g_clear_pointer (&pull->since, g_free);
  if (pull->piece != NULL)
    g_string_free (g_steal_pointer (&pull->piece), TRUE);
  g_clear_pointer (&pull->table, g_free);
  g_clear_pointer (&pull->left_out, g_hash_table_unref);
}

/* Closes the open table and section, and opens @section (-1: none). */
static void
pull_enter (Pull *pull,
            int   section)
{
  if (pull->section == section)
    return;
  if (pull->table != NULL)
    g_string_append_c (pull->piece, '}');
  g_clear_pointer (&pull->table, g_free);
  if (pull->section >= 0)
    g_string_append_c (pull->piece, '}');
  pull->section = section;
  pull->first = TRUE;
  if (section >= 0)
    g_string_append_printf (pull->piece, ",\"%s\":{", section_names[section]);
}

/* One row of the server's: TABLE, UUID and its text in that section. */
static void
pull_write_row (Pull     *pull,
                Section   section,
                PGresult *row)
{
  const char *tbl = PQgetvalue (row, 0, 0);
  const char *uuid = PQgetvalue (row, 0, 1);
  const char *text = PQgetisnull (row, 0, 2) ? NULL : PQgetvalue (row, 0, 2);
  GString *out = pull->piece;

  if (section == SECTION_VERSIONS && g_hash_table_size (pull->left_out) > 0)
    {
      g_autofree char *key = g_strconcat (tbl, "\n", uuid, NULL);

      if (g_hash_table_contains (pull->left_out, key))
        return;
    }
  /* A setting's value and dot are strings, as are deletions; a record
   * and its versions objects. The server's texts go in as they are, so
   * one that would close what it sits in is left out. */
  if (!is_one_value (text, section == SECTION_DELETED || g_str_equal (tbl, "meta") ? '"' : '{'))
    {
      if (section == SECTION_META || section == SECTION_TABLES)
        g_hash_table_add (pull->left_out, g_strconcat (tbl, "\n", uuid, NULL));
      return;
    }

  if (section != SECTION_META && g_strcmp0 (pull->table, tbl) != 0)
    {
      if (pull->table != NULL)
        g_string_append_c (out, '}');
      if (!pull->first)
        g_string_append_c (out, ',');
      g_free (pull->table);
      pull->table = g_strdup (tbl);
      append_json_string (out, tbl);
      g_string_append (out, ":{");
      pull->first = TRUE;
    }
  if (!pull->first)
    g_string_append_c (out, ',');
  pull->first = FALSE;
  append_json_string (out, uuid);
  g_string_append_c (out, ':');
  g_string_append (out, text);
}

/* The next result of the pipeline: a row, the end of a query's rows, or
 * the end of them all. */
static gboolean
pull_step (Pull    *pull,
           GError **error)
{
  g_autoptr(PGresult) result = NULL;
  Part *part;

  if (pull->part == pull->parts->len)
    {
      pull_enter (pull, -1);
      g_string_append_c (pull->piece, '}');
      return pull_finish (pull, error);
    }

  part = &g_array_index (pull->parts, Part, pull->part);
  if (!pull->reading)
    {
      /* Row by row: the server's texts are never all in memory. */
      PQsetSingleRowMode (pull->conn);
      pull->reading = TRUE;
      pull_enter (pull, part->section);
    }

  result = PQgetResult (pull->conn);
  if (result == NULL)
    {
      if (PQstatus (pull->conn) == CONNECTION_BAD)
        return set_result_error (pull->conn, NULL, _("reading the team workbook"), error);
      pull->reading = FALSE;
      pull->part++;
      return TRUE;
    }

  switch (PQresultStatus (result))
    {
    case PGRES_SINGLE_TUPLE:
      pull_write_row (pull, part->section, result);
      return TRUE;
    case PGRES_TUPLES_OK:
      return TRUE;
    default:
      return set_result_error (pull->conn, result, _("reading the team workbook"), error);
    }
}

static gboolean
pull_next (const char **data,
           gsize       *length,
           gpointer     user_data,
           GError     **error)
{
  Pull *pull = user_data;

  /* The first piece holds the head, written before. */
  if (pull->pieces++ > 0)
    g_string_truncate (pull->piece, 0);
  while (pull->piece->len < PULL_PIECE && !pull->done)
    if (!pull_step (pull, error))
      return FALSE;
  if (push_hook != NULL && pull->pieces == 1)
    push_hook (CONCORD_TEAM_STAGE_READING, push_hook_data);

  *data = pull->piece->str;
  *length = pull->piece->len;
  return TRUE;
}

/* What the server's records changed after @since would do here, read as
 * they come. A document the merge refuses is read again whole (from the
 * same snapshot), so the refusal is worded as for any document. */
static ConcordMergePlan *
pull_plan (ConcordWorkbook *workbook,
           PGconn          *conn,
           gint64           since,
           PGresult        *replicas,
           GError         **error)
{
  g_autofree char *where = describe_server (conn);
  g_autoptr(GString) whole = NULL;
  ConcordMergePlan *plan = NULL;
  gboolean refused = FALSE;
  Pull pull;

  if (pull_start (&pull, workbook, conn, since, replicas, error))
    plan = concord_merge_plan_new_from_pieces (workbook, pull_next, &pull, where, &refused, error);
  if (plan != NULL || !refused || !pull_finish (&pull, error))
    {
      pull_clear (&pull);
      return plan;
    }

  pull_clear (&pull);
  whole = g_string_new (NULL);
  if (!pull_start (&pull, workbook, conn, since, replicas, error))
    {
      pull_clear (&pull);
      return NULL;
    }
  while (!pull.done)
    {
      const char *data;
      gsize length;

      if (!pull_next (&data, &length, &pull, error))
        {
          pull_clear (&pull);
          return NULL;
        }
      g_string_append_len (whole, data, length);
    }
  pull_clear (&pull);

  return concord_merge_plan_new_from_data (workbook, whole->str, whole->len, where, error);
}

static gint64
server_seq (PGconn  *conn,
            GError **error)
{
  g_autoptr(PGresult) result = run (conn, "SELECT coalesce (max (seq), 0) FROM concord_log",
                                    0, NULL, _("reading the team workbook"), error);

  return result ? g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10) : -1;
}

/* The server's vector as JSON, {"REPLICA": COUNTER}, to bind. */
static char *
vector_json (PGresult *replicas)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (int r = 0; r < PQntuples (replicas); r++)
    {
      json_builder_set_member_name (builder, PQgetvalue (replicas, r, 0));
      json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (replicas, r, 1), NULL, 10));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Local records as a document carries them ------------------------------- */

/* One column as the export writes it (concord-exchange.c): a reference
 * is the uuid of the row it names, under its name without "_id". */
typedef struct
{
  char    *name;
  char    *export_name;
  char     affinity;  /* 'I', 'R' or 'T' */
  gboolean reference;
} RecordColumn;

typedef struct
{
  GPtrArray *columns; /* RecordColumn, without id and uuid */
  char      *select;  /* one record by uuid, references as uuids */
  char      *scan;    /* every record, in uuid order */
} RecordTable;

static void
record_column_free (gpointer data)
{
  RecordColumn *column = data;

  g_free (column->name);
  g_free (column->export_name);
  g_free (column);
}

static void
record_table_free (gpointer data)
{
  RecordTable *table = data;

  g_ptr_array_unref (table->columns);
  g_free (table->select);
  g_free (table->scan);
  g_free (table);
}

/* Reads the records a push sends, each by its uuid, instead of exporting
 * the workbook and keeping a few: a push of 100 edits reads 100 records,
 * and a publish streams them batch by batch. */
typedef struct
{
  ConcordWorkbook *workbook;
  GHashTable      *tables; /* interned name -> RecordTable */
} RecordReader;

static void
record_reader_init (RecordReader    *reader,
                    ConcordWorkbook *workbook)
{
  reader->workbook = workbook;
  reader->tables = g_hash_table_new_full (NULL, NULL, NULL, record_table_free);
}

static void
record_reader_clear (RecordReader *reader)
{
  g_clear_pointer (&reader->tables, g_hash_table_unref);
}

/* NULL when @name is not one of the workbook's own tables. */
static RecordTable *
record_table (RecordReader *reader,
              const char   *name)
{
  const char * const *names = concord_workbook_get_tables (reader->workbook);
  sqlite3 *db = concord_workbook_get_db (reader->workbook);
  const char *interned = g_intern_string (name);
  RecordTable *table = g_hash_table_lookup (reader->tables, interned);
  g_autoptr(GHashTable) parents = NULL;
  g_autoptr(GString) select = NULL;
  sqlite3_stmt *fks = NULL;
  sqlite3_stmt *info = NULL;

  if (table != NULL)
    return table;
  if (g_str_equal (name, "meta") || g_str_has_prefix (name, "sync_") ||
      !g_strv_contains (names, name))
    return NULL;

  parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_prepare_v2 (db, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list (?1)", -1, &fks, NULL);
  sqlite3_bind_text (fks, 1, name, -1, SQLITE_STATIC);
  while (sqlite3_step (fks) == SQLITE_ROW)
    g_hash_table_insert (parents, g_strdup ((const char *) sqlite3_column_text (fks, 0)),
                         g_strdup ((const char *) sqlite3_column_text (fks, 1)));
  sqlite3_finalize (fks);

  table = g_new0 (RecordTable, 1);
  table->columns = g_ptr_array_new_with_free_func (record_column_free);
  /* The names are the schema's own, compiled into Concord. */
  select = g_string_new ("SELECT r.uuid");
  sqlite3_prepare_v2 (db, "SELECT name, type FROM pragma_table_info (?1) ORDER BY cid", -1, &info, NULL);
  sqlite3_bind_text (info, 1, name, -1, SQLITE_STATIC);
  while (sqlite3_step (info) == SQLITE_ROW)
    {
      const char *column_name = (const char *) sqlite3_column_text (info, 0);
      const char *type = (const char *) sqlite3_column_text (info, 1);
      const char *parent;
      RecordColumn *column;

      if (g_str_equal (column_name, "id") || g_str_equal (column_name, "uuid"))
        continue;
      parent = g_hash_table_lookup (parents, column_name);
      column = g_new0 (RecordColumn, 1);
      column->name = g_strdup (column_name);
      column->reference = parent != NULL;
      if (parent != NULL && g_str_has_suffix (column_name, "_id"))
        column->export_name = g_strndup (column_name, strlen (column_name) - 3);
      else
        column->export_name = g_strdup (column_name);
      column->affinity = g_str_has_prefix (type, "INT") ? 'I' : g_str_has_prefix (type, "REAL") ? 'R' : 'T';
      g_ptr_array_add (table->columns, column);

      if (parent != NULL)
        g_string_append_printf (select, ", (SELECT p.uuid FROM \"%s\" AS p WHERE p.id = r.\"%s\")",
                                parent, column_name);
      else
        g_string_append_printf (select, ", r.\"%s\"", column_name);
    }
  sqlite3_finalize (info);
  g_string_append_printf (select, " FROM \"%s\" AS r", name);
  table->scan = g_strconcat (select->str, " ORDER BY r.uuid", NULL);
  g_string_append (select, " WHERE r.uuid = ?1");
  table->select = g_string_free (g_steal_pointer (&select), FALSE);

  g_hash_table_insert (reader->tables, (gpointer) interned, table);
  return table;
}

static void
append_double (GString *out,
               double   value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (text, sizeof text, value);
  g_string_append (out, text);
  /* A double stays a double when read back. */
  if (strpbrk (text, ".eEnN") == NULL)
    g_string_append (out, ".0");
}

/* The export name of @field in @table, as the document's versions say it. */
static const char *
export_name (RecordTable *table,
             const char  *field)
{
  for (guint c = 0; c < table->columns->len; c++)
    {
      RecordColumn *column = g_ptr_array_index (table->columns, c);

      if (g_str_equal (column->name, field))
        return column->export_name;
    }
  return field;
}

/* The record at @stmt's row (uuid first, then @table's columns in order)
 * as the export writes it. */
static char *
record_body (RecordTable  *table,
             sqlite3_stmt *stmt)
{
  GString *body = g_string_new ("{");

  for (guint c = 0; c < table->columns->len; c++)
    {
      RecordColumn *column = g_ptr_array_index (table->columns, c);
      int index = (int) c + 1;

      if (c > 0)
        g_string_append_c (body, ',');
      append_json_string (body, column->export_name);
      g_string_append_c (body, ':');
      if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
        g_string_append (body, "null");
      else if (column->reference || column->affinity == 'T')
        append_json_string (body, (const char *) sqlite3_column_text (stmt, index));
      else if (column->affinity == 'I')
        g_string_append_printf (body, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, index));
      else
        append_double (body, sqlite3_column_double (stmt, index));
    }
  g_string_append_c (body, '}');
  return g_string_free (body, FALSE);
}

/* A record's dots as the export writes them, given in field order: the
 * record's own under "" and only the fields that differ from it; a
 * setting's one dot, the last one as the export's tree keeps it. */
typedef struct
{
  RecordTable *table;    /* NULL for a setting */
  GString     *text;
  char        *record_dot;
} VersionsText;

static void
versions_text_init (VersionsText *versions,
                    RecordTable  *table)
{
  versions->table = table;
  versions->text = g_string_new (NULL);
  versions->record_dot = NULL;
}

static void
versions_text_add (VersionsText *versions,
                   const char   *field,
                   const char   *replica,
                   gint64        counter)
{
  g_autofree char *dot = g_strdup_printf ("%s:%" G_GINT64_FORMAT, replica, counter);

  if (versions->table == NULL)
    {
      g_string_truncate (versions->text, 0);
      append_json_string (versions->text, dot);
      return;
    }
  if (*field == '\0')
    {
      g_free (versions->record_dot);
      versions->record_dot = g_strdup (dot);
    }
  else if (g_strcmp0 (dot, versions->record_dot) == 0)
    return; /* the same as the record's: said once */
  g_string_append_c (versions->text, versions->text->len == 0 ? '{' : ',');
  append_json_string (versions->text, export_name (versions->table, field));
  g_string_append_c (versions->text, ':');
  append_json_string (versions->text, dot);
}

/* The text, NULL when there was no dot; clears @versions. */
static char *
versions_text_end (VersionsText *versions)
{
  GString *text = g_steal_pointer (&versions->text);

  g_clear_pointer (&versions->record_dot, g_free);
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  if (versions->table != NULL)
    g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

/* Fills @item's body and versions as the export writes them: the record
 * with its columns in order, and its dots, the record's own under "" and
 * only the fields that differ from it. FALSE when the workbook has no
 * such record or setting (then nothing is sent for it). */
static gboolean
record_reader_fill (RecordReader *reader,
                    Item         *item,
                    GError      **error)
{
  static const char versions_sql[] =
    "SELECT field, replica, counter FROM sync_versions "
    "WHERE tbl = ?1 AND uuid = ?2 AND NOT deleted ORDER BY field";
  static const char meta_sql[] =
    "SELECT value FROM meta WHERE key = ?1 AND key NOT LIKE 'sync.%' AND key NOT LIKE 'deleted.%'";
  gboolean is_meta = g_str_equal (item->tbl, "meta");
  RecordTable *table = is_meta ? NULL : record_table (reader, item->tbl);
  g_autofree char *body = NULL;
  VersionsText versions;
  sqlite3_stmt *stmt;

  if (!is_meta && table == NULL)
    return FALSE;

  stmt = concord_workbook_prepare (reader->workbook, is_meta ? meta_sql : table->select, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, item->uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (is_meta)
        {
          GString *text = g_string_new (NULL);

          append_json_string (text, (const char *) sqlite3_column_text (stmt, 0));
          body = g_string_free (text, FALSE);
        }
      else
        body = record_body (table, stmt);
    }
  sqlite3_reset (stmt);
  if (body == NULL)
    return FALSE;

  stmt = concord_workbook_prepare (reader->workbook, versions_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, item->tbl, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, item->uuid, -1, SQLITE_STATIC);
  versions_text_init (&versions, table);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    versions_text_add (&versions, (const char *) sqlite3_column_text (stmt, 0),
                       (const char *) sqlite3_column_text (stmt, 1), sqlite3_column_int64 (stmt, 2));
  sqlite3_reset (stmt);

  g_free (item->body);
  g_free (item->versions);
  item->body = g_steal_pointer (&body);
  item->versions = versions_text_end (&versions);
  return TRUE;
}

/* What the server has not seen: every record, setting and deletion with
 * a field whose dot the server's vector does not cover, as keys (and the
 * dot of a deletion); the records themselves are read as they are sent.
 * With @everything (a server that holds nothing yet, a publish), only the
 * settings: the push walks every table itself. Run inside the read
 * transaction the push reads in, so the vector sent with them is the one
 * they were read at. */
static GPtrArray *
pending_items (ConcordWorkbook *workbook,
               PGresult        *replicas,
               gboolean         everything,
               GError         **error)
{
  static const char sql[] =
    "SELECT v.tbl, v.uuid, "
    "  max (CASE WHEN v.field = '' AND v.deleted THEN v.replica || ':' || v.counter END) "
    DOTS_PAST_VECTOR " GROUP BY v.tbl, v.uuid";
  static const char settings_sql[] =
    "SELECT DISTINCT tbl, uuid, NULL FROM sync_versions WHERE tbl = 'meta' ORDER BY uuid";
  g_autofree char *vector = vector_json (replicas);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = concord_workbook_prepare (workbook, everything ? settings_sql : sql, error);
  if (stmt == NULL)
    return NULL;
  if (!everything)
    sqlite3_bind_text (stmt, 1, vector, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *tbl = (const char *) sqlite3_column_text (stmt, 0);
      const char *uuid = (const char *) sqlite3_column_text (stmt, 1);
      const char *deleted = (const char *) sqlite3_column_text (stmt, 2);
      Item *item;

      /* A record the workbook no longer has, and whose deletion it does
       * not know, has nothing to send. */
      if (deleted == NULL && !g_str_equal (tbl, "meta") &&
          concord_workbook_lookup_uuid (workbook, tbl, uuid) <= 0)
        continue;

      item = g_new0 (Item, 1);
      item->tbl = g_strdup (tbl);
      item->uuid = g_strdup (uuid);
      if (deleted != NULL)
        {
          /* As the document carries it: a JSON string. */
          g_autoptr(GString) dot = g_string_new (NULL);

          append_json_string (dot, deleted);
          item->deleted = g_string_free (g_steal_pointer (&dot), FALSE);
        }
      g_ptr_array_add (pending, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, _("Could not read the changes to send"));
      return NULL;
    }

  return g_steal_pointer (&pending);
}

/* Records from before versions (or never edited since) carry no dot,
 * and a replica merging them would have to mint its own, so they would
 * travel back and forth. Publishing gives them all one dot of the
 * publisher, outside the history like the replica id itself: every
 * record and exported setting without a dot of its own or of any field.
 * Written against the sync_versions and sync_replicas tables of schema 2,
 * in SQL, so the workbook is not exported for it. */
static gboolean
stamp_unversioned (ConcordWorkbook *workbook,
                   GError         **error)
{
  static const char own[] = "SELECT counter + 1 FROM sync_replicas WHERE id = ?1";
  /* The settings an export carries (concord-exchange.c). */
  static const char stamp_meta[] =
    "INSERT OR IGNORE INTO sync_versions (tbl, uuid, field, replica, counter, deleted) "
    "SELECT 'meta', m.key, 'value', ?1, ?2, 0 FROM meta AS m "
    "WHERE m.key NOT LIKE 'sync.%' AND m.key NOT LIKE 'deleted.%' "
    "AND NOT EXISTS (SELECT 1 FROM sync_versions AS v WHERE v.tbl = 'meta' AND v.uuid = m.key)";
  static const char bump[] = "UPDATE sync_replicas SET counter = ?2 WHERE id = ?1";
  const char *replica = concord_versions_get_replica (workbook);
  const char * const *tables = concord_workbook_get_tables (workbook);
  sqlite3_stmt *stmt;
  gint64 counter;

  if (replica == NULL)
    return TRUE;
  if (!concord_workbook_exec (workbook, "BEGIN IMMEDIATE", error))
    return FALSE;

  stmt = concord_workbook_prepare (workbook, own, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, replica, -1, SQLITE_STATIC);
  counter = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 1;
  sqlite3_reset (stmt);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = NULL;

      if (g_str_equal (tables[i], "meta") || g_str_has_prefix (tables[i], "sync_"))
        continue;
      /* The names are the schema's own, compiled into Concord. */
      sql = g_strdup_printf ("INSERT OR IGNORE INTO sync_versions (tbl, uuid, field, replica, counter, deleted) "
                             "SELECT ?1, r.uuid, '', ?2, ?3, 0 FROM \"%s\" AS r "
                             "WHERE NOT EXISTS (SELECT 1 FROM sync_versions AS v "
                             "WHERE v.tbl = ?1 AND v.uuid = r.uuid)", tables[i]);
      stmt = concord_workbook_prepare (workbook, sql, error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, tables[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, replica, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, counter);
      if (!concord_workbook_step_done (workbook, stmt, error))
        goto fail;
    }

  stmt = concord_workbook_prepare (workbook, stamp_meta, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, replica, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, counter);
  if (!concord_workbook_step_done (workbook, stmt, error))
    goto fail;

  stmt = concord_workbook_prepare (workbook, bump, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, replica, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, counter);
  if (!concord_workbook_step_done (workbook, stmt, error) ||
      !concord_workbook_exec (workbook, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (concord_workbook_get_db (workbook), "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Records per statement of a push: one round trip each, not two per
 * record, and a bounded size for the server. */
#define PUSH_BATCH 2000
#define PUSH_BATCH_BYTES (8 * 1024 * 1024)

/* A batch of records in one statement: each gets the next number of
 * the sequence, and the log says who sent it. The columns come as
 * arrays in PostgreSQL's binary form: every value with its length,
 * nothing to escape here or to parse there. */
static const char upsert_sql[] =
  "WITH input AS (SELECT * FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) "
  "  AS t (tbl, uuid, body, versions, deleted)), "
  "changed AS (INSERT INTO concord_records (tbl, uuid, body, versions, deleted, seq) "
  "  SELECT tbl, uuid, body, versions, deleted, nextval ('concord_seq') FROM input "
  "  ON CONFLICT (tbl, uuid) DO UPDATE SET body = excluded.body, versions = excluded.versions, "
  "  deleted = excluded.deleted, seq = excluded.seq "
  "  RETURNING seq, tbl, uuid) "
  "INSERT INTO concord_log (seq, tbl, uuid, replica) SELECT seq, tbl, uuid, $6 FROM changed";

enum { BATCH_TBL, BATCH_UUID, BATCH_BODY, BATCH_VERSIONS, BATCH_DELETED, BATCH_N_COLUMNS };

#define TEXT_OID 25
#define TEXT_ARRAY_OID 1009
/* ndim, flags, element type, length and lower bound of the one dimension */
#define ARRAY_HEADER 20

/* The records a push sends, batch by batch. While the server writes one
 * batch, the next is read from the workbook, so neither side waits for
 * the other. All go in the push's one transaction: a batch the server
 * refuses rolls back every one. */
typedef struct
{
  PGconn     *conn;
  const char *replica;
  GString    *columns[BATCH_N_COLUMNS]; /* the batch being filled */
  gsize       size;       /* its bytes */
  guint       n;          /* records in it */
  guint       in_flight;  /* records of the statement the server has */
  guint       n_sent;     /* records the server took */
} Batch;

static void
put_int32 (char    *at,
           guint32  value)
{
  value = GUINT32_TO_BE (value);
  memcpy (at, &value, sizeof value);
}

static void
batch_init (Batch      *batch,
            PGconn     *conn,
            const char *replica)
{
  memset (batch, 0, sizeof *batch);
  batch->conn = conn;
  batch->replica = replica;
  for (guint c = 0; c < BATCH_N_COLUMNS; c++)
    {
      batch->columns[c] = g_string_sized_new (4096);
      g_string_set_size (batch->columns[c], ARRAY_HEADER);
    }
}

static void
batch_clear (Batch *batch)
{
  for (guint c = 0; c < BATCH_N_COLUMNS; c++)
    g_string_free (batch->columns[c], TRUE);
}

/* Waits for the statement in flight, if any. */
static gboolean
batch_wait (Batch   *batch,
            GError **error)
{
  gboolean ok = TRUE;
  PGresult *result;

  if (batch->in_flight == 0)
    return TRUE;
  while ((result = PQgetResult (batch->conn)) != NULL)
    {
      if (ok && PQresultStatus (result) != PGRES_COMMAND_OK)
        ok = set_result_error (batch->conn, result, _("sending your changes"), error);
      PQclear (result);
    }
  if (ok)
    batch->n_sent += batch->in_flight;
  batch->in_flight = 0;
  return ok;
}

/* Hands the batch being filled to the server, once the one before is in. */
static gboolean
batch_flush (Batch   *batch,
             GError **error)
{
  const Oid types[] = { TEXT_ARRAY_OID, TEXT_ARRAY_OID, TEXT_ARRAY_OID, TEXT_ARRAY_OID, TEXT_ARRAY_OID, TEXT_OID };
  const int formats[] = { 1, 1, 1, 1, 1, 0 };
  const char *params[BATCH_N_COLUMNS + 1];
  int lengths[BATCH_N_COLUMNS + 1] = { 0 };

  if (batch->n == 0)
    return TRUE;
  if (!batch_wait (batch, error))
    return FALSE;
  for (guint c = 0; c < BATCH_N_COLUMNS; c++)
    {
      char *header = batch->columns[c]->str;

      put_int32 (header, 1);
      put_int32 (header + 4, 1);
      put_int32 (header + 8, TEXT_OID);
      put_int32 (header + 12, batch->n);
      put_int32 (header + 16, 1);
      params[c] = header;
      lengths[c] = (int) batch->columns[c]->len;
    }
  params[BATCH_N_COLUMNS] = batch->replica;
  /* libpq copies the parameters: the batch can be filled again at once. */
  if (!PQsendQueryParams (batch->conn, upsert_sql, BATCH_N_COLUMNS + 1, types, params, lengths, formats, 0))
    return set_result_error (batch->conn, NULL, _("sending your changes"), error);
  batch->in_flight = batch->n;
  batch->n = 0;
  batch->size = 0;
  for (guint c = 0; c < BATCH_N_COLUMNS; c++)
    g_string_set_size (batch->columns[c], ARRAY_HEADER);
  return TRUE;
}

/* Adds @item, whose texts are not needed once it is in the batch. */
static gboolean
batch_add (Batch   *batch,
           Item    *item,
           GError **error)
{
  const char *values[] = { item->tbl, item->uuid, item->body, item->versions, item->deleted };

  for (guint c = 0; c < BATCH_N_COLUMNS; c++)
    {
      GString *column = batch->columns[c];
      gsize at = column->len;
      gsize length = values[c] ? strlen (values[c]) : 0;

      g_string_set_size (column, at + 4);
      put_int32 (column->str + at, values[c] ? (guint32) length : (guint32) -1);
      if (values[c] != NULL)
        g_string_append_len (column, values[c], length);
      batch->size += 4 + length;
    }
  g_clear_pointer (&item->body, g_free);
  g_clear_pointer (&item->versions, g_free);
  batch->n++;

  if (batch->n == PUSH_BATCH || batch->size >= PUSH_BATCH_BYTES)
    return batch_flush (batch, error);
  return TRUE;
}

/* Every record of @name with its dots and every deletion it knows, for a
 * server that holds nothing yet: one walk of the table in uuid order
 * beside one of its dots, instead of two lookups per record. As for a
 * push, a record without a dot (publishing stamps every one first) or a
 * dot without a record or deletion sends nothing. */
static gboolean
batch_add_table (Batch        *batch,
                 RecordReader *reader,
                 const char   *name,
                 GError      **error)
{
  static const char dots_sql[] =
    "SELECT uuid, field, replica, counter, deleted FROM sync_versions WHERE tbl = ?1 ORDER BY uuid, field";
  RecordTable *table = record_table (reader, name);
  sqlite3_stmt *records;
  sqlite3_stmt *dots;
  gboolean ok = TRUE;
  int rc_record, rc_dot;

  if (table == NULL)
    return TRUE;
  records = concord_workbook_prepare (reader->workbook, table->scan, error);
  if (records == NULL)
    return FALSE;
  dots = concord_workbook_prepare (reader->workbook, dots_sql, error);
  if (dots == NULL)
    return FALSE;
  sqlite3_bind_text (dots, 1, name, -1, SQLITE_STATIC);

  rc_record = sqlite3_step (records);
  rc_dot = sqlite3_step (dots);
  while (ok && rc_dot == SQLITE_ROW)
    {
      g_autofree char *uuid = g_strdup ((const char *) sqlite3_column_text (dots, 0));
      g_autofree char *deleted = NULL;
      VersionsText versions;
      Item item = { (char *) name, uuid, NULL, NULL, NULL };

      versions_text_init (&versions, table);
      for (; rc_dot == SQLITE_ROW && g_str_equal ((const char *) sqlite3_column_text (dots, 0), uuid);
           rc_dot = sqlite3_step (dots))
        {
          const char *field = (const char *) sqlite3_column_text (dots, 1);
          const char *replica = (const char *) sqlite3_column_text (dots, 2);
          gint64 counter = sqlite3_column_int64 (dots, 3);

          if (!sqlite3_column_int (dots, 4))
            versions_text_add (&versions, field, replica, counter);
          else if (*field == '\0')
            {
              /* As the document carries it: a JSON string. */
              g_autofree char *dot = g_strdup_printf ("%s:%" G_GINT64_FORMAT, replica, counter);
              GString *text = g_string_new (NULL);

              append_json_string (text, dot);
              g_free (deleted);
              deleted = g_string_free (text, FALSE);
            }
        }
      while (rc_record == SQLITE_ROW && strcmp ((const char *) sqlite3_column_text (records, 0), uuid) < 0)
        rc_record = sqlite3_step (records);

      item.versions = versions_text_end (&versions);
      if (deleted != NULL)
        {
          g_clear_pointer (&item.versions, g_free);
          item.deleted = deleted;
          ok = batch_add (batch, &item, error);
        }
      else if (rc_record == SQLITE_ROW && g_str_equal ((const char *) sqlite3_column_text (records, 0), uuid))
        {
          item.body = record_body (table, records);
          ok = batch_add (batch, &item, error);
        }
      g_free (item.versions);
    }
  if (ok && ((rc_dot != SQLITE_DONE && rc_dot != SQLITE_ROW) ||
             (rc_record != SQLITE_DONE && rc_record != SQLITE_ROW)))
    {
      concord_workbook_set_error (reader->workbook, rc_dot != SQLITE_DONE && rc_dot != SQLITE_ROW ? rc_dot : rc_record,
                                  error, _("Could not read the changes to send"));
      ok = FALSE;
    }
  sqlite3_reset (records);
  sqlite3_reset (dots);
  return ok;
}

/* Sends @changes, read from the workbook batch by batch (and with
 * @everything, every record of every table), and the vector in one
 * transaction, after checking that nobody pushed since @seen.
 * Returns the new last sequence, 0 when someone did (pull again), -1 on
 * error; @n_sent counts the records sent. */
static gint64
push (PGconn       *conn,
      RecordReader *reader,
      GPtrArray    *changes,
      gboolean      everything,
      GHashTable   *vector,
      GHashTable   *names,
      const char   *replica,
      gint64        seen,
      guint        *n_sent,
      GError      **error)
{
  static const char vector_sql[] =
    "INSERT INTO concord_replicas (id, counter, name) VALUES ($1, $2::bigint, $3) "
    "ON CONFLICT (id) DO UPDATE SET counter = greatest (concord_replicas.counter, excluded.counter), "
    "name = coalesce (excluded.name, concord_replicas.name)";
  g_autoptr(GList) ids = g_list_sort (g_hash_table_get_keys (vector), (GCompareFunc) strcmp);
  Batch batch;
  gint64 now;

  *n_sent = 0;
  if (!run_done (conn, "BEGIN", 0, NULL, _("sending your changes"), error))
    return -1;
  batch_init (&batch, conn, replica);
  /* One writer at a time, and only on top of what we pulled. */
  if (!run_done (conn, "LOCK TABLE concord_log IN EXCLUSIVE MODE", 0, NULL, _("sending your changes"), error))
    goto fail;
  now = server_seq (conn, error);
  if (now < 0)
    goto fail;
  if (now != seen)
    {
      batch_clear (&batch);
      rollback (conn);
      return 0;
    }

  for (guint i = 0; i < changes->len; i++)
    {
      Item *item = g_ptr_array_index (changes, i);

      if (item->deleted == NULL)
        {
          g_autoptr(GError) read_error = NULL;

          if (!record_reader_fill (reader, item, &read_error))
            {
              if (read_error == NULL)
                continue;
              g_propagate_error (error, g_steal_pointer (&read_error));
              goto fail;
            }
        }
      if (!batch_add (&batch, item, error))
        goto fail;
    }
  if (everything)
    {
      const char * const *tables = concord_workbook_get_tables (reader->workbook);

      for (guint i = 0; tables[i] != NULL; i++)
        if (!batch_add_table (&batch, reader, tables[i], error))
          goto fail;
    }
  if (!batch_flush (&batch, error) || !batch_wait (&batch, error))
    goto fail;

  for (GList *l = ids; l != NULL; l = l->next)
    {
      g_autofree char *counter = g_strdup_printf ("%" G_GINT64_FORMAT, concord_vector_get (vector, l->data));
      const char *params[] = { l->data, counter, g_hash_table_lookup (names, l->data) };

      if (!run_done (conn, vector_sql, 3, params, _("sending your changes"), error))
        goto fail;
    }

  if (push_hook != NULL)
    push_hook (CONCORD_TEAM_STAGE_SENT, push_hook_data);

  now = server_seq (conn, error);
  if (now < 0)
    goto fail;
  {
    /* Whoever listens learns at the commit that there is more to pull,
     * and from whom: "SEQ REPLICA", so this replica can skip its own. */
    g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, now);
    const char *params[] = { CONCORD_TEAM_CHANNEL, seq, replica };

    if (!run_done (conn, "SELECT pg_notify ($1, $2 || ' ' || $3)", 3, params, _("sending your changes"), error) ||
        !run_done (conn, "COMMIT", 0, NULL, _("sending your changes"), error))
      goto fail;
  }
  *n_sent = batch.n_sent;
  batch_clear (&batch);
  return now;

fail:
  /* What is still in flight is dropped with the transaction. */
  batch_wait (&batch, NULL);
  batch_clear (&batch);
  *n_sent = 0;
  rollback (conn);
  return -1;
}

/* Syncing ----------------------------------------------------------------- */

void
concord_team_sync_result_clear (ConcordTeamSyncResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->plan, concord_merge_plan_free);
  memset (result, 0, sizeof *result);
}

static gboolean
sync_with (ConcordWorkbook       *workbook,
           PGconn                *conn,
           ConcordResolution      conflicts,
           ConcordTeamSyncResult *result,
           GError               **error)
{
  for (guint attempt = 0; attempt < 10; attempt++)
    {
      g_autoptr(GPtrArray) changes = NULL;
      g_autoptr(GHashTable) vector = NULL;
      g_autoptr(GHashTable) names = NULL;
      g_autoptr(PGresult) replicas = NULL;
      sqlite3 *db = concord_workbook_get_db (workbook);
      const char *replica = concord_versions_get_replica (workbook);
      RecordReader reader;
      gboolean reading;
      gboolean everything;
      guint n_sent = 0;
      gboolean kept;
      gint64 seen = last_seen (workbook);
      ConcordMergePlan *plan = NULL;
      gint64 now;
      gint64 pushed;

      /* The sequence, the vector and the records the pull reads are one
       * moment of the server's. */
      if (!run_done (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL,
                     _("reading the team workbook"), error))
        return FALSE;
      now = server_seq (conn, error);
      if (now < 0)
        return FALSE;
      replicas = run (conn, "SELECT id, counter, name FROM concord_replicas ORDER BY id",
                      0, NULL, _("reading the team workbook"), error);
      if (replicas == NULL || !set_sent_from (workbook, replicas, error))
        return FALSE;

      /* Pull: what changed since the last sync, merged as any document
       * is; everything after a clone or when this workbook lost edits it
       * had (a sync undone). */
      kept = kept_last_seen (workbook);
      if (now != seen || !kept)
        {
          plan = pull_plan (workbook, conn, seen < 0 || !kept ? -1 : seen, replicas, error);
          if (plan == NULL)
            return FALSE;
          g_clear_pointer (&result->plan, concord_merge_plan_free);
          result->plan = plan;
        }
      if (!run_done (conn, "COMMIT", 0, NULL, _("reading the team workbook"), error))
        return FALSE;

      if (plan != NULL)
        {
          if (concord_merge_plan_get_conflicts (plan)->len > 0)
            {
              if (conflicts == CONCORD_RESOLVE_UNSET)
                {
                  g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_CONFLICTS,
                               _("You and the team changed the same fields since you last synced; "
                                 "nothing was synced. Choose whose to keep."));
                  return FALSE;
                }
              concord_merge_plan_resolve_all (plan, conflicts);
            }
          if (!concord_merge_plan_apply (plan, error) || !set_last_seen (workbook, now, error))
            return FALSE;
        }
      result->seq = now;

      /* Push: what the server has not seen, read in one moment of the
       * workbook with the vector that goes with it. */
      reading = sqlite3_get_autocommit (db) && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
      names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      vector = concord_versions_load_vector (workbook, names);
      /* A server that holds nothing yet lacks every record. */
      everything = PQntuples (replicas) == 0;
      changes = pending_items (workbook, replicas, everything, error);
      if (changes == NULL || (changes->len == 0 && !everything))
        {
          if (reading)
            sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
          result->waiting = 0;
          return changes != NULL;
        }
      result->waiting = changes->len;

      if (push_hook != NULL)
        push_hook (CONCORD_TEAM_STAGE_PULLED, push_hook_data);

      record_reader_init (&reader, workbook);
      pushed = push (conn, &reader, changes, everything, vector, names, replica, now, &n_sent, error);
      record_reader_clear (&reader);
      if (reading)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (pushed < 0)
        return FALSE;
      if (pushed == 0)
        continue; /* someone pushed since we pulled */

      result->pushed += n_sent;
      result->waiting = 0;
      result->seq = pushed;
      return set_sent (workbook, concord_vector_get (vector, replica), error) &&
             set_last_seen (workbook, pushed, error);
    }

  g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_FAILED,
               _("The team workbook kept changing while syncing; try again in a moment."));
  return FALSE;
}

/**
 * concord_team_sync:
 * @password: (nullable): the password, or NULL for libpq's own places
 *   (PGPASSWORD, ~/.pgpass)
 * @conflicts: how to settle fields both sides changed, or
 *   %CONCORD_RESOLVE_UNSET to stop and list them in @result's plan
 *
 * Pulls what others sent since the last sync, then pushes local changes.
 */
gboolean
concord_team_sync (ConcordWorkbook       *workbook,
                   const char            *password,
                   ConcordResolution      conflicts,
                   ConcordTeamSyncResult *result,
                   GError               **error)
{
  g_autofree char *url = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  url = concord_workbook_dup_meta (workbook, CONCORD_TEAM_URL_KEY);
  if (url == NULL)
    {
      g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_NOT_TEAM,
                   _("“%s” is not a team workbook. Publish it with “concord-cli team publish” "
                     "or clone one with “concord-cli team clone”."), concord_workbook_get_path (workbook));
      return FALSE;
    }

  conn = team_connect (url, password, &local_error);
  if (conn != NULL && migrate_server (conn, FALSE, &local_error) &&
      sync_with (workbook, conn, conflicts, result, &local_error))
    return TRUE;

  /* Known even when the server cannot be reached; a refused push has
   * counted what it would have sent. A sync that went through counts
   * as it pushes, so the scan is paid only here. */
  if (!g_error_matches (local_error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_PERMISSION))
    result->waiting = concord_team_count_waiting (workbook);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
keep_url (ConcordWorkbook *workbook,
          const char      *url,
          GError         **error)
{
  g_autofree char *kept = concord_team_strip_password (url);

  /* Never the address as given: it may hold a password. */
  if (kept == NULL)
    {
      g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_NOT_TEAM,
                   _("The team server’s address could not be read; give one such as postgresql://host/database."));
      return FALSE;
    }
  return set_private_meta (workbook, CONCORD_TEAM_URL_KEY, kept, error) &&
         set_last_seen (workbook, 0, error);
}

/**
 * concord_team_publish:
 *
 * Puts @workbook on an empty database and makes it a team workbook.
 */
gboolean
concord_team_publish (ConcordWorkbook  *workbook,
                      const char       *url,
                      const char       *password,
                      GError          **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) tables = NULL;
  ConcordTeamSyncResult result = { 0 };
  gboolean ok;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  conn = team_connect (url, password, error);
  if (conn == NULL)
    return FALSE;

  tables = run (conn, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE n.nspname = current_schema () AND c.relkind IN ('r', 'v', 'S', 'p')",
                0, NULL, _("looking at the database"), error);
  if (tables == NULL)
    return FALSE;
  if (g_ascii_strtoll (PQgetvalue (tables, 0, 0), NULL, 10) != 0)
    {
      g_autofree char *where = describe_server (conn);

      g_set_error (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_NOT_EMPTY,
                   _("The database %s is not empty. Publish into a new, empty database, one per team."),
                   where);
      return FALSE;
    }

  if (!stamp_unversioned (workbook, error) || !migrate_server (conn, TRUE, error) || !keep_url (workbook, url, error))
    return FALSE;

  ok = sync_with (workbook, conn, CONCORD_RESOLVE_UNSET, &result, error);
  concord_team_sync_result_clear (&result);
  return ok;
}

/* A fresh workbook keeps none of its starting rows: the team's come
 * instead, without a history of their own deletion. */
static gboolean
empty_workbook (ConcordWorkbook *workbook,
                GError         **error)
{
  const char * const *tables = concord_workbook_get_tables (workbook);
  guint n = g_strv_length ((char **) tables);

  if (!concord_workbook_exec (workbook, "PRAGMA foreign_keys = OFF", error) ||
      !concord_workbook_exec (workbook, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = n; i-- > 0;)
    {
      /* The names are the schema's own, compiled into Concord. */
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\"", tables[i]);

      if (!concord_workbook_exec (workbook, sql, error))
        goto fail;
    }
  if (!concord_workbook_exec (workbook, "DELETE FROM meta WHERE key NOT LIKE 'sync.%'", error) ||
      !concord_workbook_exec (workbook, "DELETE FROM sync_versions", error) ||
      !concord_workbook_exec (workbook, "COMMIT", error))
    goto fail;
  concord_workbook_clear_history (workbook);
  return concord_workbook_exec (workbook, "PRAGMA foreign_keys = ON", error);

fail:
  sqlite3_exec (concord_workbook_get_db (workbook), "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec (concord_workbook_get_db (workbook), "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return FALSE;
}

/**
 * concord_team_clone:
 *
 * Makes a new local replica of the team workbook at @url, in @path,
 * which must not exist.
 */
ConcordWorkbook *
concord_team_clone (const char  *url,
                    const char  *password,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  ConcordTeamSyncResult result = { 0 };
  gboolean ok;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” already exists. Clone into a new file."), path);
      return NULL;
    }

  conn = team_connect (url, password, error);
  if (conn == NULL || !migrate_server (conn, FALSE, error))
    return NULL;

  workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, error);
  if (workbook == NULL)
    return NULL;
  if (!empty_workbook (workbook, error) || !keep_url (workbook, url, error) ||
      !set_last_seen (workbook, -1, error))
    goto fail;

  /* Its history starts after the clone: nothing kept to undo it. */
  concord_workbook_set_keeps_history (workbook, FALSE);
  ok = sync_with (workbook, conn, CONCORD_RESOLVE_THEIRS, &result, error);
  concord_workbook_set_keeps_history (workbook, TRUE);
  concord_team_sync_result_clear (&result);
  if (!ok)
    goto fail;
  concord_workbook_clear_history (workbook);
  return g_steal_pointer (&workbook);

fail:
  g_clear_object (&workbook);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_unlink (file);
    }
  return NULL;
}

/**
 * concord_team_probe:
 * @has_team: (out): whether the database holds a team workbook already
 *   (FALSE: it holds no Concord, so a workbook may be published there)
 *
 * Connects once, to tell whether to publish or to clone.
 */
gboolean
concord_team_probe (const char  *url,
                    const char  *password,
                    gboolean    *has_team,
                    GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  int version;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (has_team != NULL, FALSE);

  conn = team_connect (url, password, error);
  if (conn == NULL)
    return FALSE;
  version = server_version (conn, error);
  if (version == -2)
    return FALSE;
  *has_team = version >= 0;
  return TRUE;
}

/* Listening --------------------------------------------------------------- */

struct _ConcordTeamListener
{
  PGconn *conn;
};

/**
 * concord_team_listen:
 *
 * A connection of its own that hears every push to the team workbook at
 * @url: watch its socket (concord_team_listener_get_fd()) and call
 * concord_team_listener_read() when it is readable. Connecting blocks;
 * reading does not.
 */
ConcordTeamListener *
concord_team_listen (const char  *url,
                     const char  *password,
                     GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  ConcordTeamListener *self;

  g_return_val_if_fail (url != NULL, NULL);

  conn = team_connect (url, password, error);
  if (conn == NULL || !run_done (conn, "LISTEN " CONCORD_TEAM_CHANNEL, 0, NULL, _("listening for changes"), error))
    return NULL;
  if (PQsetnonblocking (conn, 1) != 0)
    {
      set_result_error (conn, NULL, _("listening for changes"), error);
      return NULL;
    }

  self = g_new0 (ConcordTeamListener, 1);
  self->conn = g_steal_pointer (&conn);
  return self;
}

int
concord_team_listener_get_fd (ConcordTeamListener *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return PQsocket (self->conn);
}

/* Whether a push's notice ("SEQ REPLICA", or "SEQ" from servers of
 * older versions) brings @workbook anything: not its own push, nor a
 * sequence it already pulled. What does not parse is news, to be safe. */
static gboolean
is_news (const char      *payload,
         ConcordWorkbook *workbook)
{
  char *end = NULL;
  gint64 seq;

  if (workbook == NULL)
    return TRUE;
  seq = g_ascii_strtoll (payload, &end, 10);
  if (end == payload || (*end != '\0' && *end != ' '))
    return TRUE;
  if (*end == ' ' && g_strcmp0 (end + 1, concord_versions_get_replica (workbook)) == 0)
    return FALSE;
  return seq > last_seen (workbook);
}

/**
 * concord_team_listener_read:
 * @workbook: (nullable): the replica listening, whose own pushes and
 *   sequences already pulled are no news; NULL to hear of every push
 * @announced: (out): set when someone pushed since the last read
 *
 * Reads what the server sent, without blocking. Returns FALSE when the
 * connection broke: listen again once the server is back.
 */
gboolean
concord_team_listener_read (ConcordTeamListener *self,
                            ConcordWorkbook     *workbook,
                            gboolean            *announced)
{
  PGnotify *notify;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (workbook == NULL || CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (announced != NULL, FALSE);

  *announced = FALSE;
  if (PQconsumeInput (self->conn) == 0 || PQstatus (self->conn) != CONNECTION_OK)
    return FALSE;
  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      if (g_str_equal (notify->relname, CONCORD_TEAM_CHANNEL) && !*announced)
        *announced = is_news (notify->extra, workbook);
      PQfreemem (notify);
    }
  return TRUE;
}

void
concord_team_listener_free (ConcordTeamListener *self)
{
  if (self == NULL)
    return;
  PQfinish (self->conn);
  g_free (self);
}
