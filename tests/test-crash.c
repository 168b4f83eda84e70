/* test-crash.c: killing Concord in the middle of an edit loses nothing
 *
 * The test runs itself again as a child ("--child") that edits a workbook
 * as fast as it can and reports each edit on stdout twice: "P <edit>"
 * before it starts and "<edit>" once the store said it was saved. The
 * parent kills the child with SIGKILL at a random moment, then checks that
 * the workbook passes the integrity check and holds every edit reported as
 * saved; the one edit in flight may be there or not, but whole or not at
 * all. Then it starts a new child on the same file, and again.
 *
 * The suite runs a short version; CONCORD_CRASH_KILLS=200 runs the long
 * one: CONCORD_CRASH_KILLS=200 meson test -C build crash
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "concord-test-util.h"
#include "concord-workbook-private.h"

#define DEFAULT_KILLS 25
#define MAX_CHILD_EDITS 200000
#define BATCH_SIZE 20

/* The child ----------------------------------------------------------------- */

static void
report (const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  gsize len = strlen (text);
  const char *p = text;

  /* Unbuffered, so what the parent reads is exactly what was said. */
  while (len > 0)
    {
      ssize_t n = write (STDOUT_FILENO, p, len);

      if (n <= 0)
        exit (3);
      p += n;
      len -= (gsize) n;
    }
}

/* An account with its contact and touch, inside the caller's edit. */
static gboolean
insert_account (ConcordWorkbook  *workbook,
                const char       *uuid,
                const char       *domain,
                const char       *industry,
                gint64            value,
                GError          **error)
{
  g_autoptr(ConcordFields) account = concord_fields_new ();
  g_autoptr(ConcordFields) contact = concord_fields_new ();
  g_autoptr(ConcordFields) touch = concord_fields_new ();
  g_autofree char *name = g_strdup_printf ("Crash %" G_GINT64_FORMAT, value);
  gint64 id;

  if (uuid != NULL)
    concord_fields_set_string (account, "uuid", uuid);
  concord_fields_set_string (account, "name", name);
  concord_fields_set_string (account, "domain", domain);
  if (industry != NULL)
    concord_fields_set_string (account, "industry", industry);
  concord_fields_set_int (account, "employees", value);
  id = concord_workbook_insert (workbook, "accounts", account, error);
  if (id == 0)
    return FALSE;

  concord_fields_set_id (contact, "account_id", id);
  concord_fields_set_string (contact, "name", "Dana Whitfield");
  concord_fields_set_string (contact, "role", "champion");
  if (concord_workbook_insert (workbook, "contacts", contact, error) == 0)
    return FALSE;

  concord_fields_set_id (touch, "account_id", id);
  concord_fields_set_string (touch, "touched_on", "2026-03-02");
  concord_fields_set_string (touch, "channel", "meeting");
  concord_fields_set_string (touch, "team", "joint");

  return concord_workbook_insert (workbook, "touches", touch, error) != 0;
}

static gboolean
child_add (ConcordWorkbook  *workbook,
           const char       *uuid,
           gint64            value,
           GError          **error)
{
  if (!concord_workbook_begin (workbook, "Add account", error))
    return FALSE;

  if (!insert_account (workbook, uuid, "crash.example", NULL, value, error))
    {
      concord_workbook_rollback (workbook);
      return FALSE;
    }

  return concord_workbook_commit (workbook, error);
}

/* Many accounts in one edit, as an import does: all or none survive. */
static gboolean
child_batch (ConcordWorkbook  *workbook,
             const char       *batch,
             gint64            value,
             GError          **error)
{
  if (!concord_workbook_begin (workbook, "Import accounts", error))
    return FALSE;

  for (guint i = 0; i < BATCH_SIZE; i++)
    if (!insert_account (workbook, NULL, "batch.example", batch, value, error))
      {
        concord_workbook_rollback (workbook);
        return FALSE;
      }

  return concord_workbook_commit (workbook, error);
}

