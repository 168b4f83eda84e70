/* concord-team-status.h: the team server in the header bar, and its sync */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

typedef enum
{
  CONCORD_TEAM_STATE_NONE,       /* not a team workbook: nothing shown */
  CONCORD_TEAM_STATE_SYNCING,
  CONCORD_TEAM_STATE_SYNCED,
  CONCORD_TEAM_STATE_WAITING,    /* changes here the server does not have */
  CONCORD_TEAM_STATE_OFFLINE,
  CONCORD_TEAM_STATE_CONFLICTS,
  CONCORD_TEAM_STATE_REFUSED,    /* the server refused the password or the sync */
} ConcordTeamState;

#define CONCORD_TYPE_TEAM_STATUS (concord_team_status_get_type ())

G_DECLARE_FINAL_TYPE (ConcordTeamStatus, concord_team_status, CONCORD, TEAM_STATUS, GtkWidget)

/* Follows @window's workbook and gives it the "team" actions: connect
 * (the dialog), sync (Sync Now) and resolve (the conflict dialog). */
ConcordTeamStatus *concord_team_status_new          (GtkWindow         *window);
void               concord_team_status_set_workbook (ConcordTeamStatus *self,
                                                     ConcordWorkbook   *workbook);
ConcordTeamState   concord_team_status_get_state    (ConcordTeamStatus *self);
guint              concord_team_status_get_waiting  (ConcordTeamStatus *self);
/* Whether it hears of the team's pushes (LISTEN) at the moment. */
gboolean           concord_team_status_get_listening (ConcordTeamStatus *self);
/* What the header bar and its popover say. */
const char        *concord_team_status_get_summary  (ConcordTeamStatus *self);
const char        *concord_team_status_get_detail   (ConcordTeamStatus *self);
/* The dialog of a connect, or a merge dialog over conflicts, while open. */
GtkWindow         *concord_team_status_get_dialog   (ConcordTeamStatus *self);

G_END_DECLS
