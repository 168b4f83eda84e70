/* test-report.c: the weekly update and monthly dashboard, checked by number */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "concord-report-cairo.h"
#include "concord-report.h"
#include "concord-test-util.h"

static gint64
insert (ConcordWorkbook *workbook,
        const char      *table,
        ...)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  const char *column;
  va_list args;
  gint64 id;

  va_start (args, table);
  while ((column = va_arg (args, const char *)) != NULL)
    {
      const char *kind = va_arg (args, const char *);

      if (g_str_equal (kind, "s"))
        concord_fields_set_string (fields, column, va_arg (args, const char *));
      else if (g_str_equal (kind, "i"))
        concord_fields_set_int (fields, column, va_arg (args, gint64));
      else
        concord_fields_set_double (fields, column, va_arg (args, double));
    }
  va_end (args);

  id = concord_workbook_insert (workbook, table, fields, &error);
  g_assert_no_error (error);

  return id;
}

/* A quarter with two wins in the week to 2026-03-15 and one before it. */
static void
fill (ConcordWorkbook *workbook)
{
  gint64 plan, win1, win2, old, draft, ended;

  plan = insert (workbook, "plans", "title", "s", "Spring push", "kind", "s", "abm", "status", "s", "active",
                 "start_on", "s", "2026-01-01", "end_on", "s", "2026-03-31", NULL);
  insert (workbook, "plan_kpis", "plan_id", "i", plan, "name", "s", "Meetings booked", "unit", "s", "count",
          "baseline", "d", 0.0, "target", "d", 40.0, "actual", "d", 30.0, NULL);
  insert (workbook, "plan_kpis", "plan_id", "i", plan, "name", "s", "Reply rate", "unit", "s", "percent",
          "baseline", "d", 20.0, "target", "d", 40.0, "actual", "d", 33.0, NULL);
  insert (workbook, "plan_kpis", "plan_id", "i", plan, "name", "s", "Pipeline", "unit", "s", "currency",
          "baseline", "d", 400000.0, "target", "d", 1500000.0, "actual", "d", 1370000.0, NULL);
  insert (workbook, "plan_budget_lines", "plan_id", "i", plan, "item", "s", "Dinners", "funded_by", "s", "sales",
          "planned", "i", (gint64) 100000, "actual", "i", (gint64) 125000, NULL);
  insert (workbook, "plan_budget_lines", "plan_id", "i", plan, "item", "s", "Ads", "funded_by", "s", "marketing",
          "planned", "i", (gint64) 500000, "actual", "i", (gint64) 200000, NULL);
  insert (workbook, "plan_milestones", "plan_id", "i", plan, "title", "s", "Shortlist agreed", "due_on", "s", "2026-03-10",
          "done", "i", (gint64) 1, "done_on", "s", "2026-03-12", NULL);
  insert (workbook, "plan_milestones", "plan_id", "i", plan, "title", "s", "Invitations out", "due_on", "s", "2026-03-11", NULL);

  win1 = insert (workbook, "accounts", "name", "s", "Halden Robotics", "stage", "s", "customer",
                 "pipeline_value", "i", (gint64) 250000, NULL);
  win2 = insert (workbook, "accounts", "name", "s", "Moorcroft Dairy", "stage", "s", "customer",
                 "pipeline_value", "i", (gint64) 100000, NULL);
  old = insert (workbook, "accounts", "name", "s", "Pellworth Glass", "stage", "s", "customer",
                "pipeline_value", "i", (gint64) 999900, NULL);
  insert (workbook, "plan_accounts", "plan_id", "i", plan, "account_id", "i", win1, NULL);
  /* A draft that starts months later, and a plan that ended before the
   * win, cover the same account: neither earns the credit. */
  draft = insert (workbook, "plans", "title", "s", "Autumn draft", "kind", "s", "abm", "status", "s", "draft",
                  "start_on", "s", "2026-09-01", "end_on", "s", "2026-10-31", NULL);
  ended = insert (workbook, "plans", "title", "s", "Winter push", "kind", "s", "abm", "status", "s", "done",
                  "start_on", "s", "2025-11-01", "end_on", "s", "2026-02-28", NULL);
  insert (workbook, "plan_accounts", "plan_id", "i", draft, "account_id", "i", win1, NULL);
  insert (workbook, "plan_accounts", "plan_id", "i", ended, "account_id", "i", win1, NULL);
  insert (workbook, "plan_accounts", "plan_id", "i", draft, "account_id", "i", win2, NULL);
  insert (workbook, "account_stage_changes", "account_id", "i", win1, "from_stage", "s", "opportunity",
          "to_stage", "s", "customer", "changed_on", "s", "2026-03-09", NULL);
  insert (workbook, "account_stage_changes", "account_id", "i", win2, "from_stage", "s", "opportunity",
          "to_stage", "s", "customer", "changed_on", "s", "2026-03-15", NULL);
  insert (workbook, "account_stage_changes", "account_id", "i", old, "from_stage", "s", "opportunity",
          "to_stage", "s", "customer", "changed_on", "s", "2026-03-08", NULL);
}