static int
run_child (const char *path,
           guint32     seed,
           gint64      base)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  /* Never outlive a parent that died before killing us. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  if (workbook == NULL)
    g_error ("child: %s", error->message);
  report ("R");

  for (gint64 n = 0; n < MAX_CHILD_EDITS; n++)
    {
      gint64 value = base + n;
      g_autofree char *line = NULL;
      g_autofree char *pending = NULL;
      g_autofree char *uuid = NULL;
      sqlite3_stmt *pick;
      gint64 id = 0;
      int kind = g_rand_int_range (rand, 0, 10);

      pick = concord_workbook_prepare (workbook,
                                       "SELECT id, uuid FROM accounts WHERE domain = 'crash.example' "
                                       "ORDER BY random () LIMIT 1", &error);
      g_assert_no_error (error);
      if (sqlite3_step (pick) == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (pick, 0);
          uuid = g_strdup ((const char *) sqlite3_column_text (pick, 1));
        }
      sqlite3_reset (pick);

      if (id == 0 || kind < 5)
        {
          /* Add an account with its contact and touch, as one edit;
           * sometimes undo it straight away. */
          g_free (uuid);
          uuid = g_uuid_string_random ();
          line = g_strdup_printf ("A %s %" G_GINT64_FORMAT, uuid, value);
          pending = g_strconcat ("P ", line, NULL);
          report (pending);
          if (!child_add (workbook, uuid, value, &error))
            g_error ("child: %s", error->message);
          report (line);

          if (kind == 0)
            {
              g_clear_pointer (&line, g_free);
              g_clear_pointer (&pending, g_free);
              line = g_strdup_printf ("X %s", uuid);
              pending = g_strconcat ("P ", line, NULL);
              report (pending);
              if (!concord_workbook_undo (workbook, &error))
                g_error ("child: %s", error->message);
              report (line);
            }
        }
      else if (kind == 9)
        {
          g_free (uuid);
          uuid = g_uuid_string_random ();
          line = g_strdup_printf ("B %s %" G_GINT64_FORMAT, uuid, value);
          pending = g_strconcat ("P ", line, NULL);
          report (pending);
          if (!child_batch (workbook, uuid, value, &error))
            g_error ("child: %s", error->message);
          report (line);
        }
      else if (kind < 8)
        {
          g_autoptr(ConcordFields) fields = concord_fields_new ();

          concord_fields_set_int (fields, "employees", value);
          line = g_strdup_printf ("U %s %" G_GINT64_FORMAT, uuid, value);
          pending = g_strconcat ("P ", line, NULL);
          report (pending);
          if (!concord_workbook_update (workbook, "accounts", id, fields, &error))
            g_error ("child: %s", error->message);
          report (line);
        }
      else
        {
          /* The cascade removes the contact and touch in the same edit. */
          line = g_strdup_printf ("D %s", uuid);
          pending = g_strconcat ("P ", line, NULL);
          report (pending);
          if (!concord_workbook_delete (workbook, "accounts", id, &error))
            g_error ("child: %s", error->message);
          report (line);
        }

    }

  return 0;
}

/* The parent ---------------------------------------------------------------- */

typedef struct
{
  GHashTable *batches;   /* uuids of the batches reported saved */
  GHashTable *expected;  /* uuid -> value (gint64 *), or absent when deleted */
  guint       n_saved;   /* edits reported saved, over all rounds */
  guint       n_in_flight;
} CrashState;

typedef struct
{
  char   kind;   /* A, U, D, X */
  char  *uuid;
  gint64 value;
} Edit;

static gboolean
parse_edit (const char *line,
            Edit       *edit)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", 3);
  guint n = g_strv_length (parts);

  if (n < 2 || strlen (parts[0]) != 1 || strchr ("AUDXB", parts[0][0]) == NULL)
    return FALSE;

  edit->kind = parts[0][0];
  edit->uuid = g_strdup (parts[1]);
  edit->value = n > 2 ? g_ascii_strtoll (parts[2], NULL, 10) : 0;

  return TRUE;
}

