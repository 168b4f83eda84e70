/* concord-cli-accounts.c: import-csv and export-csv */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-account-import.h"
#include "concord-accounts.h"
#include "concord-cli.h"

/* Enough lines to see what is wrong, not a thousand of them. */
#define MAX_PRINTED 10

static void
print_problems (GPtrArray  *problems,
                guint       n_total,
                const char *kind)
{
  for (guint i = 0; i < problems->len && i < MAX_PRINTED; i++)
    {
      ConcordImportProblem *problem = g_ptr_array_index (problems, i);

      /* Translators: "rejected: line 12: the account name is empty." */
      g_printerr (_("%s: line %u: %s\n"), kind, problem->line, problem->reason);
    }

  if (n_total > MAX_PRINTED)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: … and %u more line\n", "%s: … and %u more lines\n",
                             n_total - MAX_PRINTED),
                kind, n_total - MAX_PRINTED);
}

int
concord_cli_import_csv (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordAccountImport) import = NULL;
  g_auto(GStrv) maps = NULL;
  g_autofree char *on_duplicate = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *source = NULL;
  g_autofree char *summary = NULL;
  GError *error = NULL;
  gboolean skip_rejected = FALSE;
  gboolean dry_run = FALSE;
  GPtrArray *problems, *warnings;
  ConcordImportKind kind;
  ConcordDuplicateMode mode = CONCORD_DUPLICATE_UPDATE;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Fill FIELD from COLUMN (FIELD “-” leaves the column out); may be repeated"), N_("COLUMN=FIELD") },
    { "on-duplicate", 0, 0, G_OPTION_ARG_STRING, &on_duplicate,
      N_("What to do with a row whose record id, domain (accounts) or email (contacts) is already in the workbook: "
         "update (default), fill (only its empty fields), skip or create"),
      "update|fill|skip|create" },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source,
      N_("The CRM the file comes from, kept with each record id (guessed from the headers: hubspot, salesforce, pipedrive or csv)"),
      N_("SYSTEM") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Say what importing would do, and save nothing"), NULL },
    { "skip-rejected", 0, 0, G_OPTION_ARG_NONE, &skip_rejected,
      N_("Import the good rows even when some are rejected"), NULL },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
      N_("Read the file in ENC instead of UTF-8: WINDOWS-1252, ISO-8859-1 or another name iconv knows"),
      N_("ENC") },
    { NULL }
  };

  context = g_option_context_new (_("FILE accounts|contacts IN.csv — import a CRM export"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      int status = concord_cli_usage_error (context, error->message);
      g_error_free (error);
      return status;
    }

  if (argc != 4)
    return concord_cli_usage_error (context, _("import-csv takes a workbook FILE, “accounts” or “contacts”, and a CSV file"));
  if (!concord_account_import_parse_kind (argv[2], &kind))
    return concord_cli_usage_error (context, _("the second argument must be “accounts” or “contacts”"));
  if (on_duplicate != NULL && !concord_account_import_parse_duplicate_mode (on_duplicate, &mode))
    return concord_cli_usage_error (context, _("--on-duplicate takes update, fill, skip or create"));

  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    if (strchr (maps[i], '=') == NULL)
      return concord_cli_usage_error (context, _("--map takes COLUMN=FIELD"));

  workbook = concord_cli_open (argv[1], TRUE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  import = concord_account_import_new_for_path_full (workbook, kind, argv[3], encoding, &error);
  if (import == NULL)
    {
      if (g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING))
        {
          g_printerr (_("concord-cli: %s\nNothing was imported. Run again with --encoding ENC, "
                        "for example --encoding WINDOWS-1252.\n"), error->message);
          g_error_free (error);
          return CLI_EXIT_FINDINGS;
        }
      return concord_cli_fail (error);
    }

  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (maps[i], "=", 2);

      if (!concord_account_import_map_column (import, parts[0], parts[1], &error))
        {
          int status = concord_cli_usage_error (NULL, error->message);
          g_error_free (error);
          return status;
        }
    }

  if (source != NULL && !concord_account_import_set_source_system (import, source, &error))
    {
      int status = concord_cli_usage_error (NULL, error->message);
      g_error_free (error);
      return status;
    }

  concord_account_import_set_duplicate_mode (import, mode);
  concord_account_import_set_skip_rejected (import, skip_rejected);

  if (dry_run)
    ok = concord_account_import_count (import, &error);
  else
    ok = concord_account_import_run (import, NULL, &error);
  problems = concord_account_import_get_problems (import);
  warnings = concord_account_import_get_warnings (import);
  print_problems (problems, concord_account_import_get_n_rejected (import), _("rejected"));
  print_problems (warnings, warnings->len, _("warning"));

  if (!ok && concord_account_import_get_n_rejected (import) > 0 &&
      g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_INVALID))
    {
      g_printerr (_("concord-cli: %s\nRun again with --skip-rejected to import the other rows.\n"), error->message);
      g_error_free (error);
      return CLI_EXIT_FINDINGS;
    }
  if (!ok)
    return concord_cli_fail (error);

  summary = concord_account_import_dup_summary (import);
  if (dry_run)
    {
      g_autofree char *conventions = concord_account_import_dup_conventions (import);

      /* TRANSLATORS: %s is "12 added, 3 updated, 1 skipped, 2 rejected" */
      g_print (_("Would import: %s\n"), summary);
      if (concord_account_import_get_n_overwritten (import) > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "Updates would change %u field that holds something else; --on-duplicate fill keeps it.\n",
                              "Updates would change %u fields that hold something else; --on-duplicate fill keeps them.\n",
                              concord_account_import_get_n_overwritten (import)),
                 concord_account_import_get_n_overwritten (import));
      if (conventions != NULL)
        g_print ("%s\n", conventions);
      g_print (_("Nothing was saved (--dry-run).\n"));
    }
  else
    g_print ("%s\n", summary);

  return concord_account_import_get_n_rejected (import) > 0 ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}

int
concord_cli_export_csv (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *output = NULL;
  g_autofree char *tier = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *search = NULL;
  GError *error = NULL;
  ConcordAccountFilter filter = { 0 };
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to OUT instead of standard output"), N_("OUT") },
    { "tier", 0, 0, G_OPTION_ARG_STRING, &tier, N_("Only accounts of this tier (strategic, few, many)"), N_("TIER") },
    { "stage", 0, 0, G_OPTION_ARG_STRING, &stage, N_("Only accounts at this stage"), N_("STAGE") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only accounts matching these words"), N_("WORDS") },
    { NULL }
  };

  context = g_option_context_new (_("FILE accounts — export the account list as CSV"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      int status = concord_cli_usage_error (context, error->message);
      g_error_free (error);
      return status;
    }

  if (argc != 3 || !g_str_equal (argv[2], "accounts"))
    return concord_cli_usage_error (context, _("export-csv takes a workbook FILE and “accounts”"));
  if (tier != NULL && concord_accounts_choice_index (CONCORD_CHOICE_TIER, tier) < 0)
    return concord_cli_usage_error (context, _("--tier takes strategic, few or many"));
  if (stage != NULL && concord_accounts_choice_index (CONCORD_CHOICE_STAGE, stage) < 0)
    return concord_cli_usage_error (context, _("--stage takes target, engaged, opportunity, customer, paused or lost"));

  workbook = concord_cli_open (argv[1], FALSE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  filter.tier = tier;
  filter.stage = stage;
  filter.search = search;
  bytes = concord_accounts_export_csv (workbook, &filter, &error);
  if (bytes == NULL)
    return concord_cli_fail (error);

  return concord_cli_write (output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}
