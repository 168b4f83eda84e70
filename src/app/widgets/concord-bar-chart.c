/* concord-bar-chart.c
 *
 * Horizontal bars read well in a narrow window and leave room for long
 * labels. Each group draws its planned value as a pale bar and its actual
 * value as a solid one on top, scaled to the largest value of the chart.
 */
#define G_LOG_DOMAIN "concord-bar-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-bar-chart.h"
#include "concord-palette.h"

#define BAR_HEIGHT   10
#define GROUP_GAP    12
#define LABEL_GAP     4

typedef struct
{
  char   *label;
  char   *value_text;
  double  planned;
  double  actual;
} Group;

struct _ConcordBarChart
{
  GtkWidget  parent_instance;

  GArray    *groups;  /* Group */
};

G_DEFINE_FINAL_TYPE (ConcordBarChart, concord_bar_chart, GTK_TYPE_WIDGET)

static void
group_clear (gpointer data)
{
  Group *group = data;

  g_free (group->label);
  g_free (group->value_text);
}

static int
line_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Ag");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static int
group_height (GtkWidget *widget)
{
  return line_height (widget) + LABEL_GAP + 2 * BAR_HEIGHT + 2;
}

static void
concord_bar_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  ConcordBarChart *self = CONCORD_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 240;
    }
  else
    {
      guint n = self->groups->len;

      *minimum = *natural = n == 0 ? 0 : (int) n * group_height (widget) + (int) (n - 1) * GROUP_GAP;
    }
}

static void
concord_bar_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  ConcordBarChart *self = CONCORD_BAR_CHART (widget);
  float width = gtk_widget_get_width (widget);
  int text_height = line_height (widget);
  double max_value = 0;
  GdkRGBA accent, pale, over, fg;
  float y = 0;

  concord_palette_foreground (widget, &accent);
  pale = accent;
  pale.alpha *= 0.3f;
  concord_palette_lookup (widget, "error_color", &over);
  concord_palette_lookup (widget, "window_fg_color", &fg);

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *group = &g_array_index (self->groups, Group, i);
      max_value = MAX (max_value, MAX (group->planned, group->actual));
    }

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *group = &g_array_index (self->groups, Group, i);
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (widget, group->label);
      g_autoptr(PangoLayout) value = gtk_widget_create_pango_layout (widget, group->value_text);
      float planned_w = max_value > 0 ? (float) (width * group->planned / max_value) : 0;
      float actual_w = max_value > 0 ? (float) (width * group->actual / max_value) : 0;
      float bar_y = y + text_height + LABEL_GAP;
      int value_width;
      GdkRGBA dim = fg;

      pango_layout_get_pixel_size (value, &value_width, NULL);
      pango_layout_set_width (label, (int) MAX (0, width - value_width - 12) * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
      gtk_snapshot_append_layout (snapshot, label, &fg);
      gtk_snapshot_restore (snapshot);

      dim.alpha *= 0.7f;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width - value_width, y));
      gtk_snapshot_append_layout (snapshot, value, group->actual > group->planned ? &over : &dim);
      gtk_snapshot_restore (snapshot);

      /* Planned: the pale bar; actual: the solid one below it. */
      if (group->planned > 0)
        gtk_snapshot_append_color (snapshot, &pale,
                                   &GRAPHENE_RECT_INIT (0, bar_y, MAX (planned_w, 2), BAR_HEIGHT));
      if (group->actual > 0)
        gtk_snapshot_append_color (snapshot, group->actual > group->planned ? &over : &accent,
                                   &GRAPHENE_RECT_INIT (0, bar_y + BAR_HEIGHT + 2,
                                                        MAX (actual_w, 2), BAR_HEIGHT));

      y += group_height (widget) + GROUP_GAP;
    }
}

static void
concord_bar_chart_finalize (GObject *object)
{
  ConcordBarChart *self = CONCORD_BAR_CHART (object);

  g_array_unref (self->groups);

  G_OBJECT_CLASS (concord_bar_chart_parent_class)->finalize (object);
}

static void
concord_bar_chart_class_init (ConcordBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = concord_bar_chart_finalize;
  widget_class->measure = concord_bar_chart_measure;
  widget_class->snapshot = concord_bar_chart_snapshot;

  gtk_widget_class_set_css_name (widget_class, "concordbarchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
concord_bar_chart_init (ConcordBarChart *self)
{
  self->groups = g_array_new (FALSE, TRUE, sizeof (Group));
  g_array_set_clear_func (self->groups, group_clear);
}

GtkWidget *
concord_bar_chart_new (void)
{
  return g_object_new (CONCORD_TYPE_BAR_CHART, NULL);
}

static void
update_description (ConcordBarChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* A screen reader hears the same figures the bars show. */
  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *group = &g_array_index (self->groups, Group, i);
      g_string_append_printf (text, "%s%s: %s", i > 0 ? "; " : "", group->label, group->value_text);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

void
concord_bar_chart_clear (ConcordBarChart *self)
{
  g_return_if_fail (CONCORD_IS_BAR_CHART (self));

  g_array_set_size (self->groups, 0);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
concord_bar_chart_add_group (ConcordBarChart *self,
                             const char      *label,
                             double           planned,
                             double           actual,
                             const char      *value_text)
{
  Group group = { g_strdup (label), g_strdup (value_text ? value_text : ""), planned, actual };

  g_return_if_fail (CONCORD_IS_BAR_CHART (self));

  g_array_append_val (self->groups, group);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
concord_bar_chart_get_n_groups (ConcordBarChart *self)
{
  g_return_val_if_fail (CONCORD_IS_BAR_CHART (self), 0);

  return self->groups->len;
}
