/* concord-raci-grid.h: a role map's cells, edited by click and keyboard */
#pragma once

#include <gtk/gtk.h>

#include "concord-role-maps.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_RACI_GRID (concord_raci_grid_get_type ())

G_DECLARE_FINAL_TYPE (ConcordRaciGrid, concord_raci_grid, CONCORD, RACI_GRID, GtkWidget)

GtkWidget         *concord_raci_grid_new          (void);
ConcordWorkbook   *concord_raci_grid_get_workbook (ConcordRaciGrid *self);
void               concord_raci_grid_set_workbook (ConcordRaciGrid *self,
                                                   ConcordWorkbook *workbook);
gint64             concord_raci_grid_get_map_id   (ConcordRaciGrid *self);
void               concord_raci_grid_set_map_id   (ConcordRaciGrid *self,
                                                   gint64           map_id);
/* The map as last read, and its findings; both NULL without a map. */
ConcordRoleMatrix *concord_raci_grid_get_matrix   (ConcordRaciGrid *self);
GPtrArray         *concord_raci_grid_get_findings (ConcordRaciGrid *self);
/* The cell with the keyboard cursor. */
gboolean           concord_raci_grid_get_cursor   (ConcordRaciGrid *self,
                                                   guint           *activity,
                                                   guint           *role);
void               concord_raci_grid_set_cursor   (ConcordRaciGrid *self,
                                                   guint            activity,
                                                   guint            role);
GtkWidget         *concord_raci_grid_get_cell     (ConcordRaciGrid *self,
                                                   guint            activity,
                                                   guint            role);

G_END_DECLS
