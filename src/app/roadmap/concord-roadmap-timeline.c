/* concord-roadmap-timeline.c
 *
 * The roadmap as a picture: time runs left to right (quarters, or months
 * when zoomed in), one lane per dimension with its current and target
 * stage at the head, initiatives as bars whose lower edge fills with
 * progress, and a line for today. The drawing itself needs only cairo and
 * pango, so printing and PDF export reuse it; the widget adds hit-testing,
 * a click to open an initiative and a drag to reschedule it.
 */
#define G_LOG_DOMAIN "concord-roadmap-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <adwaita.h>
#include <pango/pangocairo.h>

#include "concord-initiatives.h"
#include "concord-maturity.h"
#include "concord-page.h"
#include "concord-plans.h"
#include "concord-report-cairo.h"
#include "concord-roadmap-timeline.h"
#include "concord-palette.h"

#define HEADER_HEIGHT  44.0
#define ROW_HEIGHT     32.0
#define LANE_PADDING   10.0
#define LANE_MIN       64.0
#define HEAD_WIDTH     210.0
#define HEAD_NARROW    132.0
#define QUARTER_PX_PER_DAY 2.6
#define MONTH_PX_PER_DAY   6.0

/* ---- the data one drawing needs ----------------------------------------- */

typedef struct
{
  gint64  id;
  char   *title;
  char   *status;
  int     progress;
  guint32 start;       /* julian days */
  guint32 due;
  guint   row;         /* sub-row inside the lane, so bars never overlap */
} Item;

typedef struct
{
  gint64     dimension_id;   /* 0: initiatives without a dimension */
  char      *name;
  int        stage;
  int        target;
  guint32    target_on;      /* 0 when none */
  GPtrArray *items;
  guint      n_rows;
} Lane;

typedef struct
{
  GPtrArray *lanes;
  char      *vocabulary;
  guint32    first;          /* earliest date anything needs */
  guint32    last;
} TimelineData;

typedef struct
{
  gint64 id;
  double x, y, width, height;
} Bar;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->title);
  g_free (item->status);
  g_free (item);
}

static void
lane_free (gpointer data)
{
  Lane *lane = data;

  g_free (lane->name);
  g_ptr_array_unref (lane->items);
  g_free (lane);
}

static void
timeline_data_free (TimelineData *data)
{
  if (data == NULL)
    return;

  g_ptr_array_unref (data->lanes);
  g_free (data->vocabulary);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TimelineData, timeline_data_free)

static guint32
julian_of (const char *text)
{
  GDate date;

  return concord_date_parse (text, &date) ? g_date_get_julian (&date) : 0;
}

static guint32
today_julian (void)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));

  return g_date_get_julian (&today);
}

static Lane *
lane_new (gint64      dimension_id,
          const char *name)
{
  Lane *lane = g_new0 (Lane, 1);

  lane->dimension_id = dimension_id;
  lane->name = g_strdup (name);
  lane->items = g_ptr_array_new_with_free_func (item_free);

  return lane;
}

static void
extend (TimelineData *data,
        guint32       day)
{
  if (day == 0)
    return;
  data->first = data->first == 0 ? day : MIN (data->first, day);
  data->last = MAX (data->last, day);
}

