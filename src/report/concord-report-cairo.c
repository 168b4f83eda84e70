/* concord-report-cairo.c
 *
 * One pass lays the report out top to bottom, starting a new page when a
 * block does not fit; it draws only the items of the page asked for, so
 * counting pages and drawing page N are the same walk. Sizes are in
 * points; the caller's cairo_t is already scaled to the page.
 *
 * Pages read as a leader prints them: words are never broken or
 * hyphenated, a table never leaves one row alone at the top or bottom of
 * a page and repeats its header on the next, the tiles of one block share
 * one size, and every page has its number.
 */
#define G_LOG_DOMAIN "concord-report"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "concord-error.h"
#include "concord-output.h"
#include "concord-report-cairo.h"

#define MARGIN      48.0
#define GAP         8.0
#define FONT        "Sans"

typedef struct
{
  cairo_t *cr;
  double   width;    /* of the text column */
  double   bottom;   /* last usable y */
  double   y;
  int      page;     /* the page being laid out */
  int      target;   /* the page to draw, or -1 */
  int      n_pages;  /* when known, for the footer; else 0 */
  guint    block;    /* the block being laid out */
  GArray  *placed;   /* ConcordReportPlacement, or NULL */
  const char *title; /* for the footer */
  double   height;   /* of the page */
} Layout;

static void
place (Layout *layout,
       int     row,
       gboolean broken)
{
  ConcordReportPlacement placement = { layout->block, row, layout->page, broken };

  if (layout->placed != NULL)
    g_array_append_val (layout->placed, placement);
}

#define ALL_PAGES (-2)

static gboolean
drawing (Layout *layout)
{
  return layout->target == ALL_PAGES || layout->page == layout->target;
}

static void draw_footer (Layout *layout);

static void
set_colour (cairo_t    *cr,
            const char *spec)
{
  guint r, g, b;

  if (sscanf (spec, "#%02x%02x%02x", &r, &g, &b) == 3)
    cairo_set_source_rgb (cr, r / 255.0, g / 255.0, b / 255.0);
}

static PangoLayout *
text_layout (Layout     *layout,
             const char *text,
             double      size,
             gboolean    bold,
             double      width)
{
  PangoLayout *pango = pango_cairo_create_layout (layout->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (pango, font);
  pango_layout_set_width (pango, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  /* Lines break between words only; a word wider than its column is
   * shrunk to fit by the callers, never split with a hyphen. */
  pango_layout_set_wrap (pango, PANGO_WRAP_WORD);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
    pango_layout_set_attributes (pango, attrs);
    pango_attr_list_unref (attrs);
  }
  pango_layout_set_text (pango, text ? text : "", -1);

  return pango;
}

/* Whether Pango had to break a line inside a word. */
static gboolean
breaks_a_word (PangoLayout *pango)
{
  const char *text = pango_layout_get_text (pango);
  GSList *lines = pango_layout_get_lines_readonly (pango);

  for (GSList *l = lines != NULL ? lines->next : NULL; l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      gunichar before;

      if (line->start_index <= 0)
        continue;
      before = g_utf8_get_char (g_utf8_prev_char (text + line->start_index));
      if (!g_unichar_isspace (before) && before != '-' && before != '/')
        return TRUE;
    }

  return FALSE;
}

/* The widest word of @text at @size, in points. */
static double
widest_word (Layout     *layout,
             const char *text,
             double      size,
             gboolean    bold)
{
  g_auto(GStrv) words = g_strsplit_set (text ? text : "", " \t\n", -1);
  double widest = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) probe = NULL;
      int w, h;

      if (*words[i] == '\0')
        continue;
      probe = text_layout (layout, words[i], size, bold, -1);
      pango_layout_get_size (probe, &w, &h);
      widest = MAX (widest, (double) w / PANGO_SCALE);
    }

  return widest;
}

/* @size, or smaller down to 6 points, so no word of @text is wider than
 * @width. */
static double
size_for_words (Layout     *layout,
                const char *text,
                double      size,
                gboolean    bold,
                double      width)
{
  g_autoptr(PangoLayout) whole = text_layout (layout, text, size, bold, -1);
  int w, h;

  /* Most cells fit on one line as they are. */
  pango_layout_get_size (whole, &w, &h);
  if ((double) w / PANGO_SCALE <= width)
    return size;

  while (size > 6 && widest_word (layout, text, size, bold) > width)
    size -= 0.5;

  return size;
}

