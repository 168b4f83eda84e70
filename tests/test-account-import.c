/* test-account-import.c: accounts and contacts from CRM exports */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "concord-account-import.h"
#include "concord-accounts.h"
#include "concord-exchange.h"
#include "concord-tables.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

static ConcordAccountImport *
import_text (ConcordWorkbook   *workbook,
             ConcordImportKind  kind,
             const char        *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ConcordAccountImport *import = concord_account_import_new (workbook, kind, bytes, &error);

  g_assert_no_error (error);
  return import;
}

static void
test_hubspot (WorkbookFixture *fixture,
              gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *path = data_path ("hubspot-companies.csv");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *domain = NULL;
  gint64 before = test_query_int (workbook, "SELECT count(*) FROM accounts");

  import = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_ACCOUNTS, path, &error);
  g_assert_no_error (error);

  /* HubSpot's names are recognised without help. */
  g_assert_cmpstr (concord_account_import_get_header (import, 1), ==, "Company name");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 0), ==, "source_id");
  g_assert_cmpstr (concord_account_import_get_source_system (import), ==, "hubspot");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 1), ==, "name");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 2), ==, "domain");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 4), ==, "employees");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 6), ==, "region");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 8), ==, "stage");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 9), ==, "sales_owner");

  g_assert_true (concord_account_import_run (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (import), ==, 4);
  g_assert_cmpuint (concord_account_import_get_n_rejected (import), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts"), ==, before + 4);

  g_assert_cmpint (test_query_int (workbook, "SELECT annual_revenue FROM accounts WHERE name = 'Norrvik Ferries AB'"),
                   ==, 42000000000);
  g_assert_cmpint (test_query_int (workbook, "SELECT stage = 'opportunity' AND employees = 1850 "
                                   "AND sales_owner_id = (SELECT id FROM people WHERE name = 'Daniel Kuehn') "
                                   "FROM accounts WHERE name = 'Norrvik Ferries AB'"), ==, 1);
  notes = test_query_string (workbook, "SELECT notes FROM accounts WHERE name = 'Aurelio Ceramiche S.p.A.'");
  g_assert_cmpstr (notes, ==, "Kilns run 24/7.\nMaintenance lead asked for a plant visit.");
  domain = test_query_string (workbook, "SELECT domain FROM accounts WHERE name = 'Aurelio Ceramiche S.p.A.'");
  g_assert_cmpstr (domain, ==, "aurelio-ceramiche.example");
  /* Imported customers count as wins from today. */
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes s JOIN accounts a "
                                   "ON a.id = s.account_id WHERE a.name = 'Bergström Precision' "
                                   "AND s.to_stage = 'customer'"), ==, 1);

  /* One undo step takes the whole file back. */
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Import Accounts from “hubspot-companies.csv”");
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts"), ==, before);
}

static void
test_salesforce_and_warnings (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *path = data_path ("salesforce-accounts.csv");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GPtrArray *warnings;

  import = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_ACCOUNTS, path, &error);
  g_assert_no_error (error);
  g_assert_true (concord_account_import_run (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (import), ==, 3);
  g_assert_cmpint (test_query_int (workbook, "SELECT annual_revenue FROM accounts WHERE domain = 'quillonmining.example'"),
                   ==, 210000000000);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE region = 'Canada'"), ==, 1);

  /* Salesforce's Type: "Prospect" and "Customer - Direct" are stages. */
  g_assert_cmpint (test_query_int (workbook, "SELECT stage = 'customer' FROM accounts WHERE domain = 'halvardpulp.example'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT stage = 'target' FROM accounts WHERE domain = 'westmarch-foods.example'"), ==, 1);

  /* An owner People does not know is added to People, in Sales, in the
   * same undo step, and named in the summary. */
  warnings = concord_account_import_get_warnings (import);
  g_assert_cmpuint (warnings->len, ==, 0);
  summary = concord_account_import_dup_summary (import);
  g_assert_cmpstr (summary, ==, "3 added, 0 updated, 0 skipped, 0 rejected; added to People: Unknown Person");
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM people p JOIN teams t ON t.id = p.team_id "
                                   "WHERE p.name = 'Unknown Person' AND t.kind = 'sales'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT sales_owner_id = (SELECT id FROM people WHERE name = 'Unknown Person') "
                                   "FROM accounts WHERE domain = 'westmarch-foods.example'"), ==, 1);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM people WHERE name = 'Unknown Person'"), ==, 0);
}

static void
test_duplicates (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  static const char csv[] =
    "Company name,Website,Industry,Number of Employees\n"
    "Brightwater Foods Inc.,https://www.brightwater-foods.example/,,5000\n"
    "New Co,newco.example,Retail,10\n";
  struct { ConcordDuplicateMode mode; guint created, updated, skipped; gint64 employees; gint64 rows; } cases[] = {
    { CONCORD_DUPLICATE_UPDATE, 1, 1, 0, 5000, 1 },
    { CONCORD_DUPLICATE_SKIP, 1, 0, 1, 4200, 1 },
    { CONCORD_DUPLICATE_CREATE, 2, 0, 0, 4200, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ConcordAccountImport) import = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, csv);
      g_autoptr(GError) error = NULL;
      g_autofree char *industry = NULL;

      concord_account_import_set_duplicate_mode (import, cases[i].mode);
      g_assert_true (concord_account_import_run (import, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (concord_account_import_get_n_created (import), ==, cases[i].created);
      g_assert_cmpuint (concord_account_import_get_n_updated (import), ==, cases[i].updated);
      g_assert_cmpuint (concord_account_import_get_n_skipped (import), ==, cases[i].skipped);
      g_assert_cmpint (test_query_int (workbook, "SELECT employees FROM accounts WHERE domain = 'brightwater-foods.example' ORDER BY id"),
                       ==, cases[i].employees);
      g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE domain = 'brightwater-foods.example'"),
                       ==, cases[i].rows);
      /* An empty cell never clears what the workbook holds. */
      industry = test_query_string (workbook, "SELECT industry FROM accounts WHERE domain = 'brightwater-foods.example' ORDER BY id");
      g_assert_cmpstr (industry, ==, "Food and beverage manufacturing");

      g_assert_true (concord_workbook_undo (workbook, &error));
      g_assert_no_error (error);
    }
}