static TimelineData *
timeline_data_load (ConcordWorkbook *workbook)
{
  g_autoptr(TimelineData) data = g_new0 (TimelineData, 1);
  g_autoptr(ConcordMaturityScore) current = NULL;
  g_autoptr(ConcordQueryModel) dimensions = NULL;
  g_autoptr(ConcordQueryModel) initiatives = NULL;
  Lane *loose = NULL;
  guint n;

  data->lanes = g_ptr_array_new_with_free_func (lane_free);
  data->vocabulary = concord_workbook_dup_meta (workbook, "stage_labels");

  current = concord_maturity_score_current (workbook, NULL);
  dimensions = concord_maturity_dimension_model_new (workbook);
  n = g_list_model_get_n_items (G_LIST_MODEL (dimensions));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (dimensions), i);
      g_autofree char *target_on = NULL;
      Lane *lane = lane_new (concord_record_get_id (record), concord_record_get_string (record, "name"));

      lane->target = concord_maturity_get_target (workbook, lane->dimension_id, &target_on);
      lane->target_on = julian_of (target_on);
      extend (data, lane->target_on);
      for (guint j = 0; current != NULL && j < current->dimensions->len; j++)
        {
          ConcordDimensionScore *score = g_ptr_array_index (current->dimensions, j);

          if (score->dimension_id == lane->dimension_id)
            lane->stage = score->stage;
        }
      g_ptr_array_add (data->lanes, lane);
    }

  initiatives = concord_initiative_model_new (workbook, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (initiatives));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (initiatives), i);
      gint64 dimension_id = concord_record_get_int (record, "dimension_id");
      guint32 start = julian_of (concord_record_get_string (record, "start_on"));
      guint32 due = julian_of (concord_record_get_string (record, "due_on"));
      Lane *lane = NULL;
      Item *item;

      /* A single date still makes a bar: a fortnight around it. */
      if (start == 0 && due == 0)
        continue;
      if (start == 0)
        start = due > 14 ? due - 14 : due;
      if (due == 0)
        due = start + 14;

      for (guint j = 0; j < data->lanes->len; j++)
        if (((Lane *) g_ptr_array_index (data->lanes, j))->dimension_id == dimension_id)
          lane = g_ptr_array_index (data->lanes, j);
      if (lane == NULL)
        {
          if (loose == NULL)
            loose = lane_new (0, _("Other initiatives"));
          lane = loose;
        }

      item = g_new0 (Item, 1);
      item->id = concord_record_get_id (record);
      item->title = g_strdup (concord_record_get_string (record, "title"));
      item->status = g_strdup (concord_record_get_string (record, "status"));
      item->progress = concord_record_get_int (record, "progress");
      item->start = start;
      item->due = due;
      extend (data, start);
      extend (data, due);

      /* The first sub-row whose last bar ends before this one starts. */
      for (item->row = 0; ; item->row++)
        {
          gboolean free_row = TRUE;

          for (guint k = 0; k < lane->items->len; k++)
            {
              Item *other = g_ptr_array_index (lane->items, k);

              if (other->row == item->row && other->start <= due && start <= other->due)
                free_row = FALSE;
            }
          if (free_row)
            break;
        }
      lane->n_rows = MAX (lane->n_rows, item->row + 1);
      g_ptr_array_add (lane->items, item);
    }

  if (loose != NULL)
    g_ptr_array_add (data->lanes, loose);

  return g_steal_pointer (&data);
}

static double
lane_height (Lane *lane)
{
  return MAX (LANE_MIN, 2 * LANE_PADDING + MAX (lane->n_rows, 1) * ROW_HEIGHT);
}

static double
data_height (TimelineData *data)
{
  double height = HEADER_HEIGHT;

  for (guint i = 0; i < data->lanes->len; i++)
    height += lane_height (g_ptr_array_index (data->lanes, i));

  return height + 8;
}

/* Whole quarters around everything, and at least from a month ago to
 * half a year ahead, so today's line always has context. */
static void
default_range (TimelineData *data,
               GDate        *from,
               GDate        *to)
{
  guint32 today = today_julian ();
  guint32 first = data->first ? MIN (data->first, today - 30) : today - 30;
  guint32 last = MAX (data->last, today + 180);

  /* Three years is the most a roadmap sensibly shows. */
  last = MIN (last, first + 3 * 366);

  g_date_clear (from, 1);
  g_date_set_julian (from, first);
  g_date_set_day (from, 1);
  while ((g_date_get_month (from) - 1) % 3 != 0)
    g_date_subtract_months (from, 1);

  g_date_clear (to, 1);
  g_date_set_julian (to, last);
  g_date_set_day (to, 1);
  do
    g_date_add_months (to, 1);
  while ((g_date_get_month (to) - 1) % 3 != 0);
}

/* ---- drawing ------------------------------------------------------------ */