static void
apply_edit (CrashState *state,
            const Edit *edit)
{
  GHashTable *expected = state->expected;

  switch (edit->kind)
    {
    case 'B':
      g_hash_table_add (state->batches, g_strdup (edit->uuid));
      break;

    case 'A':
    case 'U':
      g_hash_table_insert (expected, g_strdup (edit->uuid), g_memdup2 (&edit->value, sizeof edit->value));
      break;

    case 'D':
    case 'X':
      g_hash_table_remove (expected, edit->uuid);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* The account's value in the file, or -1 when it is not there. */
static gint64
lookup_value (ConcordWorkbook *workbook,
              const char      *uuid)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook),
                                       "SELECT employees FROM accounts WHERE uuid = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);

  return value;
}

static gint64
count_batch (ConcordWorkbook *workbook,
             const char      *batch)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook),
                                       "SELECT count(*) FROM accounts WHERE industry = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, batch, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static void
verify_workbook (const char *path,
                 CrashState *state,
                 const Edit *in_flight,
                 guint       round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autofree char *integrity = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 n_present = 0;

  /* Opening runs the quick check and refuses a damaged file. */
  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  if (workbook == NULL)
    g_error ("round %u: the workbook no longer opens: %s", round, error->message);

  integrity = test_query_string (workbook, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_true (concord_workbook_exec (workbook,
                                        "INSERT INTO accounts_fts (accounts_fts) VALUES ('integrity-check')",
                                        &error));
  g_assert_no_error (error);

  /* The edit in flight happened whole or not at all; learn which. */
  if (in_flight != NULL && in_flight->kind == 'B')
    {
      gint64 n = count_batch (workbook, in_flight->uuid);

      g_assert_true (n == 0 || n == BATCH_SIZE);
      if (n == BATCH_SIZE)
        g_hash_table_add (state->batches, g_strdup (in_flight->uuid));
    }
  else if (in_flight != NULL)
    {
      gint64 actual = lookup_value (workbook, in_flight->uuid);
      gint64 *before = g_hash_table_lookup (state->expected, in_flight->uuid);

      switch (in_flight->kind)
        {
        case 'A':
          g_assert_true (before == NULL);
          g_assert_true (actual == -1 || actual == in_flight->value);
          break;
        case 'U':
          g_assert_nonnull (before);
          g_assert_true (actual == *before || actual == in_flight->value);
          break;
        case 'D':
        case 'X':
          g_assert_nonnull (before);
          g_assert_true (actual == -1 || actual == *before);
          break;
        default:
          g_assert_not_reached ();
        }

      if (actual == -1)
        g_hash_table_remove (state->expected, in_flight->uuid);
      else
        g_hash_table_insert (state->expected, g_strdup (in_flight->uuid),
                             g_memdup2 (&actual, sizeof actual));
    }

  /* Every edit reported saved is in the file. */
  g_hash_table_iter_init (&iter, state->expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 actual = lookup_value (workbook, key);

      if (actual != *(gint64 *) value)
        g_error ("round %u: account %s should hold %" G_GINT64_FORMAT
                 " but holds %" G_GINT64_FORMAT " (-1: missing)",
                 round, (const char *) key, *(gint64 *) value, actual);
      n_present++;
    }

  /* Every batch reported saved is there whole, and no other. */
  g_hash_table_iter_init (&iter, state->batches);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_cmpint (count_batch (workbook, key), ==, BATCH_SIZE);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE domain = 'batch.example'"),
                   ==, BATCH_SIZE * g_hash_table_size (state->batches));

  /* Nothing else, and every account came with its contact and touch. */
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE domain = 'crash.example'"),
                   ==, n_present);
  g_assert_cmpint (test_query_int (workbook,
                                   "SELECT count(*) FROM accounts AS a WHERE domain IN ('crash.example', 'batch.example') AND "
                                   "((SELECT count(*) FROM contacts WHERE account_id = a.id) != 1 OR "
                                   " (SELECT count(*) FROM touches WHERE account_id = a.id) != 1)"),
                   ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM contacts WHERE account_id NOT IN "
                                   "(SELECT id FROM accounts)"), ==, 0);
}