static void
test_rejected_rollback (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  static const char csv[] =
    "Account Name,Website,Tier,ICP Fit\n"
    "Good One,good.example,1:1,80\n"
    "Bad Tier,bad.example,Gold,70\n"
    ",noname.example,1:many,10\n"
    "Too Fit,fit.example,1:few,140\n"
    "Good Two,good2.example,Tier 2,55%\n";
  g_autoptr(ConcordAccountImport) strict = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, csv);
  g_autoptr(ConcordAccountImport) lenient = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, csv);
  g_autoptr(GError) error = NULL;
  gint64 before = test_query_int (workbook, "SELECT count(*) FROM accounts");
  gboolean could_undo = concord_workbook_can_undo (workbook);
  GPtrArray *problems;

  g_assert_false (concord_account_import_run (strict, NULL, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "3 rows were rejected, so nothing was imported. First, line 3: "
                   "column “Tier”: “Gold” is not a tier (1:1, 1:few or 1:many).");
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts"), ==, before);
  g_assert_cmpint (concord_workbook_can_undo (workbook), ==, could_undo);

  problems = concord_account_import_get_problems (strict);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpuint (((ConcordImportProblem *) g_ptr_array_index (problems, 1))->line, ==, 4);
  g_assert_cmpstr (((ConcordImportProblem *) g_ptr_array_index (problems, 1))->reason, ==,
                   "column “Account Name”: the account name is empty.");
  g_assert_cmpuint (((ConcordImportProblem *) g_ptr_array_index (problems, 2))->line, ==, 5);
  g_assert_cmpstr (((ConcordImportProblem *) g_ptr_array_index (problems, 2))->reason, ==,
                   "ICP fit: must be between 0 and 100.");

  g_clear_error (&error);
  concord_account_import_set_skip_rejected (lenient, TRUE);
  g_assert_true (concord_account_import_run (lenient, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts"), ==, before + 2);
  g_assert_cmpint (test_query_int (workbook, "SELECT fit FROM accounts WHERE name = 'Good Two'"), ==, 55);
  g_assert_cmpint (test_query_int (workbook, "SELECT tier = 'few' FROM accounts WHERE name = 'Good Two'"), ==, 1);
}

/* A malformed line is one rejected row: reported with its line, the
 * rest of the file read, and "import the good rows" imports them. */
static void
test_malformed_lines (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  static const char junk[] = "Account Name,Website\nFirst,first.example\nSecond,x\001y\nThird,third.example\n";
  static const char quote[] = "\"Account Name\",\"Website\"\n"
                              "\"Open Quote\",\"open.example\n"
                              "\"Fine\",\"fine.example\"\n";
  g_autoptr(ConcordAccountImport) strict = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, junk);
  g_autoptr(ConcordAccountImport) lenient = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, quote);
  g_autoptr(GError) error = NULL;
  ConcordImportProblem *problem;

  g_assert_false (concord_account_import_run (strict, NULL, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "1 row was rejected, so nothing was imported. Line 3: "
                   "column 2: the field holds binary data (byte 0x01); is this really a CSV file?");
  g_assert_cmpuint (concord_account_import_get_n_rows (strict), ==, 3);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, 0);
  g_assert_false (concord_workbook_in_edit (workbook));
  g_clear_error (&error);

  concord_account_import_set_skip_rejected (lenient, TRUE);
  g_assert_true (concord_account_import_run (lenient, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (lenient), ==, 1);
  g_assert_cmpuint (concord_account_import_get_n_rejected (lenient), ==, 1);
  problem = g_ptr_array_index (concord_account_import_get_problems (lenient), 0);
  g_assert_cmpuint (problem->line, ==, 2);
  g_assert_cmpstr (problem->reason, ==,
                   "column 2: a quoted field is not closed on the line it starts on "
                   "(the quote that ends it on line 3 is followed by text)");
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE domain = 'fine.example'"), ==, 1);
}

static ConcordImportProblem *
problem_at (GPtrArray *problems,
            guint      index)
{
  g_assert_cmpuint (index, <, problems->len);
  return g_ptr_array_index (problems, index);
}

/* A Salesforce report ("Details Only"): every value quoted, money with a
 * currency code or sign, and a footer under the data. */
static void
test_salesforce_report (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *path = data_path ("salesforce-report.csv");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *conventions = NULL;
  GPtrArray *warnings;

  import = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_ACCOUNTS, path, &error);
  g_assert_no_error (error);
  conventions = concord_account_import_dup_conventions (import);
  g_assert_cmpstr (conventions, ==, "The file writes numbers as 1,234.56, dates month first (1/12/2026 is 12 January).");
  g_assert_cmpstr (concord_account_import_get_source_system (import), ==, "salesforce");
  g_assert_true (concord_account_import_run (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_rows (import), ==, 3);
  g_assert_cmpuint (concord_account_import_get_n_created (import), ==, 3);
  g_assert_cmpuint (concord_account_import_get_n_rejected (import), ==, 0);

  g_assert_cmpint (test_query_int (workbook, "SELECT annual_revenue FROM accounts WHERE domain = 'kestrelvalve.example'"),
                   ==, 1250000000);
  g_assert_cmpint (test_query_int (workbook, "SELECT employees FROM accounts WHERE domain = 'kestrelvalve.example'"), ==, 1300);
  g_assert_cmpint (test_query_int (workbook, "SELECT annual_revenue FROM accounts WHERE domain = 'ostravasteel.example'"),
                   ==, 21000000000);
  g_assert_cmpint (test_query_int (workbook, "SELECT stage = 'customer' FROM accounts WHERE domain = 'ostravasteel.example'"), ==, 1);
  notes = test_query_string (workbook, "SELECT notes FROM accounts WHERE name = 'Tidewater Marine Supply'");
  g_assert_cmpstr (notes, ==, "Type: Channel Partner / Reseller");

  warnings = concord_account_import_get_warnings (import);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_cmpuint (problem_at (warnings, 0)->line, ==, 4);
  g_assert_cmpstr (problem_at (warnings, 0)->reason, ==,
                   "column “Type”: “Channel Partner / Reseller” is not one of Concord’s stages, so it was kept in the notes.");
  g_assert_cmpuint (problem_at (warnings, 1)->line, ==, 7);
  g_assert_cmpstr (problem_at (warnings, 1)->reason, ==,
                   "the 3 lines from here on (“Grand Totals (3 records)” …) are the report’s footer, not data; they were left out.");
}

/* HubSpot's default companies view: a record id and no domain. Imported
 * twice it updates the same accounts; two companies of one name stay two;
 * the record id goes back out in the JSON export. */
static void
test_hubspot_default_view (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *path = data_path ("hubspot-companies-default-view.csv");
  g_autoptr(GError) error = NULL;
  gint64 before = concord_workbook_count (workbook, "accounts");

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(ConcordAccountImport) import =
        concord_account_import_new_for_path (workbook, CONCORD_IMPORT_ACCOUNTS, path, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (concord_account_import_get_mapping (import, 0), ==, "source_id");
      g_assert_true (concord_account_import_run (import, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (concord_account_import_get_n_created (import), ==, pass == 0 ? 3 : 0);
      g_assert_cmpuint (concord_account_import_get_n_updated (import), ==, pass == 0 ? 0 : 3);
      g_assert_cmpuint (concord_account_import_get_n_rejected (import), ==, 0);
    }

  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before + 3);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE name = 'Harbour Light Foods' "
                                   "AND source_system = 'hubspot'"), ==, 2);
  g_assert_cmpint (test_query_int (workbook, "SELECT region = 'Australia' FROM accounts WHERE source_id = '30572'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT sales_owner_id = (SELECT id FROM people WHERE name = 'Rosa Quintero') "
                                   "FROM accounts WHERE source_id = '30572'"), ==, 1);

  /* Contacts keep theirs too: HubSpot's contacts export twice is one set. */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autofree char *contacts = data_path ("hubspot-contacts.csv");
      g_autoptr(ConcordAccountImport) import =
        concord_account_import_new_for_path (workbook, CONCORD_IMPORT_CONTACTS, contacts, &error);

      g_assert_true (concord_account_import_run (import, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (concord_account_import_get_n_updated (import), ==, pass == 0 ? 0 : 4);
    }
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM contacts WHERE source_system = 'hubspot' "
                                   "AND source_id = '102' AND email = 'tom@calderfinch.example'"), ==, 1);

  /* The exports carry the record ids back out, and Concord's CSV
   * imports back onto the same accounts, the two of one name apart. */
  {
    g_autofree char *json = concord_exchange_export_data (workbook, NULL, NULL, &error);
    g_autoptr(GBytes) csv = concord_accounts_export_csv (workbook, &(ConcordAccountFilter) { 0 }, &error);
    g_autoptr(ConcordAccountImport) back = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (strstr (json, "\"source_system\" : \"hubspot\",\n        \"source_id\" : \"30572\""));
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), ",hubspot,30572\r\n"));

    back = concord_account_import_new (workbook, CONCORD_IMPORT_ACCOUNTS, csv, &error);
    g_assert_no_error (error);
    g_assert_true (concord_account_import_run (back, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (concord_account_import_get_n_created (back), ==, 0);
    /* With the four companies the contacts brought, which have neither
     * domain nor record id: they match by their names. */
    g_assert_cmpuint (concord_account_import_get_n_updated (back), ==, before + 3 + 4);
    g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before + 3 + 4);
  }
}

