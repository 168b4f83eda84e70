/* concord-cli-exchange.c: export-json and import-json */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "concord-cli.h"
#include "concord-exchange.h"

/* A whole workbook goes out as it is read, never held as one text. */
static gboolean
write_stdout (const char  *data,
              gsize        length,
              gpointer     user_data,
              GError     **error)
{
  int saved;

  if (fwrite (data, 1, length, stdout) == length)
    return TRUE;

  saved = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("could not write to standard output: %s"), g_strerror (saved));
  return FALSE;
}

int
concord_cli_export_json (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autofree char *output = NULL;
  GError *error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to OUT instead of standard output"), N_("OUT") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — write the whole workbook as a JSON document"));
  if ((status = concord_cli_parse (context, entries, &argc, &argv)) >= 0)
    return status;

  if (argc != 2)
    return concord_cli_usage_error (context, _("export-json takes exactly one FILE"));

  /* Opened writable when possible, so a workbook from an older Concord is
   * upgraded first; exporting itself writes nothing. Only this thread
   * ever uses the workbook: the command line starts no other, and the
   * export runs where it is called. */
  workbook = concord_workbook_open (argv[1], CONCORD_OPEN_ONE_THREAD, &error);
  if (workbook == NULL)
    return concord_cli_fail (error);

  if (output != NULL)
    {
      if (!concord_exchange_export_file (workbook, NULL, output, &error))
        return concord_cli_fail (error);
    }
  else if (!concord_exchange_export_stream (workbook, NULL, write_stdout, NULL, &error))
    return concord_cli_fail (error);
  else if (fflush (stdout) != 0)
    {
      g_printerr (_("concord-cli: could not write to standard output: %s\n"), g_strerror (errno));
      return CLI_EXIT_FINDINGS;
    }

  return CLI_EXIT_OK;
}

/* One line per item, in the words the merge dialog uses. */
static void
print_items (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *line = concord_conflict_describe (g_ptr_array_index (items, i));

      g_print ("  %s\n", line);
    }
}

static void
print_kept (ConcordMergePlan *plan)
{
  GPtrArray *kept = concord_merge_plan_get_kept (plan);

  if (kept->len == 0)
    return;

  g_print (_("Kept as they are here (ours is the newer):\n"));
  print_items (kept);
}

int
concord_cli_import_json (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autofree char *conflicts = NULL;
  g_autofree char *summary = NULL;
  GPtrArray *found;
  GError *error = NULL;
  int status;
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "conflicts", 0, 0, G_OPTION_ARG_STRING, &conflicts,
      N_("Settle every conflict: keep mine, or take theirs"), N_("mine|theirs") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Say what would change, change nothing"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE IN.json — merge a JSON document into a workbook"));
  if ((status = concord_cli_parse (context, entries, &argc, &argv)) >= 0)
    return status;

  if (argc != 3)
    return concord_cli_usage_error (context, _("import-json takes a workbook FILE and a document IN.json"));
  if (conflicts != NULL && !g_str_equal (conflicts, "mine") && !g_str_equal (conflicts, "theirs"))
    return concord_cli_usage_error (context, _("--conflicts takes mine or theirs"));

  workbook = concord_cli_open (argv[1], TRUE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  plan = concord_merge_plan_new_from_file (workbook, argv[2], &error);
  if (plan == NULL)
    return concord_cli_fail (error);

  found = concord_merge_plan_get_conflicts (plan);
  if (found->len > 0 && conflicts == NULL)
    {
      g_printerr (_("concord-cli: both sides changed these since they last shared them; nothing was imported.\n"
                    "Choose with --conflicts mine or --conflicts theirs, or merge in the app to pick one by one.\n"));
      print_items (found);
      return CLI_EXIT_FINDINGS;
    }

  if (conflicts != NULL)
    concord_merge_plan_resolve_all (plan, g_str_equal (conflicts, "mine") ? CONCORD_RESOLVE_MINE
                                                                          : CONCORD_RESOLVE_THEIRS);

  summary = concord_merge_plan_summary (plan);
  if (dry_run)
    {
      g_print (_("Would import: %s\n"), summary);
      print_kept (plan);
      return CLI_EXIT_OK;
    }

  /* Nobody can undo it once this command has ended. */
  concord_merge_plan_set_undoable (plan, FALSE);
  if (!concord_merge_plan_apply (plan, &error))
    return concord_cli_fail (error);

  g_print (_("Imported: %s\n"), summary);
  print_kept (plan);

  return CLI_EXIT_OK;
}