static void
source (cairo_t       *cr,
        const GdkRGBA *color,
        double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
text_at (cairo_t    *cr,
         const char *text,
         double      x,
         double      y,
         double      max_width,
         double      size,
         gboolean    bold)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Cantarell, Sans");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static const GdkRGBA *
status_color (const ConcordPalette *palette,
              const char           *status)
{
  if (g_strcmp0 (status, "done") == 0)
    return &palette->success;
  if (g_strcmp0 (status, "paused") == 0)
    return &palette->warning;
  if (g_strcmp0 (status, "cancelled") == 0)
    return &palette->foreground;

  return &palette->accent;
}

static void
timeline_data_draw (TimelineData *data,
                    cairo_t      *cr,
                    double        head_x,
                    double        head,
                    double        width,
                    double        height,
                    const GDate  *from,
                    const GDate  *to,
                    const ConcordPalette *palette,
                    gint64        moving_id,
                    int           moving_days,
                    GArray       *bars)
{
  double plot = width - head;
  guint32 first = g_date_get_julian (from);
  guint32 last = g_date_get_julian (to);
  double days = MAX (1.0, (double) last - first);
  double per_day = plot / days;
  guint32 today = today_julian ();
  GDate tick;
  double y, lanes_bottom;

#define X_OF(day) (head + ((double) (day) - first) * per_day)

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  source (cr, &palette->background, 1);
  cairo_paint (cr);

  /* Lanes: alternate shading and a head with the stages. */
  y = HEADER_HEIGHT;
  for (guint i = 0; i < data->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (data->lanes, i);
      double h = lane_height (lane);

      if (i % 2 == 0)
        {
          source (cr, &palette->foreground, 0.04);
          cairo_rectangle (cr, 0, y, width, h);
          cairo_fill (cr);
        }
      source (cr, &palette->foreground, 0.12);
      cairo_rectangle (cr, 0, y + h - 1, width, 1);
      cairo_fill (cr);

      /* The target date as a flag in the lane. */
      if (lane->target_on >= first && lane->target_on <= last)
        {
          double x = X_OF (lane->target_on);
          const double dashes[] = { 4, 3 };

          source (cr, &palette->accent, 0.8);
          cairo_set_line_width (cr, 1.5);
          cairo_set_dash (cr, dashes, 2, 0);
          cairo_move_to (cr, x, y + 4);
          cairo_line_to (cr, x, y + h - 4);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_move_to (cr, x, y + 4);
          cairo_line_to (cr, x + 9, y + 8);
          cairo_line_to (cr, x, y + 12);
          cairo_close_path (cr);
          cairo_fill (cr);
        }

      y += h;
    }

  /* Period ticks and labels: months when there is room, else quarters. */
  g_date_clear (&tick, 1);
  g_date_set_julian (&tick, first);
  g_date_set_day (&tick, 1);
  {
    gboolean months = per_day * 30 >= 90;

    while (g_date_get_julian (&tick) <= last)
      {
        guint32 start = g_date_get_julian (&tick);
        GDate next = tick;
        char label[64];
        double x0, x1;

        g_date_add_months (&next, months ? 1 : 3);
        x0 = X_OF (MAX (start, first));
        x1 = X_OF (MIN (g_date_get_julian (&next), last));

        if (months)
          g_date_strftime (label, sizeof label, g_date_get_month (&tick) == 1 || start <= first ? "%b %Y" : "%b", &tick);
        else
          /* TRANSLATORS: a calendar quarter, "Q1 2027" */
          g_snprintf (label, sizeof label, _("Q%d %d"), (g_date_get_month (&tick) - 1) / 3 + 1,
                      g_date_get_year (&tick));

        source (cr, &palette->foreground, 0.15);
        cairo_rectangle (cr, x0, 0, 1, y);
        cairo_fill (cr);
        /* A period half under the lane heads keeps its label in view. */
        {
          double lx = MAX (x0, head_x + head);

          if (x1 - lx > 24)
            {
              source (cr, &palette->foreground, 0.85);
              text_at (cr, label, lx + 6, 12, x1 - lx - 8, 13, TRUE);
            }
        }

        tick = next;
        if (!months)
          while ((g_date_get_month (&tick) - 1) % 3 != 0)
            g_date_subtract_months (&tick, 1);
      }
  }
  source (cr, &palette->foreground, 0.3);
  cairo_rectangle (cr, 0, HEADER_HEIGHT - 1, width, 1);
  cairo_fill (cr);
  lanes_bottom = y;

  /* Today, under the bars so their titles stay readable. */
  if (today >= first && today <= last)
    {
      double x = X_OF (today);

      source (cr, &palette->error, 1);
      cairo_rectangle (cr, x - 1, HEADER_HEIGHT - 6, 2, lanes_bottom - HEADER_HEIGHT + 6);
      cairo_fill (cr);
      text_at (cr, _("Today"), x + 4, HEADER_HEIGHT - 18, 0, 11, TRUE);
    }

  /* The bars. */
  y = HEADER_HEIGHT;
  for (guint i = 0; i < data->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (data->lanes, i);

      for (guint j = 0; j < lane->items->len; j++)
        {
          Item *item = g_ptr_array_index (lane->items, j);
          const GdkRGBA *color = status_color (palette, item->status);
          int shift = item->id == moving_id ? moving_days : 0;
          double x0 = X_OF ((double) item->start + shift);
          double x1 = X_OF ((double) item->due + shift + 1);
          double by = y + LANE_PADDING + item->row * ROW_HEIGHT + 2;
          double bh = ROW_HEIGHT - 6;
          double bw = MAX (x1 - x0, 6);
          gboolean proposed = g_strcmp0 (item->status, "proposed") == 0;
          g_autofree char *label = NULL;

          if (x1 < head || x0 > width)
            continue;
          x0 = MAX (x0, head + 1);
          bw = MAX (x1 - x0, 6);

          concord_cairo_rounded_rect (cr, x0, by, bw, bh, 5);
          source (cr, &palette->background, 1);
          cairo_fill_preserve (cr);
          source (cr, color, proposed ? 0.08 : 0.22);
          cairo_fill_preserve (cr);
          source (cr, color, 0.9);
          cairo_set_line_width (cr, item->id == moving_id ? 2.5 : 1.2);
          if (proposed)
            {
              const double dashes[] = { 4, 3 };

              cairo_set_dash (cr, dashes, 2, 0);
            }
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);

          /* Progress fills the lower edge. */
          if (item->progress > 0)
            {
              cairo_save (cr);
              concord_cairo_rounded_rect (cr, x0, by, bw, bh, 5);
              cairo_clip (cr);
              source (cr, color, 1);
              cairo_rectangle (cr, x0, by + bh - 5, bw * item->progress / 100.0, 5);
              cairo_fill (cr);
              cairo_restore (cr);
            }

          label = item->progress > 0 && item->progress < 100
                  ? g_strdup_printf ("%s · %d%%", item->title, item->progress)
                  : g_strdup (item->title);
          source (cr, &palette->foreground, g_strcmp0 (item->status, "cancelled") == 0 ? 0.55 : 1);
          if (bw > 30)
            text_at (cr, label, x0 + 7, by + 3, bw - 12, 12, FALSE);

          if (bars != NULL)
            {
              Bar bar = { item->id, x0, by, bw, bh };

              g_array_append_val (bars, bar);
            }
        }

      y += lane_height (lane);
    }

  /* The lane heads last, at head_x, so a scrolled view keeps them in
   * sight over the bars that pass under them. */
  source (cr, &palette->background, 1);
  cairo_rectangle (cr, head_x, 0, head, y);
  cairo_fill (cr);
  y = HEADER_HEIGHT;
  for (guint i = 0; i < data->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (data->lanes, i);
      double h = lane_height (lane);
      g_autofree char *stages = NULL;

      if (i % 2 == 0)
        {
          source (cr, &palette->foreground, 0.04);
          cairo_rectangle (cr, head_x, y, head, h);
          cairo_fill (cr);
        }
      source (cr, &palette->foreground, 0.12);
      cairo_rectangle (cr, head_x, y + h - 1, head, 1);
      cairo_fill (cr);

      source (cr, &palette->foreground, 1);
      text_at (cr, lane->name, head_x + 10, y + 8, head - 18, 13, TRUE);

      if (lane->dimension_id != 0)
        {
          const char *now = concord_maturity_stage_name (data->vocabulary, lane->stage);

          if (lane->target > 0)
            /* TRANSLATORS: current stage → target stage, e.g. "Defined → Aligned" */
            stages = g_strdup_printf (_("%s → %s"), now,
                                      concord_maturity_stage_name (data->vocabulary, lane->target));
          else
            stages = g_strdup_printf (_("%s · no target"), now);
          source (cr, &palette->foreground, 0.7);
          text_at (cr, stages, head_x + 10, y + 28, head - 18, 12, FALSE);
        }

      y += h;
    }
  source (cr, &palette->foreground, 0.3);
  cairo_rectangle (cr, head_x, HEADER_HEIGHT - 1, head, 1);
  cairo_fill (cr);
  source (cr, &palette->foreground, 0.2);
  cairo_rectangle (cr, head_x + head - 1, 0, 1, y);
  cairo_fill (cr);

  cairo_restore (cr);

#undef X_OF
}