/* The decimal mark is the file's, guessed from the whole column: "1.300"
 * is 1300 beside "12,5" and 1.30 beside "2.50"; dates say their order. */
static void
test_number_and_date_conventions (WorkbookFixture *fixture,
                                  gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordAccountImport) german =
    import_text (workbook, CONCORD_IMPORT_ACCOUNTS,
                 "Company name;Website;Annual Revenue;Erstellt am\n"
                 "Alpha;alpha.example;1.300;12.01.2026\n"
                 "Beta;beta.example;12,5 \xE2\x82\xAC;13.02.2025\n");
  g_autoptr(ConcordAccountImport) english =
    import_text (workbook, CONCORD_IMPORT_ACCOUNTS,
                 "Company name,Website,Annual Revenue,Created\n"
                 "Gamma,gamma.example,1.300,2026-01-12 10:00\n"
                 "Delta,delta.example,$2.50,2026-02-13 09:00\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *german_conventions = concord_account_import_dup_conventions (german);
  g_autofree char *english_conventions = concord_account_import_dup_conventions (english);

  g_assert_cmpstr (german_conventions, ==,
                   "The file writes numbers as 1.234,56, dates day first (12.01.2026 is 12 January).");
  g_assert_cmpstr (english_conventions, ==, "The file writes numbers as 1,234.56, dates as 2026-01-12.");

  g_assert_true (concord_account_import_run (german, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (concord_account_import_run (english, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT annual_revenue FROM accounts WHERE name = 'Alpha'"), ==, 130000);
  g_assert_cmpint (test_query_int (workbook, "SELECT annual_revenue FROM accounts WHERE name = 'Beta'"), ==, 1250);
  g_assert_cmpint (test_query_int (workbook, "SELECT annual_revenue FROM accounts WHERE name = 'Gamma'"), ==, 130);
  g_assert_cmpint (test_query_int (workbook, "SELECT annual_revenue FROM accounts WHERE name = 'Delta'"), ==, 250);
}

/* One-cell rows with data after them are short rows, not a footer. */
static void
test_one_cell_rows_before_data (WorkbookFixture *fixture,
                                gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordAccountImport) import =
    import_text (workbook, CONCORD_IMPORT_ACCOUNTS,
                 "Account Name,Website,Industry\nStray\nReal,real.example,Mining\n");
  g_autoptr(GError) error = NULL;

  g_assert_false (concord_account_import_run (import, NULL, &error));
  g_assert_cmpuint (concord_account_import_get_n_rejected (import), ==, 1);
  g_assert_cmpuint (problem_at (concord_account_import_get_problems (import), 0)->line, ==, 2);
  g_assert_cmpstr (problem_at (concord_account_import_get_problems (import), 0)->reason, ==,
                   "the row has 1 field but the header names 3; is a delimiter missing?");
}

/* Pipedrive: "Organization - Name" and its localised forms. */
static void
test_pipedrive (WorkbookFixture *fixture,
                gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *path = data_path ("pipedrive-organizations.csv");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(ConcordAccountImport) german = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  import = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_ACCOUNTS, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (concord_account_import_get_mapping (import, 0), ==, "source_id");
  g_assert_cmpstr (concord_account_import_get_source_system (import), ==, "pipedrive");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 1), ==, "name");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 2), ==, "sales_owner");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 3), ==, "domain");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 6), ==, NULL);
  g_assert_true (concord_account_import_run (import, NULL, &error));
  g_assert_no_error (error);
  summary = concord_account_import_dup_summary (import);
  g_assert_cmpstr (summary, ==, "2 added, 0 updated, 0 skipped, 0 rejected; added to People: Ines Duarte");
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE domain = 'castellanpaper.example' "
                                   "AND sales_owner_id = (SELECT id FROM people WHERE name = 'Ines Duarte')"), ==, 1);

  german = import_text (workbook, CONCORD_IMPORT_ACCOUNTS,
                        "Organisation - Name;Organisation - Besitzer;Organisation - Webseite;Organisation - Branche\n"
                        "Elbtal Armaturen GmbH;Daniel Kuehn;elbtal.example;Maschinenbau\n");
  g_assert_cmpstr (concord_account_import_get_mapping (german, 0), ==, "name");
  g_assert_cmpstr (concord_account_import_get_mapping (german, 1), ==, "sales_owner");
  g_assert_cmpstr (concord_account_import_get_mapping (german, 2), ==, "domain");
  g_assert_cmpstr (concord_account_import_get_mapping (german, 3), ==, "industry");
}

/* Excel's "Unicode Text": UTF-16 LE with a BOM, tab-separated, and a
 * number as a German-speaking locale writes it. */
static void
test_excel_unicode_text (WorkbookFixture *fixture,
                         gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *path = data_path ("excel-unicode-text.txt");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conventions = NULL;

  import = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_ACCOUNTS, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (concord_account_import_get_encoding (import), ==, "UTF-16LE");
  conventions = concord_account_import_dup_conventions (import);
  g_assert_cmpstr (conventions, ==, "The file writes numbers as 1.234,56.");
  g_assert_true (concord_account_import_run (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (import), ==, 2);
  g_assert_cmpint (test_query_int (workbook, "SELECT employees FROM accounts WHERE name = 'Brasserie Lumière'"), ==, 1300);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE name = 'Zürcher Präzision AG' "
                                   "AND region = 'Switzerland'"), ==, 1);
}

/* Salesforce Data Loader writes API names in upper case. */
static void
test_data_loader (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *path = data_path ("dataloader-accounts.csv");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;

  import = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_ACCOUNTS, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (concord_account_import_get_mapping (import, 0), ==, "name");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 1), ==, "domain");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 3), ==, "employees");
  g_assert_cmpstr (concord_account_import_get_mapping (import, 4), ==, "region");
  g_assert_cmpstr (concord_account_import_get_source_system (import), ==, "salesforce");
  g_assert_true (concord_account_import_run (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT employees FROM accounts WHERE domain = 'harrowfasteners.example' "
                                   "AND region = 'United Kingdom'"), ==, 240);
}

