/* concord-cli-recover.c: recover, the records of a refused workbook */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-cli.h"
#include "concord-recover.h"

int
concord_cli_recover (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) dropped = NULL;
  guint n_records = 0;
  gboolean complete = TRUE;
  int status;
  const GOptionEntry entries[] = {
    { NULL }
  };

  context = g_option_context_new (_("IN OUT — read the records of a refused workbook into a new one"));
  g_option_context_set_description (context,
                                    _("Nothing that IN carries runs, and IN is not changed: its "
                                      "records are read on a private copy and written into the new "
                                      "workbook OUT through its rules. What was left out is listed, and the exit "
                                      "status is 1 when records were left out."));
  if ((status = concord_cli_parse (context, entries, &argc, &argv)) >= 0)
    return status;

  if (argc != 3)
    return concord_cli_usage_error (context, _("recover takes a workbook IN and a new file OUT"));

  if (!concord_recover (argv[1], argv[2], &n_records, &complete, &dropped, &error))
    return concord_cli_fail (g_steal_pointer (&error));

  g_print (g_dngettext (GETTEXT_PACKAGE, "Recovered %u record from %s into %s\n",
                        "Recovered %u records from %s into %s\n", n_records),
           n_records, argv[1], argv[2]);
  if (dropped[0] != NULL)
    g_print ("%s\n", _("Left out:"));
  for (guint i = 0; dropped[i] != NULL; i++)
    g_print ("  %s\n", dropped[i]);

  if (!complete)
    {
      g_printerr ("%s\n", _("Some records of the workbook were left out of the copy; they are listed above."));
      return CLI_EXIT_FINDINGS;
    }

  return CLI_EXIT_OK;
}
