/* concord-cli-init.c: init and info */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-cli.h"
#include "concord-info.h"

int
concord_cli_init (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  GError *error = NULL;
  int status;
  gboolean sample = FALSE;
  const GOptionEntry entries[] = {
    { "sample", 0, 0, G_OPTION_ARG_NONE, &sample,
      N_("Fill the new workbook with a sample company"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — create a new workbook"));
  if ((status = concord_cli_parse (context, entries, &argc, &argv)) >= 0)
    return status;

  if (argc != 2)
    return concord_cli_usage_error (context, _("init takes exactly one FILE"));

  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_printerr (_("concord-cli: “%s” already exists; it was left unchanged.\n"), argv[1]);
      return CLI_EXIT_FINDINGS;
    }

  workbook = concord_workbook_open (argv[1], CONCORD_OPEN_CREATE, &error);
  if (workbook == NULL)
    return concord_cli_fail (error);

  if (sample && !concord_workbook_add_sample (workbook, &error))
    return concord_cli_fail (error);

  g_print (sample ? _("Created %s with the sample company\n") : _("Created %s\n"),
           concord_workbook_get_path (workbook));

  return CLI_EXIT_OK;
}

int
concord_cli_info (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  int status;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON for machines"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — show what a workbook holds"));
  if ((status = concord_cli_parse (context, entries, &argc, &argv)) >= 0)
    return status;

  if (argc != 2)
    return concord_cli_usage_error (context, _("info takes exactly one FILE"));

  workbook = concord_cli_open (argv[1], FALSE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  if (as_json)
    {
      g_autoptr(JsonNode) info = concord_workbook_info (workbook);
      g_autofree char *text = json_to_string (info, TRUE);

      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = concord_workbook_info_text (workbook);

      g_print ("%s", text);
    }

  return CLI_EXIT_OK;
}
