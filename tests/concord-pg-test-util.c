/* concord-pg-test-util.c: a throwaway PostgreSQL server per test */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "concord-pg-test-util.h"
#include "concord-test-util.h"

#define PG_BIN "/usr/lib/postgresql/15/bin"

/* Runs a server program as the server's user; returns its exit status. */
static int
run_as_server (TestPgServer      *server,
               const char *const *argv,
               char             **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (getuid () == 0)
    {
      /* initdb and postgres refuse root. */
      g_ptr_array_add (args, g_strdup ("setpriv"));
      g_ptr_array_add (args, g_strdup_printf ("--reuid=%u", (unsigned) server->uid));
      g_ptr_array_add (args, g_strdup_printf ("--regid=%u", (unsigned) server->gid));
      g_ptr_array_add (args, g_strdup ("--clear-groups"));
      g_ptr_array_add (args, g_strdup ("--"));
    }
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);

  g_spawn_sync (server->dir, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

void
test_pg_start (TestPgServer *server)
{
  g_autofree char *log = g_build_filename (server->dir, "server.log", NULL);
  g_autofree char *options = g_strdup_printf ("-c listen_addresses='' -k %s -c fsync=off", server->dir);
  const char *argv[] = { PG_BIN "/pg_ctl", "-D", server->data, "-l", log, "-w", "-o", options, "start", NULL };
  g_autofree char *err = NULL;

  if (run_as_server (server, argv, &err) != 0)
    {
      g_autofree char *text = NULL;

      g_file_get_contents (log, &text, NULL, NULL);
      g_error ("PostgreSQL did not start: %s %s", err, text ? text : "");
    }
  server->running = TRUE;
}

void
test_pg_kill (TestPgServer *server)
{
  const char *argv[] = { PG_BIN "/pg_ctl", "-D", server->data, "-m", "immediate", "-w", "stop", NULL };

  g_assert_cmpint (run_as_server (server, argv, NULL), ==, 0);
  server->running = FALSE;
}

char *
test_pg_url (TestPgServer *server,
             const char   *database,
             const char   *user)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&user=%s", database, server->dir, user);
}

void
test_pg_password (const char *user)
{
  g_autofree char *secret = g_strconcat (user, "-secret", NULL);

  g_setenv ("PGPASSWORD", secret, TRUE);
}

/* The administrator's password goes in the address: the environment is
 * the users', and worker threads of the app read it. */
static char *
admin_url (TestPgServer *server,
           const char   *database)
{
  g_autofree char *url = test_pg_url (server, database, "admin");

  return g_strconcat (url, "&password=admin-secret", NULL);
}

static void
admin_exec (TestPgServer *server,
            const char   *database,
            const char   *sql)
{
  g_autofree char *url = admin_url (server, database);
  PGconn *conn;
  PGresult *result;

  conn = PQconnectdb (url);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

void
test_pg_admin_exec (TestPgServer *server,
                    const char   *sql)
{
  admin_exec (server, "postgres", sql);
}

void
test_pg_team_exec (TestPgServer *server,
                   const char   *sql)
{
  admin_exec (server, "team", sql);
}

void
test_pg_setup (TestPgServer *server)
{
  g_autofree char *pwfile = NULL;
  g_autofree char *err = NULL;

  if (!g_file_test (PG_BIN "/initdb", G_FILE_TEST_IS_EXECUTABLE))
    g_error ("PostgreSQL 15 is not installed (no %s): install postgresql-15, as build-aux/concord-dev does",
             PG_BIN "/initdb");

  server->dir = test_make_tmpdir ();
  server->work = test_make_tmpdir ();
  server->data = g_build_filename (server->dir, "data", NULL);
  server->uid = getuid ();
  server->gid = getgid ();
  if (server->uid == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      g_assert_nonnull (nobody);
      server->uid = nobody->pw_uid;
      server->gid = nobody->pw_gid;
      g_assert_cmpint (chown (server->dir, server->uid, server->gid), ==, 0);
    }
  g_assert_cmpint (g_chmod (server->dir, 0700), ==, 0);

  pwfile = g_build_filename (server->dir, "pw", NULL);
  g_assert_true (g_file_set_contents (pwfile, "admin-secret\n", -1, NULL));
  if (getuid () == 0)
    g_assert_cmpint (chown (pwfile, server->uid, server->gid), ==, 0);

  {
    const char *argv[] = { PG_BIN "/initdb", "-D", server->data, "-U", "admin", "--auth=scram-sha-256",
                           "--pwfile", pwfile, "--no-locale", "-E", "UTF8", "--no-sync", NULL };

    if (run_as_server (server, argv, &err) != 0)
      g_error ("initdb failed: %s", err);
  }

  /* Nothing of the caller's own set-up may answer for us. */
  g_setenv ("PGPASSFILE", "/nonexistent", TRUE);
  g_unsetenv ("PGHOST");
  g_unsetenv ("PGUSER");
  g_unsetenv ("PGDATABASE");
  g_unsetenv ("PGSSLMODE");

  test_pg_start (server);

  /* As docs/team.md sets a team up. */
  test_pg_admin_exec (server, "CREATE ROLE concord_member NOLOGIN");
  test_pg_admin_exec (server, "CREATE ROLE concord_viewer NOLOGIN");
  test_pg_admin_exec (server, "CREATE ROLE alice LOGIN PASSWORD 'alice-secret' IN ROLE concord_member");
  test_pg_admin_exec (server, "CREATE ROLE bob LOGIN PASSWORD 'bob-secret' IN ROLE concord_member");
  test_pg_admin_exec (server, "CREATE ROLE vera LOGIN PASSWORD 'vera-secret' IN ROLE concord_viewer");
  test_pg_admin_exec (server, "CREATE DATABASE team OWNER alice");
}

void
test_pg_teardown (TestPgServer *server)
{
  if (server->running)
    {
      const char *argv[] = { PG_BIN "/pg_ctl", "-D", server->data, "-m", "fast", "-w", "stop", NULL };

      g_assert_cmpint (run_as_server (server, argv, NULL), ==, 0);
    }
  test_remove_tree (server->dir);
  test_remove_tree (server->work);
  g_free (server->dir);
  g_free (server->work);
  g_free (server->data);
  g_unsetenv ("PGPASSWORD");
}

gint64
test_pg_count (TestPgServer *server,
               const char   *sql)
{
  g_autofree char *url = admin_url (server, "team");
  PGconn *conn;
  PGresult *result;
  gint64 n;

  conn = PQconnectdb (url);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  n = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (conn);
  return n;
}