/* ---- the widget ----------------------------------------------------------- */

struct _ConcordRoadmapTimeline
{
  GtkWidget        parent_instance;

  ConcordWorkbook *workbook;
  TimelineData    *data;
  GArray          *bars;
  GDate            from, to;
  gboolean         months;

  gint64           moving_id;
  int              moving_days;
  gboolean         dragged;
  GtkAdjustment   *watched;   /* the scroller's hadjustment while mapped */
  ConcordRefresh  *refresh;   /* reloads only while on screen */
};

G_DEFINE_FINAL_TYPE (ConcordRoadmapTimeline, concord_roadmap_timeline, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_WORKBOOK, PROP_MONTHS, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { INITIATIVE_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static double
per_day (ConcordRoadmapTimeline *self)
{
  return self->months ? MONTH_PX_PER_DAY : QUARTER_PX_PER_DAY;
}

/* The lane heads take less room when the view around us is narrow. */
static double
head_width (ConcordRoadmapTimeline *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  int available = parent ? gtk_widget_get_width (parent) : 0;

  return available > 0 && available < 560 ? HEAD_NARROW : HEAD_WIDTH;
}

/* How far the view around us has scrolled, where the heads are drawn. */
static double
scroll_offset (ConcordRoadmapTimeline *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkAdjustment *adjustment;

  if (!GTK_IS_SCROLLABLE (parent))
    return 0;

  adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (parent));

  return adjustment ? gtk_adjustment_get_value (adjustment) : 0;
}

static void
reload (gpointer data)
{
  ConcordRoadmapTimeline *self = data;

  g_clear_pointer (&self->data, timeline_data_free);
  if (self->workbook != NULL)
    {
      self->data = timeline_data_load (self->workbook);
      default_range (self->data, &self->from, &self->to);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
on_workbook_changed (ConcordWorkbook        *workbook,
                     const char             *table,
                     ConcordRoadmapTimeline *self)
{
  static const char *const watched[] = {
    "initiatives", "maturity_dimensions", "maturity_targets", "assessments",
    "assessment_answers", "maturity_statements", "meta", NULL
  };

  if (table == NULL || g_strv_contains (watched, table))
    concord_refresh_queue (self->refresh);
}

static void
concord_roadmap_timeline_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  ConcordRoadmapTimeline *self = CONCORD_ROADMAP_TIMELINE (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  ConcordPalette palette;
  cairo_t *cr;

  g_array_set_size (self->bars, 0);
  if (self->data == NULL || width <= 0 || height <= 0)
    return;

  concord_palette_init (&palette, widget);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  timeline_data_draw (self->data, cr, scroll_offset (self), head_width (self), width, height, &self->from, &self->to,
                      &palette, self->moving_id, self->moving_days, self->bars);
  cairo_destroy (cr);
}

static void
concord_roadmap_timeline_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  ConcordRoadmapTimeline *self = CONCORD_ROADMAP_TIMELINE (widget);

  if (self->data == NULL)
    {
      *minimum = *natural = 0;
      return;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      double days = (double) g_date_get_julian (&self->to) - g_date_get_julian (&self->from);

      *minimum = *natural = (int) ceil (head_width (self) + days * per_day (self));
    }
  else
    *minimum = *natural = (int) ceil (data_height (self->data));
}

gint64
concord_roadmap_timeline_hit (ConcordRoadmapTimeline *self,
                              double                  x,
                              double                  y)
{
  g_return_val_if_fail (CONCORD_IS_ROADMAP_TIMELINE (self), 0);

  if (x < scroll_offset (self) + head_width (self))
    return 0;

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);

      if (x >= bar->x && x <= bar->x + bar->width && y >= bar->y && y <= bar->y + bar->height)
        return bar->id;
    }

  return 0;
}

