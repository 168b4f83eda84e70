/* concord-maturity-chart.c
 *
 * The history of assessments: the score (20-100, or a dimension's score
 * placed on the same scale) over time, one line per team, over the four
 * stage bands. Colours come from the style so light and dark both hold;
 * each team also has its own marker shape, so the lines stay apart in
 * grey print and for colour-blind readers.
 */
#define G_LOG_DOMAIN "concord-maturity-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "concord-maturity.h"
#include "concord-plans.h"
#include "concord-maturity-chart.h"
#include "concord-palette.h"

struct _ConcordMaturityChart
{
  GtkWidget  parent_instance;

  GPtrArray *history;
  gint64     dimension_id;
  char      *stage_names[CONCORD_MATURITY_N_STAGES];
};

G_DEFINE_FINAL_TYPE (ConcordMaturityChart, concord_maturity_chart, GTK_TYPE_WIDGET)

static const struct
{
  const char *team;
  const char *light;   /* libadwaita palette names */
  const char *dark;
} team_styles[] = {
  { "sales", "blue_4", "blue_2" },
  { "marketing", "purple_3", "purple_1" },
  { "leadership", "green_5", "green_3" },
  { "joint", "orange_4", "orange_2" },
};

#define MARGIN_LEFT   96.0
#define MARGIN_RIGHT  16.0
#define MARGIN_TOP    32.0
#define MARGIN_BOTTOM 28.0

static gboolean
point_value (ConcordMaturityChart *self,
             ConcordMaturityScore *score,
             double               *value)
{
  if (self->dimension_id == 0)
    {
      *value = score->percent;
      return score->n_statements > 0;
    }

  for (guint i = 0; i < score->dimensions->len; i++)
    {
      ConcordDimensionScore *dimension = g_ptr_array_index (score->dimensions, i);

      if (dimension->dimension_id == self->dimension_id && dimension->n_statements > 0)
        {
          *value = dimension->percent;
          return TRUE;
        }
    }

  return FALSE;
}

static double
julian (const char *text)
{
  GDate date;

  return concord_date_parse (text, &date) ? g_date_get_julian (&date) : 0;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
draw_marker (cairo_t *cr,
             guint    shape,
             double   x,
             double   y)
{
  const double r = 4.5;

  switch (shape)
    {
    case 0:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case 1:
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case 2:
      cairo_move_to (cr, x, y - r - 1);
      cairo_line_to (cr, x + r + 1, y + r);
      cairo_line_to (cr, x - r - 1, y + r);
      cairo_close_path (cr);
      break;
    default:
      cairo_move_to (cr, x, y - r - 1);
      cairo_line_to (cr, x + r + 1, y);
      cairo_line_to (cr, x, y + r + 1);
      cairo_line_to (cr, x - r - 1, y);
      cairo_close_path (cr);
      break;
    }
  cairo_fill (cr);
}

static void
draw_text (GtkWidget     *widget,
           cairo_t       *cr,
           const char    *text,
           double         x,
           double         y,
           double         max_width,
           gboolean       bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_new ();

  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_size (font, 9 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
concord_maturity_chart_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  ConcordMaturityChart *self = CONCORD_MATURITY_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double plot_w = width - MARGIN_LEFT - MARGIN_RIGHT;
  double plot_h = height - MARGIN_TOP - MARGIN_BOTTOM;
  double first = G_MAXDOUBLE, last = -G_MAXDOUBLE;
  gboolean dark = concord_palette_is_dark (widget);
  GdkRGBA fg, accent;
  cairo_t *cr;

  if (plot_w < 40 || plot_h < 40)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  concord_palette_foreground (widget, &fg);
  concord_palette_lookup (widget, "accent_color", &accent);

  /* The four bands, alternately shaded, with their names at the left. */
  for (int stage = 1; stage <= CONCORD_MATURITY_N_STAGES; stage++)
    {
      double top = MARGIN_TOP + plot_h * (1 - (stage * 20.0) / 80.0);
      double band = plot_h / 4;

      if (stage % 2 == 0)
        {
          set_source (cr, &fg, 0.05);
          cairo_rectangle (cr, MARGIN_LEFT, top, plot_w, band);
          cairo_fill (cr);
        }
      set_source (cr, &fg, 0.15);
      cairo_rectangle (cr, MARGIN_LEFT, top, plot_w, 1);
      cairo_fill (cr);
      set_source (cr, &fg, 0.7);
      draw_text (widget, cr, self->stage_names[stage - 1] ? self->stage_names[stage - 1] : "",
                 4, top + band / 2 - 8, MARGIN_LEFT - 10, FALSE);
    }

  for (guint i = 0; self->history && i < self->history->len; i++)
    {
      ConcordMaturityScore *score = g_ptr_array_index (self->history, i);
      double day = julian (score->taken_on);

      first = MIN (first, day);
      last = MAX (last, day);
    }

  if (self->history == NULL || self->history->len == 0)
    {
      set_source (cr, &fg, 0.55);
      draw_text (widget, cr, _("No assessments yet"), MARGIN_LEFT + 12, MARGIN_TOP + plot_h / 2 - 8,
                 plot_w - 24, FALSE);
      cairo_destroy (cr);
      return;
    }

  /* A single date still needs a span to sit in. */
  if (last - first < 30)
    {
      first -= 15;
      last += 15;
    }

  /* Dates along the bottom: first and last. */
  {
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_julian (&date, (guint32) first);
    from = g_malloc (64);
    g_date_strftime (from, 64, "%b %Y", &date);
    g_date_set_julian (&date, (guint32) last);
    to = g_malloc (64);
    g_date_strftime (to, 64, "%b %Y", &date);
    set_source (cr, &fg, 0.7);
    draw_text (widget, cr, from, MARGIN_LEFT, height - MARGIN_BOTTOM + 6, plot_w / 2, FALSE);
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, to);
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      draw_text (widget, cr, to, width - MARGIN_RIGHT - tw - 4, height - MARGIN_BOTTOM + 6, tw + 8, FALSE);
    }
  }

  /* One line per team, with a legend entry. */
  {
    double legend_x = MARGIN_LEFT;

    for (guint t = 0; t < G_N_ELEMENTS (team_styles); t++)
      {
        GdkRGBA color;
        gboolean started = FALSE, any = FALSE;

        concord_palette_lookup (widget, dark ? team_styles[t].dark : team_styles[t].light, &color);

        cairo_set_line_width (cr, 2.5);
        set_source (cr, &color, 1);
        for (guint i = 0; i < self->history->len; i++)
          {
            ConcordMaturityScore *score = g_ptr_array_index (self->history, i);
            double value, x, y;

            if (g_strcmp0 (score->team, team_styles[t].team) != 0 || !point_value (self, score, &value))
              continue;

            x = MARGIN_LEFT + plot_w * (julian (score->taken_on) - first) / (last - first);
            y = MARGIN_TOP + plot_h * (1 - (value - 20) / 80);
            if (!started)
              cairo_move_to (cr, x, y);
            else
              cairo_line_to (cr, x, y);
            started = any = TRUE;
          }
        cairo_stroke (cr);

        for (guint i = 0; i < self->history->len; i++)
          {
            ConcordMaturityScore *score = g_ptr_array_index (self->history, i);
            double value, x, y;

            if (g_strcmp0 (score->team, team_styles[t].team) != 0 || !point_value (self, score, &value))
              continue;

            x = MARGIN_LEFT + plot_w * (julian (score->taken_on) - first) / (last - first);
            y = MARGIN_TOP + plot_h * (1 - (value - 20) / 80);
            draw_marker (cr, t, x, y);
          }

        if (any)
          {
            const char *label = concord_maturity_team_label (team_styles[t].team);
            g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, label);
            int tw, th;

            pango_layout_get_pixel_size (layout, &tw, &th);
            set_source (cr, &color, 1);
            draw_marker (cr, t, legend_x + 5, 14);
            set_source (cr, &fg, 0.85);
            draw_text (widget, cr, label, legend_x + 14, 6, tw + 8, FALSE);
            legend_x += tw + 32;
          }
      }
  }

  cairo_destroy (cr);
}