/* Rows of one file for a record the same file adds are refused too,
 * naming the line that added it, for accounts (by domain or name) and
 * contacts (by email), far into a file as at its start. */
static void
test_twice_among_added (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GString) csv = g_string_new ("Company name,Website\n");
  g_autoptr(ConcordAccountImport) accounts = NULL;
  g_autoptr(ConcordAccountImport) contacts = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "Company %u,company%u.example\n", i, i);
  /* Line 3002 is the company of line 2, by domain; 3003 that of line
   * 3001, by its name alone. */
  g_string_append (csv, "Company Zero Again,www.company0.example\nCompany 2999,\n");
  accounts = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, csv->str);
  concord_account_import_set_skip_rejected (accounts, TRUE);
  g_assert_true (concord_account_import_run (accounts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (accounts), ==, 3000);
  problems = concord_account_import_get_problems (accounts);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpuint (problem_at (problems, 0)->line, ==, 3002);
  g_assert_cmpstr (problem_at (problems, 0)->reason, ==,
                   "this row is for the same account (by its record id, domain or name) as line 2; keep one of the two rows.");
  g_assert_cmpuint (problem_at (problems, 1)->line, ==, 3003);
  g_assert_cmpstr (problem_at (problems, 1)->reason, ==,
                   "this row is for the same account (by its record id, domain or name) as line 3001; keep one of the two rows.");

  contacts = import_text (workbook, CONCORD_IMPORT_CONTACTS,
                          "Name,Email,Company\n"
                          "Ada Lovelace,ada@company1.example,Company 1\n"
                          "Alan Turing,alan@company2.example,Company 2\n"
                          "Ada L.,ADA@company1.example,Company 1\n");
  concord_account_import_set_skip_rejected (contacts, TRUE);
  g_assert_true (concord_account_import_run (contacts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (contacts), ==, 2);
  problems = concord_account_import_get_problems (contacts);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (problem_at (problems, 0)->line, ==, 4);
  g_assert_cmpstr (problem_at (problems, 0)->reason, ==,
                   "this row is for the same contact (by its record id or email) as line 2; keep one of the two rows.");
}

/* What the preview shows before anything is saved; two rows for one
 * account; an update that would change filled fields; fill-only. */
static void
test_preview_counts_and_fill (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  static const char csv[] =
    "Company name,Website,Industry,Number of Employees,Country/Region\n"
    "Brightwater Foods Inc.,brightwater-foods.example,Retail,5000,\n"
    "Brightwater Again,www.brightwater-foods.example,,10,\n"
    "New Co,newco.example,Retail,10,\n"
    ",nameless.example,,,\n";
  g_autoptr(ConcordAccountImport) import = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, csv);
  g_autoptr(ConcordAccountImport) fill = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = concord_workbook_count (workbook, "accounts");
  gboolean could_undo = concord_workbook_can_undo (workbook);
  g_autofree char *industry = NULL;
  g_autofree char *name = NULL;

  g_assert_true (concord_account_import_count (import, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (import), ==, 1);
  g_assert_cmpuint (concord_account_import_get_n_updated (import), ==, 1);
  g_assert_cmpuint (concord_account_import_get_n_skipped (import), ==, 0);
  g_assert_cmpuint (concord_account_import_get_n_rejected (import), ==, 2);
  /* Name, industry and employees hold something else already. */
  g_assert_cmpuint (concord_account_import_get_n_overwritten (import), ==, 3);
  g_assert_cmpstr (problem_at (concord_account_import_get_problems (import), 0)->reason, ==,
                   "this row is for the same account (by its record id, domain or name) as line 2; keep one of the two rows.");
  g_assert_cmpuint (problem_at (concord_account_import_get_problems (import), 0)->line, ==, 3);
  /* Counting saved nothing. */
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before);
  g_assert_cmpint (concord_workbook_can_undo (workbook), ==, could_undo);
  g_assert_false (concord_workbook_in_edit (workbook));

  /* Fill empty fields only: what the workbook holds stays. */
  g_assert_true (concord_workbook_exec (workbook, "UPDATE accounts SET region = NULL "
                                        "WHERE domain = 'brightwater-foods.example'", &error));
  g_assert_no_error (error);
  fill = import_text (workbook, CONCORD_IMPORT_ACCOUNTS,
                      "Company name,Website,Industry,Country/Region\n"
                      "Brightwater Foods Inc.,brightwater-foods.example,Retail,Canada\n");
  concord_account_import_set_duplicate_mode (fill, CONCORD_DUPLICATE_FILL);
  g_assert_true (concord_account_import_run (fill, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_updated (fill), ==, 1);
  g_assert_cmpuint (concord_account_import_get_n_overwritten (fill), ==, 0);
  industry = test_query_string (workbook, "SELECT industry FROM accounts WHERE domain = 'brightwater-foods.example'");
  g_assert_cmpstr (industry, ==, "Food and beverage manufacturing");
  name = test_query_string (workbook, "SELECT name || '/' || region FROM accounts WHERE domain = 'brightwater-foods.example'");
  g_assert_cmpstr (name, ==, "Brightwater Foods/Canada");
}

/* The file cut short by another program while the import dialog is open:
 * the import stops with the reason and saves nothing, and its undo
 * history is as it was. */
static void
test_file_cut_short (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *path = g_build_filename (fixture->dir, "cut.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("Company name,Website\n");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = concord_workbook_count (workbook, "accounts");

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (csv, "Company %u,company%u.example\n", i, i);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, &error));
  import = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_ACCOUNTS, path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (truncate (path, 30), ==, 0);
  g_assert_false (concord_account_import_run (import, NULL, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "The file was changed on disk while it was being read; import it again.");
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before);
  g_assert_false (concord_workbook_can_undo (workbook));
  g_assert_false (concord_workbook_in_edit (workbook));
}

static void
test_cancel (WorkbookFixture *fixture,
             gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GString) csv = g_string_new ("Account Name,Website\n");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "Company %u,c%u.example\n", i, i);
  import = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, csv->str);

  g_assert_true (concord_account_import_begin (import, &error));
  g_assert_true (concord_account_import_step (import, 1000, &error));
  g_assert_cmpfloat (concord_account_import_get_fraction (import), >, 0.2);
  g_assert_cmpfloat (concord_account_import_get_fraction (import), <, 0.5);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts"), ==, 1000);
  concord_account_import_cancel (import);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts"), ==, 0);
  g_assert_false (concord_workbook_can_undo (workbook));
}

/* How many statements began that add accounts. */
static int
count_account_inserts (unsigned int  type,
                       void         *data,
                       void         *stmt,
                       void         *sql)
{
  guint *n = data;

  if (g_str_has_prefix (sql, "INSERT INTO accounts "))
    (*n)++;
  return 0;
}

/* New accounts go in by the batch, one statement for many rows (the
 * schema's IN (…) checks cost a table per statement), and a row the
 * schema refuses still names its own line: here one a trigger of the
 * test's refuses, a row no check of the import's would stop. */
