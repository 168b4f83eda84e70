/* concord-process-strip.c
 *
 * The process as a leader shows it on a projector: one chip per stage,
 * coloured by the owning team, an arrow between stages and a bold marker
 * where ownership passes to another team. Colours come from libadwaita's
 * palette through the style, so light and dark both read; chips wrap onto
 * more rows when the window is narrow.
 */
#define G_LOG_DOMAIN "concord-process-strip"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "concord-process-strip.h"
#include "concord-palette.h"
#include "concord-processes.h"

#define CHIP_MIN_WIDTH 150
#define CHIP_HEIGHT     84
#define GAP             28
#define ROW_GAP         18

struct _ConcordProcessStrip
{
  GtkWidget        parent_instance;

  ConcordWorkbook *workbook;
  gint64           process_id;
  GPtrArray       *stages;  /* ConcordStageSummary */
};

G_DEFINE_FINAL_TYPE (ConcordProcessStrip, concord_process_strip, GTK_TYPE_WIDGET)

static void
reload (ConcordProcessStrip *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) description = g_string_new (NULL);

  g_clear_pointer (&self->stages, g_ptr_array_unref);
  if (self->workbook != NULL && self->process_id > 0)
    self->stages = concord_processes_load_stages (self->workbook, self->process_id, &error);
  if (error != NULL)
    g_warning ("Could not read stages: %s", error->message);

  /* A screen reader hears the strip as one sentence per stage. */
  for (guint i = 0; self->stages != NULL && i < self->stages->len; i++)
    {
      ConcordStageSummary *stage = g_ptr_array_index (self->stages, i);

      g_string_append_printf (description, "%s%s: %s%s", i ? "; " : "", stage->name,
                              stage->owner_team ? stage->owner_team : _("no owner"),
                              stage->handoff ? _(", hand-off") : "");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->str, -1);

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
on_workbook_changed (ConcordWorkbook     *workbook,
                     const char          *table,
                     ConcordProcessStrip *self)
{
  if (g_strcmp0 (table, "process_stages") == 0 || g_strcmp0 (table, "teams") == 0)
    reload (self);
}

static guint
n_stages (ConcordProcessStrip *self)
{
  return self->stages ? self->stages->len : 0;
}

static guint
per_row (ConcordProcessStrip *self,
         int                  width)
{
  guint fit = MAX (1, (width + GAP) / (CHIP_MIN_WIDTH + GAP));

  return MAX (1, MIN (fit, n_stages (self)));
}

static GtkSizeRequestMode
concord_process_strip_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
concord_process_strip_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  ConcordProcessStrip *self = CONCORD_PROCESS_STRIP (widget);
  guint n = n_stages (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = CHIP_MIN_WIDTH;
      *natural = MAX (CHIP_MIN_WIDTH, (int) n * (CHIP_MIN_WIDTH + 40 + GAP) - GAP);
    }
  else
    {
      guint columns = per_row (self, for_size < 0 ? G_MAXINT / 2 : for_size);
      guint rows = n == 0 ? 1 : (n + columns - 1) / columns;

      *minimum = *natural = rows * CHIP_HEIGHT + (rows - 1) * ROW_GAP;
    }
}

/* One palette colour per kind of team, deep enough for white text. */
static void
team_color (GtkWidget           *widget,
            ConcordStageSummary *stage,
            GdkRGBA             *fill,
            GdkRGBA             *text)
{
  const char *kind = stage->owner_kind;
  const char *name = "dark_2";

  if (g_strcmp0 (kind, "sales") == 0)
    name = "blue_4";
  else if (g_strcmp0 (kind, "marketing") == 0)
    name = "purple_3";
  else if (g_strcmp0 (kind, "revops") == 0)
    name = "orange_5";
  else if (g_strcmp0 (kind, "leadership") == 0)
    name = "brown_3";
  else if (g_strcmp0 (kind, "success") == 0)
    name = "green_5";

  gdk_rgba_parse (text, "white");
  concord_palette_lookup (widget, name, fill);
}

static void
append_text (GtkWidget   *widget,
             GtkSnapshot *snapshot,
             const char  *text,
             float        x,
             float        y,
             int          width,
             gboolean     bold,
             double       scale,
             GdkRGBA     *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));

  pango_font_description_set_size (font, pango_font_description_get_size (font) * scale);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);

  pango_font_description_free (font);
  g_object_unref (layout);
}

static char *
sla_text (ConcordStageSummary *stage)
{
  g_autofree char *tries = NULL;

  if (stage->sla_attempts >= 0)
    tries = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " try",
                                          "%" PRId64 " tries", stage->sla_attempts),
                             stage->sla_attempts);
  if (stage->sla_hours >= 0 && tries != NULL)
    return g_strdup_printf (_("%" PRId64 " h · %s"), stage->sla_hours, tries);
  if (stage->sla_hours >= 0)
    return g_strdup_printf (_("within %" PRId64 " h"), stage->sla_hours);
  if (tries != NULL)
    return g_steal_pointer (&tries);
  return g_strdup (_("no SLA"));
}

static void
append_arrow (GtkSnapshot   *snapshot,
              float          x,
              float          mid,
              float          width,
              const GdkRGBA *color)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                           &GRAPHENE_RECT_INIT (x, mid - 6, width, 12));

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, x + 4, mid);
  cairo_line_to (cr, x + width - 8, mid);
  cairo_stroke (cr);
  cairo_move_to (cr, x + width - 4, mid);
  cairo_line_to (cr, x + width - 10, mid - 5);
  cairo_line_to (cr, x + width - 10, mid + 5);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