static void
test_weekly (WorkbookFixture *fixture,
             gconstpointer    data)
{
  g_autoptr(ConcordReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *md = NULL;
  g_autofree char *html = NULL;

  fill (fixture->workbook);
  report = concord_report_build (fixture->workbook, CONCORD_REPORT_WEEKLY, "2026-03-15", &error);
  g_assert_no_error (error);

  md = concord_report_to_markdown (report);
  g_test_message ("%s", md);
  g_assert_nonnull (strstr (md, "# Weekly update"));
  g_assert_nonnull (strstr (md, "9 Mar 2026 to 15 Mar 2026"));
  g_assert_nonnull (strstr (md, "**New customers:** 2\n"));
  g_assert_nonnull (strstr (md, "**Pipeline won:** $3,500\n"));
  g_assert_nonnull (strstr (md, "| Halden Robotics | 9 Mar 2026 | $2,500 | Spring push |"));
  g_assert_nonnull (strstr (md, "| Moorcroft Dairy | 15 Mar 2026 | $1,000 | none |"));
  g_assert_null (strstr (md, "| Pellworth Glass | 8 Mar 2026"));
  g_assert_nonnull (strstr (md, "Spring push — Meetings booked: 30 of 40 · 75 % of the target\n"));
  /* The percentage says what it is: here from a baseline. */
  g_assert_nonnull (strstr (md, "Spring push — Reply rate: 33 % of 40 % · 65 % of the way from 20 %\n"));
  g_assert_nonnull (strstr (md, "Spring push — Pipeline: $1,370,000 of $1,500,000 · 88 % of the way from $400,000\n"));
  g_assert_nonnull (strstr (md, "| Shortlist agreed | Spring push | 12 Mar 2026 |"));
  g_assert_nonnull (strstr (md, "Invitations out | Spring push | 11 Mar 2026 (4 days overdue)"));
  g_assert_nonnull (strstr (md, "**Overdue milestones:** 1\n"));

  html = concord_report_to_html (report);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "Halden Robotics"));
  g_assert_null (strstr (html, "<style"));
  g_assert_null (strstr (html, "<script"));
}

/* Raw HTML in user text shows as text in the Markdown report, as it does
 * in the HTML one: a viewer that renders Markdown must not run it. */