static void
test_batched_inserts (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  sqlite3 *db = concord_workbook_get_db (workbook);
  g_autoptr(GString) csv = g_string_new ("Account Name,Website,Type,ABM tier\n");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = concord_workbook_count (workbook, "accounts");
  guint n_inserts = 0;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "Company %u,c%u.example,%s,%s\n", i, i, i % 3 ? "Customer" : "", i % 5 ? "1:few" : "");

  import = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, csv->str);
  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, count_account_inserts, &n_inserts);
  g_assert_true (concord_account_import_run (import, NULL, &error));
  sqlite3_trace_v2 (db, 0, NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (import), ==, 3000);
  g_assert_cmpuint (n_inserts, <, 100);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before + 3000);
  /* Every row its own values, the schema's defaults for empty cells. */
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE stage = 'customer'"), ==, 2000);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE stage = 'target'"), ==, 1000);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE tier = 'many'"), ==, 600);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE tier = 'few'"), ==, 2400);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE name = 'Company 2999' "
                                             "AND domain = 'c2999.example' AND stage = 'customer'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE id - (SELECT min (id) FROM accounts "
                                             "WHERE name = 'Company 0') <> CAST (substr (name, 9) AS INTEGER) "
                                             "AND name LIKE 'Company %'"), ==, 0);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before);
  g_clear_object (&import);

  /* Line 2002 holds the 2,000th row, in the middle of a batch. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON main.accounts "
                                     "WHEN NEW.name = 'Company 2000' BEGIN SELECT RAISE (ABORT, 'refused here'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  import = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, csv->str);
  g_assert_false (concord_account_import_run (import, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Line 2002: "));
  g_assert_nonnull (strstr (error->message, "refused here"));
  g_clear_error (&error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before);
  g_assert_false (concord_workbook_in_edit (workbook));
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER temp.refuse_one", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* The statements that find and write the versions of the rows an import
 * added, as the edit ran them. */
static int
keep_versions_writes (unsigned int  type,
                      void         *data,
                      void         *stmt,
                      void         *sql)
{
  GPtrArray *texts = data;

  if ((g_str_has_prefix (sql, "INSERT OR IGNORE INTO sync_versions ") ||
       g_str_has_prefix (sql, "INSERT INTO temp.concord_no_dot ") ||
       g_str_has_prefix (sql, "DELETE FROM sync_versions WHERE tbl = ?1 AND field <> '' AND uuid IN ") ||
       g_str_has_prefix (sql, "UPDATE sync_versions SET replica = ?4") ||
       (g_str_has_prefix (sql, "INSERT INTO temp.concord_undo_") && strstr (sql, "FROM main.sync_versions") != NULL)) &&
      !g_ptr_array_find_with_equal_func (texts, sql, g_str_equal, NULL))
    g_ptr_array_add (texts, g_strdup (sql));
  return 0;
}

/* The versions of the accounts an import adds are written in the order
 * of their key (uuid), not in id order, and so are the uuids they are
 * looked up by, for the step and for the copy its undo keeps: a million random uuids in id order would each land on a
 * page of their own, read back from the journal and written again. */
static void
test_versions_in_key_order (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  sqlite3 *db = concord_workbook_get_db (workbook);
  g_autoptr(GString) csv = g_string_new ("Account Name,Website\n");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "Company %u,c%u.example\n", i, i);
  import = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, csv->str);
  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, keep_versions_writes, texts);
  g_assert_true (concord_account_import_run (import, NULL, &error));
  sqlite3_trace_v2 (db, 0, NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM sync_versions WHERE tbl = 'accounts' "
                                             "AND uuid IN (SELECT uuid FROM accounts)"), ==, 3000);

  /* Clearing old field dots, reviving tombstones, stamping, and the
   * copy of the versions undo keeps. */
  g_assert_cmpuint (texts->len, >=, 4);
  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", (char *) g_ptr_array_index (texts, i), NULL);
      g_autoptr(GString) plan = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      /* Sorted by uuid first, or read through the uuid's own index (the
       * accounts', or that of the list of those without a dot). */
      if (strstr (plan->str, "USE TEMP B-TREE FOR ORDER BY") == NULL &&
          strstr (plan->str, "sqlite_autoindex_accounts_1") == NULL &&
          strstr (plan->str, "sqlite_autoindex_concord_no_dot_1") == NULL)
        g_error ("not in uuid order: %s\n%s", (char *) g_ptr_array_index (texts, i), plan->str);
    }
}

/* The indexes of the workbook, as sqlite_schema holds them. */
static char *
index_texts (sqlite3 *db)
{
  static const char sql[] =
    "SELECT group_concat (sql, ';') FROM (SELECT sql FROM sqlite_schema WHERE type = 'index' "
    "AND tbl_name IN ('accounts', 'account_stage_changes') AND sql IS NOT NULL ORDER BY name)";
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return text;
}

/* A file that adds many accounts builds the indexes once after its rows,
 * inside the same edit: they are off while it runs, back word for word as
 * the schema writes them at the commit, and undo, redo, a cancel and a
 * rejection keep everything else as it was. */
