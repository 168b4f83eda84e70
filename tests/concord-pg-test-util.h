/* concord-pg-test-util.h: a throwaway PostgreSQL server for the team tests */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* One server per test: initdb in a fresh temporary folder, listening on a
 * Unix socket there only, run as ourselves (or nobody when we are root),
 * with the roles and the database docs/team.md sets up: concord_member
 * (alice, bob), concord_viewer (vera), and the empty database "team"
 * owned by alice. Every password is the user's name and "-secret". */
typedef struct
{
  char     *dir;      /* the server's folder: data, socket, log */
  char     *data;
  char     *work;     /* the laptops' workbooks */
  uid_t     uid;      /* who runs the server */
  gid_t     gid;
  gboolean  running;
} TestPgServer;

void    test_pg_setup      (TestPgServer *server);
void    test_pg_teardown   (TestPgServer *server);
void    test_pg_start      (TestPgServer *server);
/* Kills the server the hard way, as a crash or a pulled cable would. */
void    test_pg_kill       (TestPgServer *server);
char   *test_pg_url        (TestPgServer *server,
                            const char   *database,
                            const char   *user);
/* The password the next connection gives, as a user sets PGPASSWORD. */
void    test_pg_password   (const char   *user);
void    test_pg_admin_exec (TestPgServer *server,
                            const char   *sql);
/* Runs @sql as the administrator on "team". */
void    test_pg_team_exec  (TestPgServer *server,
                            const char   *sql);
/* The first value of @sql, run by the administrator on "team". */
gint64  test_pg_count      (TestPgServer *server,
                            const char   *sql);

G_END_DECLS
