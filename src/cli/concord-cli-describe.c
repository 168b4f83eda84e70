/* concord-cli-describe.c: describe, what the table description says */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-cli.h"
#include "concord-tables.h"

int
concord_cli_describe (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  gboolean json_schema = FALSE;
  gboolean markdown = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json-schema", 0, 0, G_OPTION_ARG_NONE, &json_schema,
      N_("Print the JSON Schema of an exchange document"), NULL },
    { "markdown", 0, 0, G_OPTION_ARG_NONE, &markdown,
      N_("Print the tables of docs/schema.md"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("— describe the tables of a workbook"));
  if ((status = concord_cli_parse (context, entries, &argc, &argv)) >= 0)
    return status;

  if (argc != 1)
    return concord_cli_usage_error (context, _("describe takes no FILE"));
  if (json_schema == markdown)
    return concord_cli_usage_error (context, _("describe needs one of --json-schema and --markdown"));

  text = json_schema ? concord_tables_json_schema () : concord_tables_markdown ();

  return concord_cli_write (output, text, -1);
}
