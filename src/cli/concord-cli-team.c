/* concord-cli-team.c: team publish, team clone and sync */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "concord-cli.h"
#include "concord-team.h"

/* Parses a team subcommand that takes two operands; returns -1 to go
 * on, or the exit status. */
static int
parse_two (GOptionContext *context,
           int            *argc,
           char         ***argv,
           const char     *usage)
{
  const GOptionEntry entries[] = { { NULL } };
  int status = concord_cli_parse (context, entries, argc, argv);

  if (status >= 0)
    return status;
  if (*argc != 3)
    return concord_cli_usage_error (context, usage);
  return -1;
}

static int
team_publish (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  GError *error = NULL;
  int status;

  context = g_option_context_new (_("FILE postgresql://… — put a workbook on an empty team database"));
  if ((status = parse_two (context, &argc, &argv,
                           _("team publish takes a workbook FILE and a postgresql:// address"))) >= 0)
    return status;

  workbook = concord_cli_open (argv[1], TRUE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;
  if (!concord_team_publish (workbook, argv[2], NULL, &error))
    return concord_cli_fail (error);

  g_print (_("Published “%s”; sync it with “concord-cli sync %s”.\n"), argv[1], argv[1]);
  return CLI_EXIT_OK;
}

static int
team_clone (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  GError *error = NULL;
  int status;

  context = g_option_context_new (_("postgresql://… FILE — make a local replica of a team workbook"));
  if ((status = parse_two (context, &argc, &argv,
                           _("team clone takes a postgresql:// address and a new workbook FILE"))) >= 0)
    return status;

  workbook = concord_team_clone (argv[1], NULL, argv[2], &error);
  if (workbook == NULL)
    return concord_cli_fail (error);

  g_print (_("Cloned into “%s”.\n"), argv[2]);
  return CLI_EXIT_OK;
}

int
concord_cli_team (int    argc,
                  char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "publish"))
    return team_publish (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "clone"))
    return team_clone (argc - 1, argv + 1);

  g_printerr (_("concord-cli team: say “publish FILE postgresql://…” or “clone postgresql://… FILE”\n"));
  return CLI_EXIT_USAGE;
}

static void
print_conflicts (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *line = concord_conflict_describe (g_ptr_array_index (items, i));

      g_print ("  %s\n", line);
    }
}

int
concord_cli_sync (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autofree char *conflicts = NULL;
  ConcordTeamSyncResult result = { 0 };
  ConcordResolution resolution = CONCORD_RESOLVE_UNSET;
  GError *error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "conflicts", 0, 0, G_OPTION_ARG_STRING, &conflicts,
      N_("Settle every conflict: keep mine, or take theirs"), N_("mine|theirs") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — send local changes to the team server and receive the team’s"));
  if ((status = concord_cli_parse (context, entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 2)
    return concord_cli_usage_error (context, _("sync takes exactly one workbook FILE"));
  if (conflicts != NULL && !g_str_equal (conflicts, "mine") && !g_str_equal (conflicts, "theirs"))
    return concord_cli_usage_error (context, _("--conflicts takes mine or theirs"));
  if (conflicts != NULL)
    resolution = g_str_equal (conflicts, "mine") ? CONCORD_RESOLVE_MINE : CONCORD_RESOLVE_THEIRS;

  workbook = concord_cli_open (argv[1], TRUE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  if (!concord_team_sync (workbook, NULL, resolution, &result, &error))
    {
      gboolean listed = g_error_matches (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_CONFLICTS);
      gboolean refused = g_error_matches (error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_PERMISSION);

      status = concord_cli_fail (error);
      if (refused)
        g_printerr (g_dngettext (NULL, "%u changed record waits here to be sent.\n",
                                 "%u changed records wait here to be sent.\n", result.waiting),
                    result.waiting);
      if (listed && result.plan != NULL)
        {
          g_printerr (_("Choose with --conflicts mine or --conflicts theirs, or merge in the app to pick one by one.\n"));
          print_conflicts (concord_merge_plan_get_conflicts (result.plan));
        }
      concord_team_sync_result_clear (&result);
      return status;
    }

  if (result.plan != NULL)
    {
      g_autofree char *summary = concord_merge_plan_summary (result.plan);

      g_print (_("Received: %s\n"), summary);
    }
  g_print (g_dngettext (NULL, "Sent %u changed record; the workbook is at server sequence %" PRId64 ".\n",
                        "Sent %u changed records; the workbook is at server sequence %" PRId64 ".\n",
                        result.pushed),
           result.pushed, result.seq);
  concord_team_sync_result_clear (&result);
  return CLI_EXIT_OK;
}