static double
layout_height (PangoLayout *pango)
{
  int w, h;

  pango_layout_get_size (pango, &w, &h);

  return (double) h / PANGO_SCALE;
}

/* Moves to a new page when @needed does not fit. */
static void
ensure_room (Layout *layout,
             double  needed)
{
  if (layout->y + needed > layout->bottom && layout->y > MARGIN + 1)
    {
      if (layout->target == ALL_PAGES)
        {
          draw_footer (layout);
          cairo_show_page (layout->cr);
        }
      layout->page++;
      layout->y = MARGIN;
    }
}

static void
draw_text (Layout     *layout,
           const char *text,
           double      x,
           double      size,
           gboolean    bold,
           const char *colour,
           double      width,
           double     *height)
{
  g_autoptr(PangoLayout) pango = text_layout (layout, text, size, bold, width);

  *height = layout_height (pango);
  if (drawing (layout))
    {
      cairo_save (layout->cr);
      set_colour (layout->cr, colour);
      cairo_move_to (layout->cr, x, layout->y);
      pango_cairo_show_layout (layout->cr, pango);
      cairo_restore (layout->cr);
    }
}

/* Shared with the app's own drawing (the roadmap timeline). */
void
concord_cairo_rounded_rect (cairo_t *cr,
                            double   x,
                            double   y,
                            double   w,
                            double   h,
                            double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static const char *
bar_colour (ConcordBarStatus status)
{
  switch (status)
    {
    case CONCORD_BAR_GOOD: return "#26a269";
    case CONCORD_BAR_WARNING: return "#e5a50a";
    case CONCORD_BAR_BAD: return "#c01c28";
    default: return "#3584e4";
    }
}

static void
lay_heading (Layout     *layout,
             const char *text)
{
  g_autoptr(PangoLayout) probe = text_layout (layout, text, 13, TRUE, layout->width);
  double h;

  /* A heading never ends a page alone. */
  ensure_room (layout, layout_height (probe) + 70);
  layout->y += 14;
  draw_text (layout, text, MARGIN, 13, TRUE, "#241f31", layout->width, &h);
  layout->y += h + 3;
  if (drawing (layout))
    {
      cairo_save (layout->cr);
      set_colour (layout->cr, "#3584e4");
      cairo_rectangle (layout->cr, MARGIN, layout->y, layout->width, 1.5);
      cairo_fill (layout->cr);
      cairo_restore (layout->cr);
    }
  layout->y += 8;
}

static void
lay_paragraph (Layout     *layout,
               const char *text)
{
  g_autoptr(PangoLayout) probe = text_layout (layout, text, 10, FALSE, layout->width);
  double h;

  ensure_room (layout, layout_height (probe));
  draw_text (layout, text, MARGIN, 10, FALSE, "#241f31", layout->width, &h);
  layout->y += h + 6;
}

/* The largest size at which @text stays on one line of @width. */
static double
fitting_size (Layout     *layout,
              const char *text,
              double      width)
{
  static const double sizes[] = { 14, 12, 10.5, 9 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(PangoLayout) probe = text_layout (layout, text, sizes[i], TRUE, -1);
      int w, h;

      pango_layout_get_size (probe, &w, &h);
      if ((double) w / PANGO_SCALE <= width)
        return sizes[i];
    }

  return sizes[G_N_ELEMENTS (sizes) - 1];
}

static void
lay_figures (Layout    *layout,
             GPtrArray *rows)
{
  const guint per_row = 3;
  double card_w = (layout->width - GAP * (per_row - 1)) / per_row;
  const double card_h = 52;
  double size = 14;

  /* One size for every tile of the block, the largest all of them fit. */
  for (guint r = 0; r < rows->len; r++)
    size = MIN (size, fitting_size (layout, ((GStrv) g_ptr_array_index (rows, r))[1], card_w - 20));

  for (guint r = 0; r < rows->len; r += per_row)
    {
      ensure_room (layout, card_h + GAP);
      for (guint c = 0; c < per_row && r + c < rows->len; c++)
        {
          GStrv row = g_ptr_array_index (rows, r + c);
          double x = MARGIN + c * (card_w + GAP);
          double y = layout->y, h;

          if (drawing (layout))
            {
              cairo_save (layout->cr);
              set_colour (layout->cr, "#f6f5f4");
              concord_cairo_rounded_rect (layout->cr, x, y, card_w, card_h, 6);
              cairo_fill (layout->cr);
              cairo_restore (layout->cr);
            }
          layout->y = y + 8;
          draw_text (layout, row[1], x + 10, size, TRUE, "#241f31", card_w - 20, &h);
          layout->y = y + 8 + 22;
          draw_text (layout, row[0], x + 10, 8.5, FALSE, "#5e5c64", card_w - 20, &h);
          layout->y = y;
          place (layout, (int) (r + c), FALSE);
        }
      layout->y += card_h + GAP;
    }
  layout->y += 4;
}

/* One row of a table: measured with @draw FALSE, drawn with TRUE. */
static double
table_row (Layout            *layout,
           const char *const *cells,
           guint              n,
           const double      *widths,
           const double      *sizes,
           gboolean           header,
           int                row,
           gboolean           draw)
{
  double row_h = 0, x = MARGIN, h;
  gboolean broken = FALSE;

  for (guint c = 0; c < n && cells[c] != NULL; c++)
    {
      g_autoptr(PangoLayout) probe = text_layout (layout, cells[c], sizes[c], header, widths[c] - 8);

      row_h = MAX (row_h, layout_height (probe));
      broken |= breaks_a_word (probe);
    }

  if (!draw)
    return row_h + 8;

  for (guint c = 0; c < n && cells[c] != NULL; c++)
    {
      draw_text (layout, cells[c], x, sizes[c], header, header ? "#5e5c64" : "#241f31",
                 widths[c] - 8, &h);
      x += widths[c];
    }
  place (layout, header ? -1 : row, broken);
  layout->y += row_h + 4;
  if (drawing (layout))
    {
      cairo_save (layout->cr);
      set_colour (layout->cr, "#deddda");
      cairo_rectangle (layout->cr, MARGIN, layout->y, layout->width, header ? 1 : 0.75);
      cairo_fill (layout->cr);
      cairo_restore (layout->cr);
    }
  layout->y += 4;

  return row_h + 8;
}

static void
lay_table (Layout    *layout,
           GPtrArray *columns,
           GPtrArray *rows)
{
  guint n = columns->len;
  double first = n > 1 ? layout->width * (n > 4 ? 0.24 : 0.38) : layout->width;
  double other = n > 1 ? (layout->width - first) / (n - 1) : 0;
  g_autofree double *widths = g_new (double, n);
  g_autofree double *header_sizes = g_new (double, n);
  g_autofree double *cell_sizes = g_new (double, n);
  const char *const *header = (const char *const *) columns->pdata;
  double header_h;
  guint n_rows = rows->len;

  for (guint c = 0; c < n; c++)
    {
      widths[c] = c == 0 ? first : other;
      /* A header word that does not fit its column gets a smaller size,
       * not a hyphen: "Opportunity", never "Opport-unity". */
      header_sizes[c] = size_for_words (layout, header[c], 8.5, TRUE, widths[c] - 8);
      cell_sizes[c] = 9.5;
      for (guint r = 0; r < n_rows; r++)
        {
          const char *const *cells = g_ptr_array_index (rows, r);

          cell_sizes[c] = MIN (cell_sizes[c], size_for_words (layout, cells[c], 9.5, FALSE, widths[c] - 8));
        }
    }

  header_h = table_row (layout, header, n, widths, header_sizes, TRUE, -1, FALSE);

  /* The header and the first two rows start together; a table short
   * enough to fit a third of a page is never split at all. */
  {
    double opening = header_h, whole = header_h;

    for (guint r = 0; r < n_rows; r++)
      {
        double row_h = table_row (layout, g_ptr_array_index (rows, r), n, widths, cell_sizes, FALSE, r, FALSE);

        whole += row_h;
        if (r < 2)
          opening += row_h;
      }
    ensure_room (layout, whole <= (layout->bottom - MARGIN) / 3 ? whole : opening);
  }
  table_row (layout, header, n, widths, header_sizes, TRUE, -1, TRUE);

  for (guint r = 0; r < n_rows; r++)
    {
      const char *const *cells = g_ptr_array_index (rows, r);
      double row_h = table_row (layout, cells, n, widths, cell_sizes, FALSE, (int) r, FALSE);
      double needed = row_h;
      int page = layout->page;

      /* The last row (a total, often) never goes over alone: when it would
       * not fit, the row before it goes along. */
      if (r + 2 == n_rows && r > 0)
        needed += table_row (layout, g_ptr_array_index (rows, r + 1), n, widths, cell_sizes, FALSE,
                             (int) r + 1, FALSE);

      ensure_room (layout, needed);
      if (layout->page != page)
        table_row (layout, header, n, widths, header_sizes, TRUE, -1, TRUE);
      table_row (layout, cells, n, widths, cell_sizes, FALSE, (int) r, TRUE);
    }
  layout->y += 6;
}

static void
lay_bars (Layout    *layout,
          GPtrArray *bars)
{
  double label_w = layout->width * 0.45;
  double bar_x = MARGIN + label_w + GAP;
  double bar_w = layout->width - label_w - GAP;

  for (guint b = 0; b < bars->len; b++)
    {
      ConcordReportBar *bar = g_ptr_array_index (bars, b);
      g_autoptr(PangoLayout) probe = text_layout (layout, bar->label, 9.5, FALSE, label_w);
      g_autoptr(PangoLayout) value = text_layout (layout, bar->value, 8.5, FALSE, bar_w);
      /* The value under the bar may wrap too: the row makes room for it. */
      double row_h = MAX (MAX (layout_height (probe), 13 + layout_height (value)), 26), y, h;

      ensure_room (layout, row_h + 6);
      y = layout->y;
      place (layout, (int) b, breaks_a_word (probe));
      draw_text (layout, bar->label, MARGIN, 9.5, FALSE, "#241f31", label_w, &h);
      if (drawing (layout))
        {
          cairo_save (layout->cr);
          set_colour (layout->cr, "#deddda");
          concord_cairo_rounded_rect (layout->cr, bar_x, y + 2, bar_w, 8, 4);
          cairo_fill (layout->cr);
          if (bar->fraction > 0)
            {
              set_colour (layout->cr, bar_colour (bar->status));
              concord_cairo_rounded_rect (layout->cr, bar_x, y + 2, MAX (8, bar_w * CLAMP (bar->fraction, 0, 1)), 8, 4);
              cairo_fill (layout->cr);
            }
          cairo_restore (layout->cr);
        }
      layout->y = y + 13;
      draw_text (layout, bar->value, bar_x, 8.5, FALSE, "#5e5c64", bar_w, &h);
      layout->y = y + row_h + 6;
    }
  layout->y += 4;
}

static void
draw_footer (Layout *layout)
{
  g_autofree char *number = NULL;
  double y = layout->y, h;

  if (!drawing (layout) || layout->n_pages == 0)
    return;

  /* TRANSLATORS: the footer of a printed report, "Page 2 of 3" */
  number = g_strdup_printf (_("Page %d of %d"), layout->page + 1, layout->n_pages);
  layout->y = layout->height - MARGIN + 14;
  draw_text (layout, layout->title, MARGIN, 8, FALSE, "#77767b", layout->width * 0.7, &h);
  {
    g_autoptr(PangoLayout) probe = text_layout (layout, number, 8, FALSE, -1);
    int w, ph;

    pango_layout_get_size (probe, &w, &ph);
    draw_text (layout, number, MARGIN + layout->width - (double) w / PANGO_SCALE, 8, FALSE,
               "#77767b", -1, &h);
  }
  layout->y = y;
}

static int
lay_out (ConcordReport *report,
         cairo_t       *cr,
         double         width,
         double         height,
         int            target,
         int            n_pages,
         GArray        *placed)
{
  Layout layout = { cr, width - 2 * MARGIN, height - MARGIN, MARGIN, 0, target, n_pages, 0, placed,
                    report->title, height };
  double h;

  draw_text (&layout, report->title, MARGIN, 20, TRUE, "#241f31", layout.width, &h);
  layout.y += h + 2;
  draw_text (&layout, report->subtitle, MARGIN, 10.5, FALSE, "#5e5c64", layout.width, &h);
  layout.y += h + 14;

  for (guint i = 0; i < report->blocks->len; i++)
    {
      ConcordReportBlock *block = g_ptr_array_index (report->blocks, i);

      layout.block = i;
      switch (block->kind)
        {
        case CONCORD_BLOCK_HEADING:
          lay_heading (&layout, block->text);
          place (&layout, -1, FALSE);
          break;
        case CONCORD_BLOCK_PARAGRAPH:
          lay_paragraph (&layout, block->text);
          place (&layout, -1, FALSE);
          break;
        case CONCORD_BLOCK_FIGURES:
          lay_figures (&layout, block->rows);
          break;
        case CONCORD_BLOCK_TABLE:
          lay_table (&layout, block->columns, block->rows);
          break;
        case CONCORD_BLOCK_BARS:
          lay_bars (&layout, block->bars);
          break;
        }
    }

  /* The footer of the page asked for (or the last), now that its place
   * is known. */
  if (target == ALL_PAGES)
    {
      draw_footer (&layout);
      cairo_show_page (cr);
    }
  else if (target >= 0)
    {
      int last = layout.page;

      layout.page = target;
      draw_footer (&layout);
      layout.page = last;
    }

  return layout.page + 1;
}

int
concord_report_count_pages (ConcordReport *report,
                            cairo_t       *cr,
                            double         width,
                            double         height)
{
  g_return_val_if_fail (report != NULL, 0);

  return lay_out (report, cr, width, height, -1, 0, NULL);
}

/* Draws @page (from 0) and returns the number of pages. */
int
concord_report_draw (ConcordReport *report,
                     cairo_t       *cr,
                     double         width,
                     double         height,
                     int            page)
{
  int n_pages;

  g_return_val_if_fail (report != NULL, 0);

  n_pages = lay_out (report, cr, width, height, -1, 0, NULL);

  return lay_out (report, cr, width, height, page, n_pages, NULL);
}

GArray *
concord_report_paginate (ConcordReport *report,
                         cairo_t       *cr,
                         double         width,
                         double         height)
{
  GArray *placed = g_array_new (FALSE, FALSE, sizeof (ConcordReportPlacement));

  g_return_val_if_fail (report != NULL, placed);

  lay_out (report, cr, width, height, -1, 0, placed);

  return placed;
}

static cairo_status_t
write_to_output (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  return concord_output_write (closure, data, length, NULL) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

gboolean
concord_report_write_pdf (ConcordReport  *report,
                          const char     *path,
                          GError        **error)
{
  g_autoptr(ConcordOutput) output = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  int n_pages;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  output = concord_output_open (path, error);
  if (output == NULL)
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream (write_to_output, output,
                                                 CONCORD_PAGE_A4_WIDTH, CONCORD_PAGE_A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, report->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Concord");
  cr = cairo_create (surface);

  /* Two walks, not one per page: count, then draw every page. */
  n_pages = concord_report_count_pages (report, cr, CONCORD_PAGE_A4_WIDTH, CONCORD_PAGE_A4_HEIGHT);
  lay_out (report, cr, CONCORD_PAGE_A4_WIDTH, CONCORD_PAGE_A4_HEIGHT, ALL_PAGES, n_pages, NULL);

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  /* A failed write is the output's to explain (it names the reason);
   * Cairo's own failures are named by Cairo. Either way the temporary
   * file goes and the target stays as it was. */
  if (concord_output_get_error (output) != NULL)
    {
      g_propagate_error (error, g_error_copy (concord_output_get_error (output)));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO, _("Could not write the PDF “%s”: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }

  return concord_output_commit (output, error);
}

gboolean
concord_report_write_file (ConcordReport  *report,
                           const char     *format,
                           const char     *path,
                           GError        **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_equal (format, "pdf"))
    return concord_report_write_pdf (report, path, error);

  text = g_str_equal (format, "md") ? concord_report_to_markdown (report) : concord_report_to_html (report);

  return concord_output_write_file (path, text, -1, error);
}