static void
test_large_builds_indexes (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  static const char *const stages[] = { "Target", "Engaged", "Opportunity", "Customer" };
  g_autoptr(GString) csv = g_string_new ("Account Name,Website,Stage,Industry\n");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(ConcordAccountImport) rejected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = index_texts (concord_workbook_get_db (fixture->workbook));
  g_autofree char *after = NULL;
  g_autofree char *reference_texts = NULL;
  sqlite3 *reference = concord_workbook_open_reference_schema (CONCORD_SCHEMA_VERSION, &error);

  g_assert_no_error (error);
  reference_texts = index_texts (reference);
  sqlite3_close (reference);
  g_assert_cmpstr (before, ==, reference_texts);
  g_assert_nonnull (strstr (before, "accounts_name"));

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "Company %u,c%u.example,%s,Ferries\n", i, i, stages[i % 4]);

  /* A bad row anywhere: nothing is imported, the indexes stay. */
  {
    g_autoptr(GString) bad = g_string_new (csv->str);

    g_string_append (bad, ",nameless.example,Target,Ferries\n");
    rejected = import_text (fixture->workbook, CONCORD_IMPORT_ACCOUNTS, bad->str);
    g_assert_false (concord_account_import_run (rejected, NULL, &error));
    g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Line 3002:"));
    g_clear_error (&error);
    after = index_texts (concord_workbook_get_db (fixture->workbook));
    g_assert_cmpstr (after, ==, before);
    g_clear_pointer (&after, g_free);
    g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, 0);
  }

  import = import_text (fixture->workbook, CONCORD_IMPORT_ACCOUNTS, csv->str);
  g_assert_true (concord_account_import_begin (import, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (fixture->workbook,
                                   "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                   "AND tbl_name = 'accounts' AND sql IS NOT NULL"), ==, 0);
  while (concord_account_import_step (import, 1000, &error))
    ;
  g_assert_no_error (error);
  g_assert_true (concord_account_import_commit (import, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (import), ==, 3000);

  after = index_texts (concord_workbook_get_db (fixture->workbook));
  g_assert_cmpstr (after, ==, before);
  /* The initial stages of the new accounts, and the search index. */
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM account_stage_changes"), ==, 2250);
  g_assert_cmpint (test_query_int (fixture->workbook,
                                   "SELECT count(*) FROM account_stage_changes s JOIN accounts a ON a.id = s.account_id "
                                   "WHERE a.name = 'Company 7' AND s.to_stage = 'customer' AND s.from_stage IS NULL"), ==, 1);
  g_assert_cmpint (test_query_int (fixture->workbook,
                                   "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'c2999'"), ==, 1);
  g_assert_cmpint (test_query_int (fixture->workbook, "PRAGMA integrity_check = 1") , ==, 0);

  g_assert_true (concord_workbook_undo (fixture->workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, 0);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM account_stage_changes"), ==, 0);
  g_assert_true (concord_workbook_redo (fixture->workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, 3000);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM account_stage_changes"), ==, 2250);

  /* The file opens again: its schema is still the one Concord writes. */
  g_clear_object (&import);
  g_clear_object (&rejected);
  workbook_fixture_close (fixture);
  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts"), ==, 3000);
}

static void
test_contacts (WorkbookFixture *fixture,
               gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *accounts = data_path ("salesforce-accounts.csv");
  g_autofree char *hubspot = data_path ("hubspot-contacts.csv");
  g_autofree char *salesforce = data_path ("salesforce-contacts-cp1252.csv");
  g_autoptr(ConcordAccountImport) first = NULL;
  g_autoptr(ConcordAccountImport) second = NULL;
  g_autoptr(ConcordAccountImport) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  first = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_ACCOUNTS, accounts, &error);
  g_assert_true (concord_account_import_run (first, NULL, &error));
  g_assert_no_error (error);

  /* Semicolons, Windows-1252, Salesforce's "Account Name". */
  second = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_CONTACTS, salesforce, &error);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (error->message, "salesforce-contacts-cp1252.csv: Line 2 is not UTF-8 text"));
  g_assert_nonnull (strstr (error->message, "looks like Windows-1252"));
  g_clear_error (&error);
  second = concord_account_import_new_for_path_full (workbook, CONCORD_IMPORT_CONTACTS, salesforce,
                                                     "WINDOWS-1252", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (concord_account_import_get_encoding (second), ==, "WINDOWS-1252");
  g_assert_cmpstr (concord_account_import_get_mapping (second, 4), ==, "account");
  g_assert_true (concord_account_import_run (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (second), ==, 2);
  name = test_query_string (workbook, "SELECT c.name FROM contacts c JOIN accounts a ON a.id = c.account_id "
                            "WHERE a.domain = 'halvardpulp.example'");
  g_assert_cmpstr (name, ==, "Björn Åkesson");
  title = test_query_string (workbook, "SELECT title FROM contacts WHERE email = 'bjorn@halvardpulp.example'");
  g_assert_cmpstr (title, ==, "Reliability Engineer – Site 2");

  /* HubSpot: companies it does not know become new accounts. */
  third = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_CONTACTS, hubspot, &error);
  g_assert_true (concord_account_import_run (third, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (third), ==, 4);
  g_assert_cmpuint (concord_account_import_get_n_new_accounts (third), ==, 4);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM contacts WHERE role = 'economic_buyer' "
                                   "AND title = 'Head of Operations, Leeds'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM contacts WHERE role = 'decision_maker' AND email LIKE '%aurelio%'"), ==, 1);

  /* Search finds the account through its new contact. */
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'greta'"), ==, 1);
}

static void
test_mapping_and_cli (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  g_autofree char *csv_path = g_build_filename (fixture->dir, "odd.csv", NULL);
  g_autofree char *bad_path = g_build_filename (fixture->dir, "bad.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  const char *argv[] = { "import-csv", fixture->path, "accounts", csv_path,
                         "--map", "Firma=name", "--map", "Netz=domain", "--on-duplicate", "skip", NULL };
  const char *bad[] = { "import-csv", fixture->path, "accounts", bad_path, NULL };
  const char *usage[] = { "import-csv", fixture->path, "accounts", csv_path, "--on-duplicate", "merge", NULL };
  const char *no_name[] = { "import-csv", fixture->path, "accounts", csv_path, NULL };

  g_assert_true (g_file_set_contents (csv_path, "Firma\tNetz\tOrt\nOrbis Glas\torbis.example\tLinz\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad_path, "Account Name,Annual Revenue\nOk,5\nNope,lots\n", -1, NULL));

  g_clear_object (&fixture->workbook);

  g_assert_true (test_run_cli (no_name, &status, &out, &err));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "No column holds the account name"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (test_run_cli (argv, &status, &out, &err));
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "1 added, 0 updated, 0 skipped, 0 rejected\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (test_run_cli (bad, &status, &out, &err));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "line 3: column “Annual Revenue”: “lots” is not an amount of money."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (test_run_cli (usage, &status, &out, &err));
  g_assert_cmpint (status, ==, 2);

  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, NULL);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE domain = 'orbis.example'"), ==, 1);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE name = 'Ok'"), ==, 0);
}

/* A file that is not UTF-8: refused with the line, nothing imported, until
 * --encoding says what it is. */
static void
test_cli_encoding (WorkbookFixture *fixture,
                   gconstpointer    data)
{
  g_autofree char *csv_path = g_build_filename (fixture->dir, "legacy.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  const char *plain[] = { "import-csv", fixture->path, "accounts", csv_path, NULL };
  const char *cp1252[] = { "import-csv", fixture->path, "accounts", csv_path, "--encoding", "WINDOWS-1252", NULL };
  const char *unknown[] = { "import-csv", fixture->path, "accounts", csv_path, "--encoding", "KLINGON-8", NULL };
  const char *help[] = { "import-csv", "--help", NULL };

  g_assert_true (g_file_set_contents (csv_path, "Account Name,Website\nAcme,acme.example\nCaf\xe9 M\xfcller \x80,cafe.example\n",
                                      -1, NULL));
  g_clear_object (&fixture->workbook);

  g_assert_true (test_run_cli (plain, &status, &out, &err));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "legacy.csv: Line 3 is not UTF-8 text (it has the byte 0xE9)"));
  g_assert_nonnull (strstr (err, "looks like Windows-1252"));
  g_assert_nonnull (strstr (err, "--encoding"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (test_run_cli (unknown, &status, &out, &err));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "KLINGON-8"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, NULL);
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), ==, 0);
  g_clear_object (&fixture->workbook);

  g_assert_true (test_run_cli (cp1252, &status, &out, &err));
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "2 added, 0 updated, 0 skipped, 0 rejected\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (test_run_cli (help, &status, &out, &err));
  g_assert_nonnull (strstr (out, "--encoding=ENC"));

  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, NULL);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE name = 'Café Müller €'"), ==, 1);
}

/* Every shape through concord-cli import-csv; a file with many bad rows
 * gets a summary, not a line per row. */
