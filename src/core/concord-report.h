/* concord-report.h: the weekly update and the monthly dashboard */
#pragma once

#include "concord-workbook.h"

G_BEGIN_DECLS

typedef enum
{
  CONCORD_REPORT_WEEKLY,
  CONCORD_REPORT_MONTHLY,
} ConcordReportKind;

typedef enum
{
  CONCORD_BLOCK_HEADING,
  CONCORD_BLOCK_PARAGRAPH,
  CONCORD_BLOCK_FIGURES,   /* headline figures: label / value pairs */
  CONCORD_BLOCK_TABLE,
  CONCORD_BLOCK_BARS,      /* progress bars, drawn as charts in HTML and PDF */
} ConcordBlockKind;

typedef enum
{
  CONCORD_BAR_NEUTRAL,
  CONCORD_BAR_GOOD,
  CONCORD_BAR_WARNING,
  CONCORD_BAR_BAD,
} ConcordBarStatus;

typedef struct
{
  char             *label;
  char             *value;     /* what the bar says in words */
  double            fraction;  /* 0..1, may exceed 1 */
  ConcordBarStatus  status;
} ConcordReportBar;

typedef struct
{
  ConcordBlockKind  kind;
  char             *text;      /* heading or paragraph */
  GPtrArray        *columns;   /* table headers (char *) */
  GPtrArray        *rows;      /* table rows (GStrv), or figures (GStrv of 2) */
  GPtrArray        *bars;      /* ConcordReportBar */
} ConcordReportBlock;

typedef struct
{
  ConcordReportKind  kind;
  char              *title;
  char              *subtitle;
  char              *date;     /* YYYY-MM-DD the report is for */
  GPtrArray         *blocks;   /* ConcordReportBlock */
} ConcordReport;

ConcordReport *concord_report_build       (ConcordWorkbook   *workbook,
                                           ConcordReportKind  kind,
                                           const char        *date,
                                           GError           **error);
void           concord_report_free        (ConcordReport     *report);
char          *concord_report_to_markdown (ConcordReport     *report);
char          *concord_report_to_html     (ConcordReport     *report);
gboolean       concord_report_kind_parse  (const char        *text,
                                           ConcordReportKind *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordReport, concord_report_free)

G_END_DECLS
