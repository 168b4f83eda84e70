/* concord-team-dialog.h: Connect to Team Server (address, user, password) */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CONCORD_TYPE_TEAM_DIALOG (concord_team_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ConcordTeamDialog, concord_team_dialog, CONCORD, TEAM_DIALOG, AdwWindow)

/* Emits "connect" (address, user, password) on Connect; the caller
 * answers with set_busy(), show_error() or closes the dialog. */
ConcordTeamDialog *concord_team_dialog_new        (GtkWindow         *parent,
                                                   const char        *address,
                                                   const char        *user);
void               concord_team_dialog_set_busy   (ConcordTeamDialog *self,
                                                   gboolean           busy);
void               concord_team_dialog_show_error (ConcordTeamDialog *self,
                                                   const char        *message);
const char        *concord_team_dialog_get_error  (ConcordTeamDialog *self);

G_END_DECLS
