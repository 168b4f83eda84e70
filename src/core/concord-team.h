/* concord-team.h: a team workbook on a PostgreSQL server (core only) */
#pragma once

#include "concord-exchange.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TEAM_ERROR (concord_team_error_quark ())

typedef enum
{
  CONCORD_TEAM_ERROR_UNREACHABLE,  /* no server answers at that address */
  CONCORD_TEAM_ERROR_AUTH,         /* the server refused who we said we are */
  CONCORD_TEAM_ERROR_LOST,         /* the connection broke; nothing was lost, sync again */
  CONCORD_TEAM_ERROR_PERMISSION,   /* the role may not write (a viewer) */
  CONCORD_TEAM_ERROR_NOT_EMPTY,    /* publish needs an empty database */
  CONCORD_TEAM_ERROR_NOT_TEAM,     /* the workbook or database is not a team one */
  CONCORD_TEAM_ERROR_CONFLICTS,    /* both sides changed fields; choose */
  CONCORD_TEAM_ERROR_TOO_NEW,      /* the server schema comes from a newer Concord */
  CONCORD_TEAM_ERROR_FAILED,
} ConcordTeamError;

/* Private meta keys: never exported, never synced. */
#define CONCORD_TEAM_URL_KEY "sync.team.url"
#define CONCORD_TEAM_SEQ_KEY "sync.team.seq"
#define CONCORD_TEAM_VECTOR_KEY "sync.team.vector"
#define CONCORD_TEAM_SENT_KEY "sync.team.sent"

#define CONCORD_TEAM_SCHEMA_VERSION 1

/* Every push notifies this channel with its last server sequence. */
#define CONCORD_TEAM_CHANNEL "concord_team"

typedef struct
{
  ConcordMergePlan *plan;     /* what the pull brought, or NULL when nothing came */
  guint             pushed;   /* records and settings sent */
  guint             waiting;  /* local changes the server does not have yet */
  gint64            seq;      /* the last server sequence seen */
} ConcordTeamSyncResult;

/* A @password given to these goes to the server only, never into the
 * workbook; NULL leaves it to libpq (PGPASSWORD, ~/.pgpass). */
GQuark    concord_team_error_quark   (void);
char     *concord_team_strip_password (const char        *url);
char     *concord_team_address       (const char        *url,
                                      const char        *user);
char     *concord_team_get_option    (const char        *url,
                                      const char        *keyword);
gboolean  concord_team_probe         (const char        *url,
                                      const char        *password,
                                      gboolean          *has_team,
                                      GError           **error);
gboolean  concord_team_publish       (ConcordWorkbook   *workbook,
                                      const char        *url,
                                      const char        *password,
                                      GError           **error);
ConcordWorkbook *concord_team_clone  (const char        *url,
                                      const char        *password,
                                      const char        *path,
                                      GError           **error);
gboolean  concord_team_sync          (ConcordWorkbook   *workbook,
                                      const char        *password,
                                      ConcordResolution  conflicts,
                                      ConcordTeamSyncResult *result,
                                      GError           **error);
void      concord_team_sync_result_clear (ConcordTeamSyncResult *result);
guint     concord_team_count_waiting (ConcordWorkbook   *workbook);

/* Hearing of others' pushes (LISTEN/NOTIFY) on a connection of its own;
 * a replica's own pushes are no news to it. */
typedef struct _ConcordTeamListener ConcordTeamListener;

ConcordTeamListener *concord_team_listen (const char        *url,
                                          const char        *password,
                                          GError           **error);
int       concord_team_listener_get_fd (ConcordTeamListener *self);
gboolean  concord_team_listener_read (ConcordTeamListener *self,
                                      ConcordWorkbook     *workbook,
                                      gboolean            *announced);
void      concord_team_listener_free (ConcordTeamListener *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordTeamListener, concord_team_listener_free)

/* For tests: where a sync stands when the hook is called. */
typedef enum
{
  CONCORD_TEAM_STAGE_PULLED,  /* merged the server's state, about to push */
  CONCORD_TEAM_STAGE_SENT,    /* sent every change, before the commit */
  CONCORD_TEAM_STAGE_READING, /* the merge has the first piece of what the pull reads, the rest is to come */
} ConcordTeamStage;

typedef void (*ConcordTeamHook) (ConcordTeamStage stage,
                                 gpointer         user_data);
void      concord_team_set_push_hook (ConcordTeamHook    hook,
                                      gpointer           user_data);

G_END_DECLS