concord_process_strip_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  ConcordProcessStrip *self = CONCORD_PROCESS_STRIP (widget);
  int width = gtk_widget_get_width (widget);
  guint n = n_stages (self);
  guint columns;
  float chip_width;
  GdkRGBA fg, warning;

  if (n == 0)
    return;

  concord_palette_lookup (widget, "window_fg_color", &fg);
  concord_palette_lookup (widget, "warning_color", &warning);

  columns = per_row (self, width);
  chip_width = (width - (columns - 1) * GAP) / (float) columns;

  for (guint i = 0; i < n; i++)
    {
      ConcordStageSummary *stage = g_ptr_array_index (self->stages, i);
      guint row = i / columns, column = i % columns;
      float x = column * (chip_width + GAP);
      float y = row * (CHIP_HEIGHT + ROW_GAP);
      GskRoundedRect chip;
      GdkRGBA fill, text, dim;
      g_autofree char *sla = sla_text (stage);
      g_autofree char *owner = g_strdup (stage->owner_team ? stage->owner_team : _("No owner"));

      team_color (widget, stage, &fill, &text);
      dim = text;
      dim.alpha = 0.85;

      gsk_rounded_rect_init_from_rect (&chip, &GRAPHENE_RECT_INIT (x, y, chip_width, CHIP_HEIGHT), 10);
      gtk_snapshot_push_rounded_clip (snapshot, &chip);
      gtk_snapshot_append_color (snapshot, &fill, &GRAPHENE_RECT_INIT (x, y, chip_width, CHIP_HEIGHT));
      gtk_snapshot_pop (snapshot);

      append_text (widget, snapshot, stage->name, x + 6, y + 8, chip_width - 12, TRUE, 1.2, &text);
      append_text (widget, snapshot, owner, x + 6, y + 36, chip_width - 12, FALSE, 0.9, &dim);
      append_text (widget, snapshot, sla, x + 6, y + 58, chip_width - 12, FALSE, 0.85, &dim);

      /* Between chips: an arrow, or a hand-off bar where ownership moves.
       * The marker sits before the stage that takes over. */
      if (i > 0 && column > 0)
        {
          float gx = x - GAP;
          float mid = y + CHIP_HEIGHT / 2.0f;
          GdkRGBA arrow = fg;

          arrow.alpha = 0.55;
          append_arrow (snapshot, gx, mid, GAP, &arrow);
        }
      if (stage->handoff)
        {
          float hx = column > 0 ? x - GAP / 2.0f - 3 : x;
          GskRoundedRect bar;

          gsk_rounded_rect_init_from_rect (&bar, &GRAPHENE_RECT_INIT (hx, y - 6, 6, CHIP_HEIGHT + 12), 3);
          gtk_snapshot_push_rounded_clip (snapshot, &bar);
          gtk_snapshot_append_color (snapshot, &warning, &GRAPHENE_RECT_INIT (hx, y - 6, 6, CHIP_HEIGHT + 12));
          gtk_snapshot_pop (snapshot);
        }
    }
}

static void
concord_process_strip_dispose (GObject *object)
{
  ConcordProcessStrip *self = (ConcordProcessStrip *) object;

  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_data (self->workbook, self);
  g_clear_object (&self->workbook);
  g_clear_pointer (&self->stages, g_ptr_array_unref);

  G_OBJECT_CLASS (concord_process_strip_parent_class)->dispose (object);
}

static void
concord_process_strip_class_init (ConcordProcessStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_process_strip_dispose;
  widget_class->get_request_mode = concord_process_strip_get_request_mode;
  widget_class->measure = concord_process_strip_measure;
  widget_class->snapshot = concord_process_strip_snapshot;

  gtk_widget_class_set_css_name (widget_class, "concordprocessstrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
concord_process_strip_init (ConcordProcessStrip *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Process stages"), -1);
}

GtkWidget *
concord_process_strip_new (void)
{
  return g_object_new (CONCORD_TYPE_PROCESS_STRIP, NULL);
}

void
concord_process_strip_set_workbook (ConcordProcessStrip *self,
                                    ConcordWorkbook     *workbook)
{
  g_return_if_fail (CONCORD_IS_PROCESS_STRIP (self));

  if (self->workbook == workbook)
    return;

  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_data (self->workbook, self);
  g_set_object (&self->workbook, workbook);
  if (workbook != NULL)
    g_signal_connect_object (workbook, "changed", G_CALLBACK (on_workbook_changed), self,
                             G_CONNECT_DEFAULT);
  self->process_id = 0;
  reload (self);
}

void
concord_process_strip_set_process_id (ConcordProcessStrip *self,
                                      gint64               process_id)
{
  g_return_if_fail (CONCORD_IS_PROCESS_STRIP (self));

  self->process_id = process_id;
  reload (self);
}

gint64
concord_process_strip_get_process_id (ConcordProcessStrip *self)
{
  g_return_val_if_fail (CONCORD_IS_PROCESS_STRIP (self), 0);

  return self->process_id;
}

guint
concord_process_strip_get_n_stages (ConcordProcessStrip *self)
{
  g_return_val_if_fail (CONCORD_IS_PROCESS_STRIP (self), 0);

  return n_stages (self);
}