static void
test_cli_shapes (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  static const char *const shapes[] = { "salesforce-report.csv", "pipedrive-organizations.csv",
                                        "excel-unicode-text.txt", "dataloader-accounts.csv" };
  g_autofree char *bad_path = g_build_filename (fixture->dir, "many-bad.csv", NULL);
  g_autoptr(GString) bad = g_string_new ("Account Name,Website,Annual Revenue\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  const char *strict[] = { "import-csv", fixture->path, "accounts", bad_path, NULL };
  const char *dry[] = { "import-csv", fixture->path, "accounts", bad_path, "--dry-run", NULL };
  const char *lenient[] = { "import-csv", fixture->path, "accounts", bad_path, "--skip-rejected", NULL };
  guint n_lines = 0;

  g_clear_object (&fixture->workbook);

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *path = data_path (shapes[i]);
      const char *argv[] = { "import-csv", fixture->path, "accounts", path, NULL };

      g_assert_true (test_run_cli (argv, &status, &out, &err));
      g_test_message ("%s: %s%s", shapes[i], out, err);
      g_assert_cmpint (status, ==, 0);
      g_assert_true (g_str_has_prefix (out, i == 0 ? "3 added" : i == 3 ? "1 added" : "2 added"));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  {
    g_autofree char *path = data_path ("hubspot-contacts-roles.csv");
    const char *argv[] = { "import-csv", fixture->path, "contacts", path, NULL };

    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 0);
    /* Fjordline came with the Pipedrive file. */
    g_assert_cmpstr (out, ==, "9 added, 0 updated, 0 skipped, 0 rejected\n");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (bad, "Bad %u,bad%u.example,lots\n", i, i);
  g_string_append (bad, "Good,good.example,\"$1,000\"\n");
  g_assert_true (g_file_set_contents (bad_path, bad->str, -1, NULL));

  g_assert_true (test_run_cli (strict, &status, &out, &err));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "--skip-rejected"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (test_run_cli (dry, &status, &out, &err));
  g_assert_cmpstr (out, ==, "Would import: 1 added, 0 updated, 0 skipped, 30 rejected\n"
                            "The file writes numbers as 1,234.56.\n"
                            "Nothing was saved (--dry-run).\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (test_run_cli (lenient, &status, &out, &err));
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "1 added, 0 updated, 0 skipped, 30 rejected\n");
  for (const char *p = err; (p = strstr (p, "rejected: line ")) != NULL; p++)
    n_lines++;
  g_assert_cmpuint (n_lines, ==, 10);
  g_assert_nonnull (strstr (err, "rejected: … and 20 more lines\n"));

  {
    g_autofree char *path = data_path ("hubspot-companies-default-view.csv");
    const char *source[] = { "import-csv", fixture->path, "accounts", path, "--source", "HubSpot-EU", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_true (test_run_cli (source, &status, &out, &err));
    g_assert_cmpint (status, ==, 0);
  }

  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, NULL);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE source_system = 'hubspot-eu'"), ==, 3);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT annual_revenue FROM accounts WHERE domain = 'good.example'"),
                   ==, 100000);
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), ==, 3 + 2 + 2 + 1 + 1 + 3);
  g_clear_object (&fixture->workbook);

  /* Many new owners: a few are named, the rest counted. */
  {
    g_autofree char *owners_path = g_build_filename (fixture->dir, "owners.csv", NULL);
    g_autoptr(GString) owners = g_string_new ("Account Name,Website,Account Owner\n");
    const char *argv[] = { "import-csv", fixture->path, "accounts", owners_path, NULL };

    for (guint i = 0; i < 8; i++)
      g_string_append_printf (owners, "Owned %u,owned%u.example,Owner %u\n", i, i, i);
    g_assert_true (g_file_set_contents (owners_path, owners->str, -1, NULL));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpstr (out, ==, "8 added, 0 updated, 0 skipped, 0 rejected; "
                              "added to People: Owner 0, Owner 1, Owner 2, Owner 3, Owner 4 and 3 more\n");
  }
  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, NULL);
}

static void
test_header_only_and_empty (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordAccountImport) header_only = import_text (workbook, CONCORD_IMPORT_ACCOUNTS, "Account Name,Website\r\n");
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_account_import_run (header_only, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_rows (header_only), ==, 0);
  g_assert_false (concord_workbook_can_undo (workbook));

  g_assert_null (concord_account_import_new (workbook, CONCORD_IMPORT_ACCOUNTS, empty, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "The file is empty: there is no header row naming the columns.");
}

