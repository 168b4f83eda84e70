/* concord-cli-check.c: check and export-role-map */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-check.h"
#include "concord-cli.h"
#include "concord-role-maps.h"

int
concord_cli_check (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  GError *error = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON for machines"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — list every validation finding"));
  g_option_context_set_summary (context,
                                _("Role maps without exactly one Accountable or without a "
                                  "Responsible, stages without an owner or SLA, glossary "
                                  "terms not yet agreed, and more. Exits 0 when clean, 1 "
                                  "when there are findings."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      int status = concord_cli_usage_error (context, error->message);
      g_error_free (error);
      return status;
    }

  if (argc != 2)
    return concord_cli_usage_error (context, _("check takes exactly one FILE"));

  workbook = concord_cli_open (argv[1], FALSE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  findings = concord_check_workbook (workbook, &error);
  if (findings == NULL)
    return concord_cli_fail (error);

  if (as_json)
    {
      g_autoptr(JsonNode) node = concord_check_to_json (findings);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = concord_check_format_text (findings);

      g_print ("%s", text);
    }

  return findings->len == 0 ? CLI_EXIT_OK : CLI_EXIT_FINDINGS;
}

int
concord_cli_export_role_map (int    argc,
                             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordRoleMatrix) matrix = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  ConcordRoleExportFormat export_format;
  GError *error = NULL;
  gint64 map_id;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("csv, md or html (default csv)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to OUT instead of standard output"), N_("OUT") },
    { NULL }
  };

  context = g_option_context_new (_("FILE MAP-NAME — export one role map"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      int status = concord_cli_usage_error (context, error->message);
      g_error_free (error);
      return status;
    }

  if (argc != 3)
    return concord_cli_usage_error (context, _("export-role-map takes a FILE and a MAP-NAME"));

  if (format == NULL || g_str_equal (format, "csv"))
    export_format = CONCORD_ROLE_EXPORT_CSV;
  else if (g_str_equal (format, "md") || g_str_equal (format, "markdown"))
    export_format = CONCORD_ROLE_EXPORT_MARKDOWN;
  else if (g_str_equal (format, "html"))
    export_format = CONCORD_ROLE_EXPORT_HTML;
  else
    return concord_cli_usage_error (context, _("--format must be csv, md or html"));

  workbook = concord_cli_open (argv[1], FALSE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  map_id = concord_role_maps_lookup (workbook, argv[2]);
  if (map_id == 0)
    {
      g_printerr (_("concord-cli: “%s” has no role map named “%s”.\n"), argv[1], argv[2]);
      return CLI_EXIT_FINDINGS;
    }

  matrix = concord_role_matrix_load (workbook, map_id, &error);
  if (matrix == NULL)
    return concord_cli_fail (error);

  text = concord_role_matrix_export (matrix, export_format);

  return concord_cli_write (output, text, -1);
}
