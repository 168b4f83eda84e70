/* concord-cli-common.c: how every subcommand reports and opens files */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "concord-cli.h"
#include "concord-output.h"

/* Adds @entries and parses; returns -1 to go on, or the exit status of
 * a usage error already reported. */
int
concord_cli_parse (GOptionContext      *context,
                   const GOptionEntry  *entries,
                   int                 *argc,
                   char              ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return concord_cli_usage_error (context, error->message);

  return -1;
}

int
concord_cli_usage_error (GOptionContext *context,
                         const char     *message)
{
  g_autofree char *help = NULL;

  g_printerr ("concord-cli: %s\n\n", message);
  if (context != NULL)
    {
      help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
    }

  return CLI_EXIT_USAGE;
}

/* Prints the error and returns the exit code for it; takes @error. */
int
concord_cli_fail (GError *error)
{
  g_printerr ("concord-cli: %s\n", error->message);
  g_error_free (error);

  return CLI_EXIT_FINDINGS;
}

/* Opens an existing workbook, or prints why not and returns NULL. */
ConcordWorkbook *
concord_cli_open (const char *path,
                  gboolean    writable)
{
  GError *error = NULL;
  ConcordWorkbook *workbook;

  /* Only this thread ever uses the workbook: the command line starts no
   * other, and never opens asynchronously. */
  workbook = concord_workbook_open (path,
                                    (writable ? CONCORD_OPEN_DEFAULT : CONCORD_OPEN_READ_ONLY) |
                                    CONCORD_OPEN_ONE_THREAD,
                                    &error);
  if (workbook == NULL)
    {
      concord_cli_fail (error);
      return NULL;
    }

  if (writable && concord_workbook_get_read_only (workbook))
    {
      const char *reason = concord_workbook_get_read_only_reason (workbook);

      g_printerr (_("concord-cli: “%s” is read-only; nothing was changed.\n"),
                  concord_workbook_get_path (workbook));
      if (reason != NULL)
        g_printerr ("concord-cli: %s\n", reason);
      g_object_unref (workbook);
      return NULL;
    }

  return workbook;
}

/* Writes an output to the file @output (whole, or not at all; see
 * concord-output.h) or, when NULL, to standard output, which is checked
 * too: "report … > full-disk/report.md" must not exit 0. Returns the
 * exit status. */
int
concord_cli_write (const char *output,
                   const void *data,
                   gssize      length)
{
  GError *error = NULL;

  if (length < 0)
    length = strlen (data);

  if (output != NULL)
    return concord_output_write_file (output, data, length, &error) ? CLI_EXIT_OK : concord_cli_fail (error);

  if (fwrite (data, 1, (gsize) length, stdout) != (gsize) length || fflush (stdout) != 0)
    {
      g_printerr (_("concord-cli: could not write to standard output: %s\n"), g_strerror (errno));
      return CLI_EXIT_FINDINGS;
    }

  return CLI_EXIT_OK;
}
