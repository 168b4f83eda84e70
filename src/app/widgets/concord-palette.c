/* concord-palette.c: the colours custom drawing takes from the style
 *
 * Every drawing widget asks here for its colours. The style's named colours
 * (libadwaita's @accent_color, @blue_4, …) are looked up through the style
 * context, the one place to change when GTK's replacement for
 * gtk_style_context_lookup_color() (deprecated in GTK 4.10) is available.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "concord-palette.h"

/* What libadwaita 1.2 defines, for a style that lacks a name (a custom
 * theme); the light value, then the dark one. */
static const struct
{
  const char *name;
  const char *light;
  const char *dark;
} fallbacks[] = {
  { "window_fg_color", "rgba(0,0,0,0.8)", "#ffffff" },
  { "view_bg_color", "#ffffff", "#1e1e1e" },
  { "accent_color", "#1c71d8", "#78aeed" },
  { "success_color", "#1b8553", "#8ff0a4" },
  { "warning_color", "#9c6e03", "#f8e45c" },
  { "error_color", "#c01c28", "#ff7b63" },
};

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

/**
 * concord_palette_foreground:
 * @widget: the widget that draws
 * @color: (out): its text colour
 */
void
concord_palette_foreground (GtkWidget *widget,
                            GdkRGBA   *color)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}

static gboolean
style_lookup (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  return gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color);
}

G_GNUC_END_IGNORE_DEPRECATIONS

/**
 * concord_palette_is_dark:
 * @widget: the widget that draws
 *
 * Returns: %TRUE when the widget's text is light, so its background is dark
 */
gboolean
concord_palette_is_dark (GtkWidget *widget)
{
  GdkRGBA fg;

  concord_palette_foreground (widget, &fg);

  return (fg.red + fg.green + fg.blue) / 3 > 0.5;
}

/**
 * concord_palette_lookup:
 * @widget: the widget that draws
 * @name: a named colour of the style, for example "accent_color" or "blue_4"
 * @color: (out): the colour
 *
 * A name the style lacks falls back to libadwaita's value for it, and to
 * the widget's text colour when Concord knows no value either.
 */
void
concord_palette_lookup (GtkWidget  *widget,
                        const char *name,
                        GdkRGBA    *color)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  if (style_lookup (widget, name, color))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (fallbacks); i++)
    if (g_str_equal (fallbacks[i].name, name))
      {
        gdk_rgba_parse (color, concord_palette_is_dark (widget) ? fallbacks[i].dark : fallbacks[i].light);
        return;
      }

  concord_palette_foreground (widget, color);
}

/**
 * concord_palette_init:
 * @palette: (out caller-allocates): the palette to fill
 * @widget: the widget that draws
 */
void
concord_palette_init (ConcordPalette *palette,
                      GtkWidget      *widget)
{
  g_return_if_fail (palette != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  concord_palette_foreground (widget, &palette->foreground);
  concord_palette_lookup (widget, "view_bg_color", &palette->background);
  concord_palette_lookup (widget, "accent_color", &palette->accent);
  concord_palette_lookup (widget, "success_color", &palette->success);
  concord_palette_lookup (widget, "warning_color", &palette->warning);
  concord_palette_lookup (widget, "error_color", &palette->error);
}
