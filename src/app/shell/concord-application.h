/* concord-application.h: the application, its options and app-wide actions */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CONCORD_TYPE_APPLICATION (concord_application_get_type ())

G_DECLARE_FINAL_TYPE (ConcordApplication, concord_application, CONCORD, APPLICATION, AdwApplication)

ConcordApplication *concord_application_new (void);
int                 concord_application_get_exit_status (ConcordApplication *self);

G_END_DECLS
