/* concord-roles-page.h: the Roles area, role maps and their checks */
#pragma once

#include "concord-page.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ROLES_PAGE (concord_roles_page_get_type ())

G_DECLARE_FINAL_TYPE (ConcordRolesPage, concord_roles_page, CONCORD, ROLES_PAGE, ConcordPage)

GtkWidget *concord_roles_page_new        (void);
/* The grid of the map on show, for tests and keyboard focus. */
GtkWidget *concord_roles_page_get_grid   (ConcordRolesPage *self);
void       concord_roles_page_select_map (ConcordRolesPage *self,
                                          gint64            map_id);

G_END_DECLS