static void
test_markdown_escapes_html (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *md = NULL;
  gint64 plan, account;

  plan = insert (workbook, "plans", "title", "s", "<img src=x onerror=alert(1)>", "kind", "s", "abm",
                 "status", "s", "active", "start_on", "s", "2026-01-01", "end_on", "s", "2026-03-31", NULL);
  insert (workbook, "plan_milestones", "plan_id", "i", plan, "title", "s", "Ship & <b>tell</b>",
          "due_on", "s", "2026-03-11", NULL);
  account = insert (workbook, "accounts", "name", "s", "<script>alert(1)</script> | Ltd", "stage", "s", "customer",
                    "pipeline_value", "i", (gint64) 250000, NULL);
  insert (workbook, "plan_accounts", "plan_id", "i", plan, "account_id", "i", account, NULL);
  insert (workbook, "account_stage_changes", "account_id", "i", account, "from_stage", "s", "opportunity",
          "to_stage", "s", "customer", "changed_on", "s", "2026-03-10", NULL);

  report = concord_report_build (workbook, CONCORD_REPORT_WEEKLY, "2026-03-15", &error);
  g_assert_no_error (error);
  md = concord_report_to_markdown (report);
  g_test_message ("%s", md);

  g_assert_null (strchr (md, '<'));
  g_assert_null (strchr (md, '>'));
  g_assert_nonnull (strstr (md, "| &lt;script&gt;alert(1)&lt;/script&gt; \\| Ltd | 10 Mar 2026 |"));
  g_assert_nonnull (strstr (md, "&lt;img src=x onerror=alert(1)&gt;"));
  g_assert_nonnull (strstr (md, "Ship &amp; &lt;b&gt;tell&lt;/b&gt;"));
}

