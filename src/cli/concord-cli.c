/* concord-cli.c: the headless entry point over the core */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "concord-cli.h"
#include "concord-i18n.h"

typedef struct
{
  const char        *name;
  ConcordCliCommand  run;
  const char        *summary;
} Command;

/* One line per subcommand; keep them in the order of the help text. */
static const Command commands[] = {
  { "init", concord_cli_init, N_("Create a new workbook (--sample to fill it)") },
  { "info", concord_cli_info, N_("Show schema version, record counts and integrity") },
  { "check", concord_cli_check, N_("List validation findings; exit 1 when there are any") },
  { "export-role-map", concord_cli_export_role_map, N_("Export a role map as CSV, Markdown or HTML") },
  { "assess", concord_cli_assess, N_("Record a maturity assessment for one team") },
  { "roadmap", concord_cli_roadmap, N_("Show maturity stages, targets and initiatives") },
  { "import-csv", concord_cli_import_csv, N_("Import accounts or contacts from a CRM’s CSV export") },
  { "export-csv", concord_cli_export_csv, N_("Export the account list as CSV, safe for spreadsheets") },
  { "export-json", concord_cli_export_json, N_("Write the whole workbook as a JSON document") },
  { "import-json", concord_cli_import_json, N_("Merge a JSON document into a workbook") },
#ifdef CONCORD_HAVE_TEAM
  { "team", concord_cli_team, N_("Publish a workbook to a team server, or clone one from it") },
  { "sync", concord_cli_sync, N_("Send local changes to the team server and receive the team’s") },
#endif
  { "report", concord_cli_report, N_("Write the weekly update or monthly dashboard (md, html, pdf)") },
  { "recover", concord_cli_recover, N_("Read the records of a refused workbook into a new one") },
  { "describe", concord_cli_describe, N_("Print the JSON Schema or the Markdown of the workbook’s tables") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: concord-cli COMMAND [OPTIONS] FILE …"),
           _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “concord-cli COMMAND --help” for a command’s options."));
}

int
main (int    argc,
      char **argv)
{
  concord_i18n_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--version") || g_str_equal (argv[1], "version"))
    {
      g_print ("concord-cli %s\n", PACKAGE_VERSION);
      return CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("concord-cli %s", commands[i].name);

          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  g_printerr (_("concord-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);

  return CLI_EXIT_USAGE;
}