static void
run_round (const char *path,
           CrashState *state,
           guint       round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  GInputStream *pipe;
  g_autofree char *seed = g_strdup_printf ("%u", g_test_rand_int ());
  g_autofree char *base = g_strdup_printf ("%u", (round + 1) * 1000000);
  g_auto(GStrv) lines = NULL;
  char buffer[4096];
  gssize n;
  Edit in_flight = { 0 };
  gboolean have_in_flight = FALSE;
  int status;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            "/proc/self/exe", "--child", path, seed, base, NULL);
  g_assert_no_error (error);

  pipe = g_subprocess_get_stdout_pipe (child);

  /* One round in five kills during the open (recovering the log the last
   * kill left); the others a few dozen edits after it, however slow the
   * machine is. */
  if (g_test_rand_int_range (0, 5) > 0)
    {
      while (strstr (out->str, "R\n") == NULL &&
             (n = g_input_stream_read (pipe, buffer, sizeof buffer, NULL, &error)) > 0)
        g_string_append_len (out, buffer, n);
      g_assert_no_error (error);
      g_usleep (g_test_rand_int_range (0, 50000));
    }
  else
    g_usleep (g_test_rand_int_range (0, 20000));
  g_subprocess_send_signal (child, SIGKILL);

  while ((n = g_input_stream_read (pipe, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (out, buffer, n);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  status = g_subprocess_get_status (child);
  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    g_error ("round %u: the child stopped on its own (status %d)", round, status);

  lines = g_strsplit (out->str, "\n", -1);

  /* The last piece has no newline: cut short by the kill, or empty. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_equal (line, "R"))
        continue;

      if (g_str_has_prefix (line, "P "))
        {
          g_assert_false (have_in_flight);
          g_assert_true (parse_edit (line + 2, &in_flight));
          have_in_flight = TRUE;
        }
      else
        {
          Edit saved = { 0 };

          g_assert_true (parse_edit (line, &saved));
          g_assert_true (have_in_flight);
          g_assert_cmpint (saved.kind, ==, in_flight.kind);
          g_assert_cmpstr (saved.uuid, ==, in_flight.uuid);
          apply_edit (state, &saved);
          state->n_saved++;
          g_free (saved.uuid);
          g_clear_pointer (&in_flight.uuid, g_free);
          have_in_flight = FALSE;
        }
    }

  if (have_in_flight)
    state->n_in_flight++;
  verify_workbook (path, state, have_in_flight ? &in_flight : NULL, round);
  g_free (in_flight.uuid);
}

static void
test_kill (WorkbookFixture *fixture,
           gconstpointer    data)
{
  const char *kills_env = g_getenv ("CONCORD_CRASH_KILLS");
  guint n_kills = kills_env ? (guint) g_ascii_strtoull (kills_env, NULL, 10) : DEFAULT_KILLS;
  CrashState state = { 0 };

  if (n_kills == 0)
    n_kills = DEFAULT_KILLS;

  state.expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state.batches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  workbook_fixture_close (fixture);

  for (guint round = 0; round < n_kills; round++)
    run_round (fixture->path, &state, round);

  g_test_message ("%u kills, %u edits saved, %u killed in flight, %u accounts and %u batches at the end",
                  n_kills, state.n_saved, state.n_in_flight,
                  g_hash_table_size (state.expected), g_hash_table_size (state.batches));
  /* Make sure the test tested something. */
  g_assert_cmpuint (state.n_saved, >, 0);
  g_assert_cmpuint (state.n_in_flight, >, 0);
  g_hash_table_unref (state.expected);
  g_hash_table_unref (state.batches);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2],
                      (guint32) g_ascii_strtoull (argv[3], NULL, 10),
                      g_ascii_strtoll (argv[4], NULL, 10));

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/crash/sigkill", WorkbookFixture, NULL,
              workbook_fixture_setup, test_kill, workbook_fixture_teardown);

  return g_test_run ();
}
