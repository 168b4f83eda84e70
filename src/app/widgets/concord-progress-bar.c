/* concord-progress-bar.c
 *
 * Drawn by hand rather than with GtkProgressBar so the colour can carry a
 * status and a tick can show where the bar should be by now. The colours
 * come from CSS (see style.css: concordprogressbar.on-track …), which maps
 * them to libadwaita's named colours, so light and dark both hold.
 */
#define G_LOG_DOMAIN "concord-progress-bar"

#include "config.h"

#include "concord-progress-bar.h"
#include "concord-palette.h"

#define BAR_HEIGHT 8

struct _ConcordProgressBar
{
  GtkWidget             parent_instance;

  double                fraction;
  double                marker;
  ConcordProgressStatus status;
};

G_DEFINE_FINAL_TYPE (ConcordProgressBar, concord_progress_bar, GTK_TYPE_WIDGET)

static const GEnumValue status_values[] = {
  { CONCORD_PROGRESS_NEUTRAL, "CONCORD_PROGRESS_NEUTRAL", "neutral" },
  { CONCORD_PROGRESS_ON_TRACK, "CONCORD_PROGRESS_ON_TRACK", "on-track" },
  { CONCORD_PROGRESS_AT_RISK, "CONCORD_PROGRESS_AT_RISK", "at-risk" },
  { CONCORD_PROGRESS_OFF_TRACK, "CONCORD_PROGRESS_OFF_TRACK", "off-track" },
  { 0, NULL, NULL }
};

GType
concord_progress_status_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("ConcordProgressStatus", status_values));

  return type;
}

enum { PROP_0, PROP_FRACTION, PROP_STATUS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
concord_progress_bar_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 48;
      *natural = 160;
    }
  else
    {
      *minimum = *natural = BAR_HEIGHT;
    }
}

static void
concord_progress_bar_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  ConcordProgressBar *self = CONCORD_PROGRESS_BAR (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float radius = MIN (height, BAR_HEIGHT) / 2.0f;
  float y = (height - MIN (height, BAR_HEIGHT)) / 2.0f;
  float h = MIN (height, BAR_HEIGHT);
  GdkRGBA color, trough;
  GskRoundedRect rect;

  concord_palette_foreground (widget, &color);
  trough = color;
  trough.alpha *= 0.18f;

  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (0, y, width, h), radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, &trough, &GRAPHENE_RECT_INIT (0, y, width, h));

  if (self->fraction > 0)
    {
      float filled = MAX (h, (float) (width * CLAMP (self->fraction, 0.0, 1.0)));
      GskRoundedRect bar;

      gsk_rounded_rect_init_from_rect (&bar, &GRAPHENE_RECT_INIT (0, y, filled, h), radius);
      gtk_snapshot_push_rounded_clip (snapshot, &bar);
      gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (0, y, filled, h));
      gtk_snapshot_pop (snapshot);
    }
  gtk_snapshot_pop (snapshot);

  if (self->marker >= 0 && self->marker <= 1)
    {
      GdkRGBA tick = color;
      float x = roundf ((float) (width * self->marker));

      /* The tick is drawn in the foreground colour at low alpha, so it
       * reads on the trough and on the bar, in light and dark alike. */
      concord_palette_lookup (widget, "window_fg_color", &tick);
      tick.alpha = 0.6f;
      gtk_snapshot_append_color (snapshot, &tick,
                                 &GRAPHENE_RECT_INIT (CLAMP (x - 1, 0, width - 2), 0, 2, height));
    }
}

static void
update_accessible (ConcordProgressBar *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->fraction * 100.0,
                                  -1);
}

static void
concord_progress_bar_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ConcordProgressBar *self = CONCORD_PROGRESS_BAR (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_progress_bar_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ConcordProgressBar *self = CONCORD_PROGRESS_BAR (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      concord_progress_bar_set_fraction (self, g_value_get_double (value));
      break;
    case PROP_STATUS:
      concord_progress_bar_set_status (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_progress_bar_class_init (ConcordProgressBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = concord_progress_bar_get_property;
  object_class->set_property = concord_progress_bar_set_property;
  widget_class->measure = concord_progress_bar_measure;
  widget_class->snapshot = concord_progress_bar_snapshot;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, CONCORD_TYPE_PROGRESS_STATUS, CONCORD_PROGRESS_NEUTRAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "concordprogressbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
concord_progress_bar_init (ConcordProgressBar *self)
{
  self->marker = -1;
  gtk_widget_add_css_class (GTK_WIDGET (self), "neutral");
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  update_accessible (self);
}

GtkWidget *
concord_progress_bar_new (void)
{
  return g_object_new (CONCORD_TYPE_PROGRESS_BAR, NULL);
}

double
concord_progress_bar_get_fraction (ConcordProgressBar *self)
{
  g_return_val_if_fail (CONCORD_IS_PROGRESS_BAR (self), 0.0);

  return self->fraction;
}

void
concord_progress_bar_set_fraction (ConcordProgressBar *self,
                                   double              fraction)
{
  g_return_if_fail (CONCORD_IS_PROGRESS_BAR (self));

  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->fraction == fraction)
    return;

  self->fraction = fraction;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

ConcordProgressStatus
concord_progress_bar_get_status (ConcordProgressBar *self)
{
  g_return_val_if_fail (CONCORD_IS_PROGRESS_BAR (self), CONCORD_PROGRESS_NEUTRAL);

  return self->status;
}

void
concord_progress_bar_set_status (ConcordProgressBar    *self,
                                 ConcordProgressStatus  status)
{
  g_return_if_fail (CONCORD_IS_PROGRESS_BAR (self));

  if (self->status == status)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self), status_values[self->status].value_nick);
  self->status = status;
  gtk_widget_add_css_class (GTK_WIDGET (self), status_values[status].value_nick);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
concord_progress_bar_set_marker (ConcordProgressBar *self,
                                 double              marker)
{
  g_return_if_fail (CONCORD_IS_PROGRESS_BAR (self));

  self->marker = marker;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
