/* concord-cli-report.c: report weekly|monthly */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-cli.h"
#include "concord-report-cairo.h"
#include "concord-report.h"

int
concord_cli_report (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordReport) report = NULL;
  g_autofree char *date = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  ConcordReportKind kind;
  GError *error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date, N_("The day the report is for (default: today)"), N_("YYYY-MM-DD") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("md, html or pdf (default: md)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to OUT (needed for pdf)"), N_("OUT") },
    { NULL }
  };

  context = g_option_context_new (_("weekly|monthly FILE — the weekly update or the monthly dashboard"));
  if ((status = concord_cli_parse (context, entries, &argc, &argv)) >= 0)
    return status;

  if (argc != 3 || !concord_report_kind_parse (argv[1], &kind))
    return concord_cli_usage_error (context, _("report takes weekly or monthly, then a workbook FILE"));
  if (format == NULL)
    format = g_strdup ("md");
  if (!g_str_equal (format, "md") && !g_str_equal (format, "html") && !g_str_equal (format, "pdf"))
    return concord_cli_usage_error (context, _("--format takes md, html or pdf"));
  if (g_str_equal (format, "pdf") && output == NULL)
    return concord_cli_usage_error (context, _("a PDF needs -o OUT.pdf"));

  workbook = concord_cli_open (argv[2], FALSE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  report = concord_report_build (workbook, kind, date, &error);
  if (report == NULL)
    return concord_cli_fail (error);

  if (output != NULL)
    return concord_report_write_file (report, format, output, &error) ? CLI_EXIT_OK : concord_cli_fail (error);

  text = g_str_equal (format, "md") ? concord_report_to_markdown (report) : concord_report_to_html (report);

  return concord_cli_write (NULL, text, -1);
}
