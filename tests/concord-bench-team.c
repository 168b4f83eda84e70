/* concord-bench-team.c: the team server half of concord-bench
 *
 * Started as `concord-bench --measure-team WORKBOOK` (concord-bench --team
 * does it after generating), in a process of its own: a throwaway
 * PostgreSQL on a Unix socket (concord-pg-test-util), then what a team
 * waits for: team_publish (the generated workbook into the empty
 * database), team_clone (a second laptop's replica), team_sync_noop (a
 * sync with nothing to do), team_push_100 (100 account renames, each its
 * own edit, sent) and team_pull_100 (the replica bringing them in).
 * Each figure has its processor time beside it (_cpu: this process's
 * user and system time, not the server's). With
 * CONCORD_BENCH_TEAM_PUBLISH_ONLY set it stops after the publish, which
 * is quicker to compare at 100,000 accounts.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "concord-bench-team.h"
#include "concord-pg-test-util.h"
#include "concord-team.h"
#include "concord-workbook-private.h"

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

typedef struct
{
  gint64 wall;
  double cpu;
} TeamClock;

static TeamClock
team_start (void)
{
  return (TeamClock) { g_get_monotonic_time (), cpu_seconds () };
}

static void
team_figure (const char *name,
             TeamClock   start)
{
  g_print ("%s %.2f s\n", name, (g_get_monotonic_time () - start.wall) / 1e6);
  g_print ("%s_cpu %.2f s\n", name, cpu_seconds () - start.cpu);
}

static void
team_die (const char *what,
          GError     *error)
{
  g_printerr ("concord-bench: %s: %s\n", what, error ? error->message : "");
  exit (1);
}

static void
team_sync (ConcordWorkbook *workbook,
           const char      *password,
           const char      *name)
{
  ConcordTeamSyncResult result = { 0 };
  g_autoptr(GError) error = NULL;
  TeamClock start = team_start ();

  if (!concord_team_sync (workbook, password, CONCORD_RESOLVE_UNSET, &result, &error))
    team_die (name, error);
  team_figure (name, start);
  concord_team_sync_result_clear (&result);
}

static void
rename_accounts (ConcordWorkbook *workbook,
                 guint            n)
{
  static const char sql[] = "SELECT id FROM accounts ORDER BY id LIMIT ?1";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, &error);

  if (stmt == NULL)
    team_die ("reading accounts", error);
  sqlite3_bind_int (stmt, 1, n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(ConcordFields) fields = concord_fields_new ();
      g_autofree char *name = g_strdup_printf ("Renamed account %u", i);

      concord_fields_set_string (fields, "name", name);
      if (!concord_workbook_update (workbook, "accounts", g_array_index (ids, gint64, i), fields, &error))
        team_die ("renaming an account", error);
    }
}

int
concord_bench_measure_team (const char *path)
{
  TestPgServer server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordWorkbook) replica = NULL;
  g_autofree char *alice = NULL;
  g_autofree char *bob = NULL;
  g_autofree char *clone = NULL;
  TeamClock start;

  g_printerr ("concord-bench: starting a PostgreSQL server\n");
  test_pg_setup (&server);
  alice = test_pg_url (&server, "team", "alice");
  bob = test_pg_url (&server, "team", "bob");
  clone = g_build_filename (server.work, "replica.concord", NULL);

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  if (workbook == NULL)
    team_die ("could not open the workbook", error);

  g_printerr ("concord-bench: publishing\n");
  start = team_start ();
  if (!concord_team_publish (workbook, alice, "alice-secret", &error))
    team_die ("publish", error);
  team_figure ("team_publish", start);
  if (g_getenv ("CONCORD_BENCH_TEAM_PUBLISH_ONLY") != NULL)
    goto done;

  g_printerr ("concord-bench: cloning\n");
  start = team_start ();
  replica = concord_team_clone (bob, "bob-secret", clone, &error);
  if (replica == NULL)
    team_die ("clone", error);
  team_figure ("team_clone", start);

  team_sync (replica, "bob-secret", "team_sync_noop");

  rename_accounts (workbook, 100);
  team_sync (workbook, "alice-secret", "team_push_100");
  team_sync (replica, "bob-secret", "team_pull_100");

done:
  g_clear_object (&replica);
  g_clear_object (&workbook);
  test_pg_teardown (&server);
  return 0;
}