static void
test_monthly (WorkbookFixture *fixture,
              gconstpointer    data)
{
  g_autoptr(ConcordReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *md = NULL;

  fill (fixture->workbook);
  report = concord_report_build (fixture->workbook, CONCORD_REPORT_MONTHLY, "2026-03-15", &error);
  g_assert_no_error (error);

  md = concord_report_to_markdown (report);
  g_test_message ("%s", md);
  g_assert_nonnull (strstr (md, "# Monthly dashboard"));
  g_assert_nonnull (strstr (md, "March 2026"));
  g_assert_nonnull (strstr (md, "**Budget spent:** $3,250 of $6,000\n"));
  g_assert_nonnull (strstr (md, "| Sales | $1,000 | $1,250 |"));
  g_assert_nonnull (strstr (md, "| Total | $6,000 | $3,250 |"));
  g_assert_nonnull (strstr (md, "over its plan"));
  g_assert_nonnull (strstr (md, "**Maturity stage:** not assessed"));
  g_assert_nonnull (strstr (md, "| 1:many | 0 | 0 | 0 | 3 | 0 | 0 |"));
}

static void
test_pdf (WorkbookFixture *fixture,
          gconstpointer    data)
{
  g_autoptr(ConcordReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "weekly.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *command = NULL;
  int status = 0;

  fill (fixture->workbook);
  report = concord_report_build (fixture->workbook, CONCORD_REPORT_WEEKLY, "2026-03-15", &error);
  g_assert_true (concord_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);

  command = g_strdup_printf ("pdftotext -layout '%s' -", pdf);
  g_assert_true (g_spawn_command_line_sync (command, &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (text, "Weekly update"));
  g_assert_nonnull (strstr (text, "$3,500"));
  g_assert_nonnull (strstr (text, "Halden Robotics"));
  g_assert_nonnull (strstr (text, "Moorcroft Dairy"));
  g_assert_nonnull (strstr (text, "30 of 40"));

  /* An unwritable place is an error, not a crash. */
  g_assert_false (concord_report_write_pdf (report, "/nonexistent-folder/x.pdf", &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);
}

static cairo_status_t
discard (void                *closure,
         const unsigned char *data,
         unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

/* What a leader would see on paper: no word broken, no heading alone at
 * the foot of a page, no table row alone on a page, the header of a table
 * on every page it spans. */
static void
check_layout (ConcordReport *report)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (discard, NULL, CONCORD_PAGE_A4_WIDTH,
                                                                  CONCORD_PAGE_A4_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GArray) placed = concord_report_paginate (report, cr, CONCORD_PAGE_A4_WIDTH,
                                                      CONCORD_PAGE_A4_HEIGHT);
  int n_pages = concord_report_count_pages (report, cr, CONCORD_PAGE_A4_WIDTH, CONCORD_PAGE_A4_HEIGHT);

  g_assert_cmpuint (placed->len, >, 0);
  for (guint i = 0; i < placed->len; i++)
    {
      ConcordReportPlacement *p = &g_array_index (placed, ConcordReportPlacement, i);
      ConcordReportBlock *block = g_ptr_array_index (report->blocks, p->block);

      g_assert_cmpint (p->page, <, n_pages);
      if (p->broken_word)
        g_error ("block %u row %d breaks a word", p->block, p->row);

      /* A heading shares its page with what follows it. */
      if (block->kind == CONCORD_BLOCK_HEADING && i + 1 < placed->len)
        g_assert_cmpint (g_array_index (placed, ConcordReportPlacement, i + 1).page, ==, p->page);

      if (block->kind == CONCORD_BLOCK_TABLE && p->row >= 0)
        {
          guint on_page = 0;
          gboolean header = FALSE;

          for (guint j = 0; j < placed->len; j++)
            {
              ConcordReportPlacement *q = &g_array_index (placed, ConcordReportPlacement, j);

              if (q->block != p->block || q->page != p->page)
                continue;
              if (q->row < 0 && j < i)
                header = TRUE;
              else if (q->row >= 0)
                on_page++;
            }
          if (!header)
            g_error ("block %u row %d: a table page without its header", p->block, p->row);
          if (block->rows->len >= 2 && on_page < 2)
            g_error ("block %u row %d: alone on page %d", p->block, p->row, p->page + 1);
          /* A short table, such as the budget by team, stays whole. */
          if (block->rows->len <= 6 && on_page != block->rows->len)
            g_error ("block %u: a table of %u rows split across pages", p->block, block->rows->len);
        }
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Two hundred plans, each with a KPI, budget and milestones, and as many
 * accounts won in the week. */
static void
fill_many (ConcordWorkbook *workbook)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_begin (workbook, "Many plans", &error));
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *title = g_strdup_printf ("Joint growth project %03u for the northern region", i);
      g_autofree char *account = g_strdup_printf ("Account %03u", i);
      g_autofree char *day = g_strdup_printf ("2026-03-%02u", 9 + i % 7);
      gint64 plan, won;

      plan = insert (workbook, "plans", "title", "s", title, "kind", "s", "growth", "status", "s", "active",
                     "start_on", "s", "2026-01-01", "end_on", "s", "2026-06-30", NULL);
      insert (workbook, "plan_kpis", "plan_id", "i", plan, "name", "s", "Opportunities engaged", "unit", "s",
              "count", "baseline", "d", 10.0, "target", "d", 90.0, "actual", "d", (double) (i % 90), NULL);
      insert (workbook, "plan_budget_lines", "plan_id", "i", plan, "item", "s", "Events", "funded_by", "s",
              i % 2 ? "sales" : "shared", "planned", "i", (gint64) 100000, "actual", "i", (gint64) (i * 1000), NULL);
      insert (workbook, "plan_milestones", "plan_id", "i", plan, "title", "s", "Shortlist agreed with both teams",
              "due_on", "s", day, NULL);
      won = insert (workbook, "accounts", "name", "s", account, "stage", "s", "customer",
                    "pipeline_value", "i", (gint64) (1000 * i), NULL);
      insert (workbook, "plan_accounts", "plan_id", "i", plan, "account_id", "i", won, NULL);
      insert (workbook, "account_stage_changes", "account_id", "i", won, "from_stage", "s", "opportunity",
              "to_stage", "s", "customer", "changed_on", "s", day, NULL);
    }
  g_assert_true (concord_workbook_commit (workbook, &error));
  g_assert_no_error (error);
}

static void
test_pdf_layout (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  static const ConcordReportKind kinds[] = { CONCORD_REPORT_WEEKLY, CONCORD_REPORT_MONTHLY };
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(ConcordReport) report = concord_report_build (fixture->workbook, kinds[k], "2026-03-15", &error);

      g_assert_no_error (error);
      check_layout (report);
    }
}

static void
test_pdf_layout_many (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  static const ConcordReportKind kinds[] = { CONCORD_REPORT_WEEKLY, CONCORD_REPORT_MONTHLY };
  g_autoptr(GError) error = NULL;

  fill_many (fixture->workbook);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(ConcordReport) report = concord_report_build (fixture->workbook, kinds[k], "2026-03-15", &error);
      g_autofree char *pdf = g_build_filename (fixture->dir, "many.pdf", NULL);
      g_autofree char *command = g_strdup_printf ("pdftotext -layout '%s' -", pdf);
      g_autofree char *text = NULL;
      g_autofree char *last = NULL;
      int status = 0;
      cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (discard, NULL, CONCORD_PAGE_A4_WIDTH,
                                                                      CONCORD_PAGE_A4_HEIGHT);
      cairo_t *cr = cairo_create (surface);
      int n_pages = concord_report_count_pages (report, cr, CONCORD_PAGE_A4_WIDTH, CONCORD_PAGE_A4_HEIGHT);

      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_assert_no_error (error);
      g_assert_cmpint (n_pages, >, 3);
      check_layout (report);

      /* Every page carries its number. */
      g_assert_true (concord_report_write_pdf (report, pdf, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_command_line_sync (command, &text, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, "Page 1 of "));
      last = g_strdup_printf ("Page %d of %d", n_pages, n_pages);
      g_assert_nonnull (strstr (text, last));
      g_assert_null (strstr (text, "Opport-"));
      g_assert_null (strstr (text, "Engage-"));
    }
}

static void
test_errors_and_cli (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *html = g_build_filename (fixture->dir, "m.html", NULL);
  int status;

  g_assert_null (concord_report_build (fixture->workbook, CONCORD_REPORT_WEEKLY, "2026-13-45", &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-13-45"));

  fill (fixture->workbook);
  workbook_fixture_close (fixture);

  test_run_cli ((const char *[]) { "report", "weekly", fixture->path, "--date", "2026-03-15", NULL },
                &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Halden Robotics"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  test_run_cli ((const char *[]) { "report", "monthly", fixture->path, "--format", "html", "-o", html, NULL },
                &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (html, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  test_run_cli ((const char *[]) { "report", "yearly", fixture->path, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  test_run_cli ((const char *[]) { "report", "weekly", fixture->path, "--format", "pdf", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  test_run_cli ((const char *[]) { "report", "weekly", fixture->path, "--date", "soon", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "soon"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/report/weekly", WorkbookFixture, NULL,
              workbook_fixture_setup, test_weekly, workbook_fixture_teardown);
  g_test_add ("/report/monthly", WorkbookFixture, NULL,
              workbook_fixture_setup, test_monthly, workbook_fixture_teardown);
  g_test_add ("/report/markdown-escapes-html", WorkbookFixture, NULL,
              workbook_fixture_setup, test_markdown_escapes_html, workbook_fixture_teardown);
  g_test_add ("/report/pdf", WorkbookFixture, NULL,
              workbook_fixture_setup, test_pdf, workbook_fixture_teardown);
  g_test_add ("/report/pdf-layout", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_pdf_layout, workbook_fixture_teardown);
  g_test_add ("/report/pdf-layout-200-plans", WorkbookFixture, NULL,
              workbook_fixture_setup, test_pdf_layout_many, workbook_fixture_teardown);
  g_test_add ("/report/errors-and-cli", WorkbookFixture, NULL,
              workbook_fixture_setup, test_errors_and_cli, workbook_fixture_teardown);

  return g_test_run ();
}