static void
concord_maturity_chart_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 560;
    }
  else
    {
      *minimum = 200;
      *natural = 240;
    }
}

static void
concord_maturity_chart_css_changed (GtkWidget         *widget,
                                    GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (concord_maturity_chart_parent_class)->css_changed (widget, change);
  /* The dark/light switch arrives as a style change. */
  gtk_widget_queue_draw (widget);
}

static void
concord_maturity_chart_finalize (GObject *object)
{
  ConcordMaturityChart *self = CONCORD_MATURITY_CHART (object);

  g_clear_pointer (&self->history, g_ptr_array_unref);
  for (guint i = 0; i < CONCORD_MATURITY_N_STAGES; i++)
    g_free (self->stage_names[i]);

  G_OBJECT_CLASS (concord_maturity_chart_parent_class)->finalize (object);
}

static void
concord_maturity_chart_class_init (ConcordMaturityChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = concord_maturity_chart_finalize;
  widget_class->snapshot = concord_maturity_chart_snapshot;
  widget_class->measure = concord_maturity_chart_measure;
  widget_class->css_changed = concord_maturity_chart_css_changed;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
concord_maturity_chart_init (ConcordMaturityChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Assessment scores over time, by team"), -1);
}

GtkWidget *
concord_maturity_chart_new (void)
{
  return g_object_new (CONCORD_TYPE_MATURITY_CHART, NULL);
}

void
concord_maturity_chart_set_history (ConcordMaturityChart *self,
                                    GPtrArray            *history)
{
  g_return_if_fail (CONCORD_IS_MATURITY_CHART (self));

  if (history)
    g_ptr_array_ref (history);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  self->history = history;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
concord_maturity_chart_set_dimension (ConcordMaturityChart *self,
                                      gint64                dimension_id)
{
  g_return_if_fail (CONCORD_IS_MATURITY_CHART (self));

  self->dimension_id = dimension_id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
concord_maturity_chart_set_stage_names (ConcordMaturityChart *self,
                                        const char * const   *names)
{
  g_return_if_fail (CONCORD_IS_MATURITY_CHART (self));

  for (guint i = 0; i < CONCORD_MATURITY_N_STAGES; i++)
    {
      g_free (self->stage_names[i]);
      self->stage_names[i] = g_strdup (names ? names[i] : NULL);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
