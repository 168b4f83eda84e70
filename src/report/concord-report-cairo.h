/* concord-report-cairo.h: reports drawn with Cairo, for PDF and print */
#pragma once

#include <cairo.h>

#include "concord-report.h"

G_BEGIN_DECLS

#define CONCORD_PAGE_A4_WIDTH  595.0  /* points */
#define CONCORD_PAGE_A4_HEIGHT 842.0

int      concord_report_draw      (ConcordReport *report,
                                   cairo_t       *cr,
                                   double         width,
                                   double         height,
                                   int            page);
int      concord_report_count_pages (ConcordReport *report,
                                   cairo_t       *cr,
                                   double         width,
                                   double         height);
/* Where each part of a report lands, for checking the layout: @row is a
 * table's or bar block's row, or -1 for its header and for headings and
 * paragraphs; @broken_word is TRUE when a line had to break inside a word. */
typedef struct
{
  guint    block;
  int      row;
  int      page;
  gboolean broken_word;
} ConcordReportPlacement;

GArray  *concord_report_paginate  (ConcordReport *report,
                                   cairo_t       *cr,
                                   double         width,
                                   double         height);
void     concord_cairo_rounded_rect (cairo_t *cr,
                                     double   x,
                                     double   y,
                                     double   width,
                                     double   height,
                                     double   radius);
gboolean concord_report_write_pdf (ConcordReport *report,
                                   const char    *path,
                                   GError       **error);
/* @format is "md", "html" or "pdf"; the file is whole or not written. */
gboolean concord_report_write_file (ConcordReport *report,
                                    const char    *format,
                                    const char    *path,
                                    GError       **error);

G_END_DECLS