static void
on_click_released (GtkGestureClick        *gesture,
                   int                     n_press,
                   double                  x,
                   double                  y,
                   ConcordRoadmapTimeline *self)
{
  gint64 id;

  if (self->dragged)
    return;

  id = concord_roadmap_timeline_hit (self, x, y);
  if (id > 0)
    g_signal_emit (self, signals[INITIATIVE_ACTIVATED], 0, id);
}

static void
on_drag_begin (GtkGestureDrag         *gesture,
               double                  x,
               double                  y,
               ConcordRoadmapTimeline *self)
{
  self->dragged = FALSE;
  self->moving_days = 0;
  self->moving_id = self->workbook && !concord_workbook_get_read_only (self->workbook)
                    ? concord_roadmap_timeline_hit (self, x, y) : 0;

  if (self->moving_id == 0)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GtkGestureDrag         *gesture,
                double                  dx,
                double                  dy,
                ConcordRoadmapTimeline *self)
{
  int days = (int) round (dx / per_day (self));

  if (self->moving_id == 0)
    return;

  if (!self->dragged && fabs (dx) < 6)
    return;

  if (!self->dragged)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->dragged = TRUE;
  if (days != self->moving_days)
    {
      self->moving_days = days;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static char *
shift_date (const char *text,
            int         days)
{
  GDate date;
  char buffer[16];

  if (!concord_date_parse (text, &date))
    return NULL;

  if (days > 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &date);

  return g_strdup (buffer);
}

static void
on_drag_end (GtkGestureDrag         *gesture,
             double                  dx,
             double                  dy,
             ConcordRoadmapTimeline *self)
{
  gint64 id = self->moving_id;
  int days = self->moving_days;

  self->moving_id = 0;
  self->moving_days = 0;

  if (id > 0 && days != 0 && self->dragged)
    {
      g_autoptr(ConcordRecord) record = concord_workbook_get_record (self->workbook, "initiatives", id, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *start = NULL;
      g_autofree char *due = NULL;

      if (record != NULL)
        {
          start = shift_date (concord_record_get_string (record, "start_on"), days);
          due = shift_date (concord_record_get_string (record, "due_on"), days);
          if (!concord_initiative_reschedule (self->workbook, id, start, due, &error))
            gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", error->message);
        }
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
concord_roadmap_timeline_map (GtkWidget *widget)
{
  ConcordRoadmapTimeline *self = CONCORD_ROADMAP_TIMELINE (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  GTK_WIDGET_CLASS (concord_roadmap_timeline_parent_class)->map (widget);

  /* The heads follow the scroll position, so redraw as it moves. */
  if (GTK_IS_SCROLLABLE (parent) && gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (parent)))
    {
      self->watched = g_object_ref (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (parent)));
      g_signal_connect_swapped (self->watched, "value-changed", G_CALLBACK (gtk_widget_queue_draw), self);
    }
}

static void
concord_roadmap_timeline_unmap (GtkWidget *widget)
{
  ConcordRoadmapTimeline *self = CONCORD_ROADMAP_TIMELINE (widget);

  if (self->watched != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watched, self);
      g_clear_object (&self->watched);
    }

  GTK_WIDGET_CLASS (concord_roadmap_timeline_parent_class)->unmap (widget);
}

static void
concord_roadmap_timeline_dispose (GObject *object)
{
  ConcordRoadmapTimeline *self = CONCORD_ROADMAP_TIMELINE (object);

  concord_roadmap_timeline_set_workbook (self, NULL);

  G_OBJECT_CLASS (concord_roadmap_timeline_parent_class)->dispose (object);
}

static void
concord_roadmap_timeline_finalize (GObject *object)
{
  ConcordRoadmapTimeline *self = CONCORD_ROADMAP_TIMELINE (object);

  g_clear_pointer (&self->data, timeline_data_free);
  g_array_unref (self->bars);
  concord_refresh_free (self->refresh);

  G_OBJECT_CLASS (concord_roadmap_timeline_parent_class)->finalize (object);
}

static void
concord_roadmap_timeline_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  ConcordRoadmapTimeline *self = CONCORD_ROADMAP_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      g_value_set_object (value, self->workbook);
      break;
    case PROP_MONTHS:
      g_value_set_boolean (value, self->months);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_roadmap_timeline_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  ConcordRoadmapTimeline *self = CONCORD_ROADMAP_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      concord_roadmap_timeline_set_workbook (self, g_value_get_object (value));
      break;
    case PROP_MONTHS:
      concord_roadmap_timeline_set_months (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_roadmap_timeline_class_init (ConcordRoadmapTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_roadmap_timeline_dispose;
  object_class->finalize = concord_roadmap_timeline_finalize;
  object_class->get_property = concord_roadmap_timeline_get_property;
  object_class->set_property = concord_roadmap_timeline_set_property;
  widget_class->snapshot = concord_roadmap_timeline_snapshot;
  widget_class->measure = concord_roadmap_timeline_measure;
  widget_class->map = concord_roadmap_timeline_map;
  widget_class->unmap = concord_roadmap_timeline_unmap;

  properties[PROP_WORKBOOK] =
    g_param_spec_object ("workbook", NULL, NULL, CONCORD_TYPE_WORKBOOK,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MONTHS] =
    g_param_spec_boolean ("months", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConcordRoadmapTimeline::initiative-activated:
   * @id: the initiative clicked
   */
  signals[INITIATIVE_ACTIVATED] =
    g_signal_new ("initiative-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
concord_roadmap_timeline_init (ConcordRoadmapTimeline *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->bars = g_array_new (FALSE, FALSE, sizeof (Bar));
  self->refresh = concord_refresh_new (GTK_WIDGET (self), CONCORD_REFRESH_AT_ONCE, reload, self);
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);

  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Roadmap timeline: initiatives by dimension over time"), -1);
}

GtkWidget *
concord_roadmap_timeline_new (void)
{
  return g_object_new (CONCORD_TYPE_ROADMAP_TIMELINE, NULL);
}

ConcordWorkbook *
concord_roadmap_timeline_get_workbook (ConcordRoadmapTimeline *self)
{
  g_return_val_if_fail (CONCORD_IS_ROADMAP_TIMELINE (self), NULL);

  return self->workbook;
}

void
concord_roadmap_timeline_set_workbook (ConcordRoadmapTimeline *self,
                                       ConcordWorkbook        *workbook)
{
  g_return_if_fail (CONCORD_IS_ROADMAP_TIMELINE (self));

  if (self->workbook == workbook)
    return;

  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_data (self->workbook, self);
  g_set_object (&self->workbook, workbook);
  if (workbook != NULL)
    g_signal_connect (workbook, "changed", G_CALLBACK (on_workbook_changed), self);

  concord_refresh_now (self->refresh);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKBOOK]);
}

gboolean
concord_roadmap_timeline_get_months (ConcordRoadmapTimeline *self)
{
  g_return_val_if_fail (CONCORD_IS_ROADMAP_TIMELINE (self), FALSE);

  return self->months;
}

void
concord_roadmap_timeline_set_months (ConcordRoadmapTimeline *self,
                                     gboolean                months)
{
  g_return_if_fail (CONCORD_IS_ROADMAP_TIMELINE (self));

  months = !!months;
  if (self->months == months)
    return;

  self->months = months;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTHS]);
}

/* Where today's line is, in widget coordinates; -1 when off the range. */
double
concord_roadmap_timeline_get_today_x (ConcordRoadmapTimeline *self)
{
  guint32 today = today_julian ();

  g_return_val_if_fail (CONCORD_IS_ROADMAP_TIMELINE (self), -1);

  if (self->data == NULL || today < g_date_get_julian (&self->from) || today > g_date_get_julian (&self->to))
    return -1;

  return head_width (self) + ((double) today - g_date_get_julian (&self->from)) * per_day (self);
}

double
concord_roadmap_timeline_get_head_width (ConcordRoadmapTimeline *self)
{
  g_return_val_if_fail (CONCORD_IS_ROADMAP_TIMELINE (self), 0);

  return head_width (self);
}
