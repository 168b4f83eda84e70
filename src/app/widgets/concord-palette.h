/* concord-palette.h: the colours custom drawing takes from the style
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The colours a drawing widget paints with, read from the widget's style
 * so light, dark and high contrast all hold. */
typedef struct
{
  GdkRGBA foreground;   /* the text colour of the widget */
  GdkRGBA background;   /* view_bg_color */
  GdkRGBA accent;       /* accent_color */
  GdkRGBA success;      /* success_color */
  GdkRGBA warning;      /* warning_color */
  GdkRGBA error;        /* error_color */
} ConcordPalette;

void     concord_palette_init       (ConcordPalette *palette,
                                     GtkWidget      *widget);
void     concord_palette_foreground (GtkWidget      *widget,
                                     GdkRGBA        *color);
void     concord_palette_lookup     (GtkWidget      *widget,
                                     const char     *name,
                                     GdkRGBA        *color);
gboolean concord_palette_is_dark    (GtkWidget      *widget);

G_END_DECLS