/* HubSpot's buying roles each have a home in the buying committee. */
static void
test_hubspot_roles (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *path = data_path ("hubspot-contacts-roles.csv");
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *roles = NULL;

  import = concord_account_import_new_for_path (workbook, CONCORD_IMPORT_CONTACTS, path, &error);
  g_assert_no_error (error);
  g_assert_true (concord_account_import_run (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (import), ==, 9);
  roles = test_query_string (workbook, "SELECT group_concat (role, ' ') FROM (SELECT role FROM contacts ORDER BY email)");
  /* By email: Eva, Hanne, Ingrid, Kari, Lars, Ola, Per, Siri, Tomas. */
  g_assert_cmpstr (roles, ==, "other legal_compliance economic_buyer blocker influencer champion "
                              "decision_maker end_user executive_sponsor");

  /* Coverage still means what it says: a budget holder is the economic
   * buyer a 1:1 account needs; an executive sponsor alone is not. */
  {
    gint64 fjordline = test_query_int (workbook, "SELECT id FROM accounts WHERE name = 'Fjordline Logistics AS'");
    g_autoptr(ConcordAccountImport) sponsor =
      import_text (workbook, CONCORD_IMPORT_CONTACTS,
                   "Full name,Email,Associated Company,Buying Role\n"
                   "Nils Aune,nils@aune.example,Aune Verft,Executive sponsor\n");
    g_autoptr(GPtrArray) covered = NULL;
    g_autoptr(GPtrArray) uncovered = NULL;
    gint64 aune;
    gboolean no_buyer = FALSE;

    g_assert_true (concord_account_import_run (sponsor, NULL, &error));
    g_assert_no_error (error);
    aune = test_query_int (workbook, "SELECT id FROM accounts WHERE name = 'Aune Verft'");
    g_assert_true (concord_workbook_exec (workbook, "UPDATE accounts SET tier = 'strategic' "
                                          "WHERE name IN ('Fjordline Logistics AS', 'Aune Verft')", &error));
    covered = concord_accounts_account_warnings (workbook, fjordline, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < covered->len; i++)
      g_assert_false (g_str_has_prefix (((ConcordCoverageWarning *) g_ptr_array_index (covered, i))->code,
                                        "account/no-economic-buyer"));
    uncovered = concord_accounts_account_warnings (workbook, aune, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < uncovered->len; i++)
      if (g_str_equal (((ConcordCoverageWarning *) g_ptr_array_index (uncovered, i))->code, "account/no-economic-buyer"))
        no_buyer = TRUE;
    g_assert_true (no_buyer);
  }
}

/* A workbook made by today's Concord (schema 2: schema 1 with its search
 * triggers, then schema 2) opens: it is backed up, then upgraded, and
 * keeps every contact and every touch's link to its contact. */
static void
test_migrate_from_v2 (void)
{
  static const char *const steps[] = {
    "/io/github/concordplan/Concord/core/concord-schema-v1.sql",
    "/io/github/concordplan/Concord/core/concord-search-triggers.sql",
    "/io/github/concordplan/Concord/core/concord-schema-v2.sql",
    "/io/github/concordplan/Concord/core/concord-defaults.sql",
  };
  g_autofree char *dir = g_dir_make_tmp ("concord-v2-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.concord", NULL);
  g_autofree char *backup = g_strconcat (path, ".v2.bak", NULL);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pragmas = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (steps[i], 0, &error);
      g_autofree char *sql = NULL;

      g_assert_no_error (error);
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  pragmas = g_strdup_printf ("PRAGMA foreign_keys = ON;"
                             "INSERT INTO accounts (name, domain) VALUES ('Old Co', 'old.example');"
                             "INSERT INTO contacts (account_id, name, title, role) VALUES (1, 'Ada Byron', 'CFO', 'economic_buyer');"
                             "INSERT INTO touches (account_id, contact_id, touched_on, channel, team) "
                             "  VALUES (1, 1, '2026-01-12', 'call', 'sales');"
                             "PRAGMA application_id = %d; PRAGMA user_version = 2;", CONCORD_APPLICATION_ID);
  g_assert_cmpint (sqlite3_exec (db, pragmas, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "PRAGMA user_version"), ==, CONCORD_SCHEMA_VERSION);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (test_query_int (workbook, "SELECT contact_id FROM touches"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM contacts WHERE name = 'Ada Byron' "
                                   "AND role = 'economic_buyer' AND source_id IS NULL"), ==, 1);
  /* Search still finds the account through its contact, and new ones. */
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'ada'"), ==, 1);
  g_assert_true (concord_workbook_exec (workbook, "INSERT INTO contacts (account_id, name, role) "
                                        "VALUES (1, 'Grace Hopper', 'executive_sponsor')", &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'grace'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  /* The backup is the file as it was. */
  g_assert_cmpint (sqlite3_open_v2 (backup, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);

  g_clear_object (&workbook);
  {
    g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (entries)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_remove (file);
      }
  }
  g_rmdir (dir);
}

/* The export's headers come from the description; each one a user fills
 * reads back into the field it came from, and the import's fields are
 * the columns of accounts a user fills, with their labels. */
static void
test_export_headers_import_back (void)
{
  const ConcordTable *accounts = concord_table_lookup ("accounts");
  guint n_fields, n_headers = 0, f = 0;
  const ConcordImportField *fields = concord_account_import_fields (CONCORD_IMPORT_ACCOUNTS, &n_fields);

  for (guint i = 0; i < accounts->n_columns; i++)
    {
      const ConcordColumn *column = &accounts->columns[i];

      if (column->csv_header != NULL)
        n_headers++;
      if (column->flags & CONCORD_COLUMN_DERIVED)
        continue;

      g_assert_cmpuint (f, <, n_fields);
      g_assert_cmpstr (fields[f].id, ==, concord_column_json_name (column));
      g_assert_cmpstr (fields[f].label, ==, column->label);
      f++;
      if (column->csv_header != NULL)
        g_assert_cmpstr (concord_account_import_guess_field (CONCORD_IMPORT_ACCOUNTS, column->csv_header),
                         ==, concord_column_json_name (column));
    }
  g_assert_cmpuint (f, ==, n_fields);
  g_assert_cmpuint (n_headers, ==, 18);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import/accounts/hubspot", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_hubspot, workbook_fixture_teardown);
  g_test_add ("/import/accounts/salesforce", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_salesforce_and_warnings, workbook_fixture_teardown);
  g_test_add ("/import/accounts/duplicates", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_duplicates, workbook_fixture_teardown);
  g_test_add ("/import/accounts/rejected-rollback", WorkbookFixture, NULL,
              workbook_fixture_setup, test_rejected_rollback, workbook_fixture_teardown);
  g_test_add ("/import/accounts/malformed-lines", WorkbookFixture, NULL,
              workbook_fixture_setup, test_malformed_lines, workbook_fixture_teardown);
  g_test_add ("/import/accounts/salesforce-report", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_salesforce_report, workbook_fixture_teardown);
  g_test_add ("/import/accounts/hubspot-default-view", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_hubspot_default_view, workbook_fixture_teardown);
  g_test_add ("/import/accounts/number-and-date-conventions", WorkbookFixture, NULL,
              workbook_fixture_setup, test_number_and_date_conventions, workbook_fixture_teardown);
  g_test_add ("/import/accounts/one-cell-rows", WorkbookFixture, NULL,
              workbook_fixture_setup, test_one_cell_rows_before_data, workbook_fixture_teardown);
  g_test_add ("/import/accounts/pipedrive", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_pipedrive, workbook_fixture_teardown);
  g_test_add ("/import/accounts/excel-unicode-text", WorkbookFixture, NULL,
              workbook_fixture_setup, test_excel_unicode_text, workbook_fixture_teardown);
  g_test_add ("/import/accounts/data-loader", WorkbookFixture, NULL,
              workbook_fixture_setup, test_data_loader, workbook_fixture_teardown);
  g_test_add ("/import/accounts/preview-counts-and-fill", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_preview_counts_and_fill, workbook_fixture_teardown);
  g_test_add ("/import/accounts/twice-among-added", WorkbookFixture, NULL,
              workbook_fixture_setup, test_twice_among_added, workbook_fixture_teardown);
  g_test_add ("/import/accounts/file-cut-short", WorkbookFixture, NULL,
              workbook_fixture_setup, test_file_cut_short, workbook_fixture_teardown);
  g_test_add ("/import/accounts/cancel", WorkbookFixture, NULL,
              workbook_fixture_setup, test_cancel, workbook_fixture_teardown);
  g_test_add ("/import/accounts/versions-in-key-order", WorkbookFixture, NULL,
              workbook_fixture_setup, test_versions_in_key_order, workbook_fixture_teardown);
  g_test_add ("/import/accounts/batched-inserts", WorkbookFixture, NULL,
              workbook_fixture_setup, test_batched_inserts, workbook_fixture_teardown);
  g_test_add ("/import/accounts/large-builds-indexes", WorkbookFixture, NULL,
              workbook_fixture_setup, test_large_builds_indexes, workbook_fixture_teardown);
  g_test_add ("/import/contacts", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_contacts, workbook_fixture_teardown);
  g_test_add ("/import/contacts/hubspot-roles", WorkbookFixture, NULL,
              workbook_fixture_setup, test_hubspot_roles, workbook_fixture_teardown);
  g_test_add_func ("/import/schema/migrate-from-v2", test_migrate_from_v2);
  g_test_add_func ("/import/export-headers-import-back", test_export_headers_import_back);
  g_test_add ("/import/cli", WorkbookFixture, NULL,
              workbook_fixture_setup, test_mapping_and_cli, workbook_fixture_teardown);
  g_test_add ("/import/cli-encoding", WorkbookFixture, NULL,
              workbook_fixture_setup, test_cli_encoding, workbook_fixture_teardown);
  g_test_add ("/import/cli-shapes", WorkbookFixture, NULL,
              workbook_fixture_setup, test_cli_shapes, workbook_fixture_teardown);
  g_test_add ("/import/header-only-and-empty", WorkbookFixture, NULL,
              workbook_fixture_setup, test_header_only_and_empty, workbook_fixture_teardown);

  return g_test_run ();
}
