/* concord-role-maps.h: RACI, RASCI and DACI matrices of activities by roles */
#pragma once

#include "concord-query-model.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

typedef enum
{
  CONCORD_ROLE_VARIANT_RACI,
  CONCORD_ROLE_VARIANT_RASCI,
  CONCORD_ROLE_VARIANT_DACI,
} ConcordRoleVariant;

typedef enum
{
  CONCORD_ROLE_EXPORT_CSV,
  CONCORD_ROLE_EXPORT_MARKDOWN,
  CONCORD_ROLE_EXPORT_HTML,
} ConcordRoleExportFormat;

typedef struct
{
  gint64  id;
  char   *name;
  char   *kind;     /* "team", "job" or "person" */
  gint64  team_id;  /* the role's team, or its person's team; 0 if none */
} ConcordRoleMapRole;

typedef struct
{
  gint64  id;
  char   *name;
  char   *grouping;       /* NULL when ungrouped */
  gint64  stage_id;       /* 0 when not linked to a process stage */
  char   *stage_name;
  gint64  stage_team_id;  /* the linked stage's owning team, 0 if none */
  char   *stage_team;
} ConcordRoleMapActivity;

/* A whole map read at once: small (tens of rows), and validation needs
 * every cell anyway. cells[activity * roles->len + role] is a letter or
 * '\0' for an empty cell. */
typedef struct
{
  gint64              id;
  char               *name;
  ConcordRoleVariant  variant;
  GPtrArray          *roles;       /* ConcordRoleMapRole */
  GPtrArray          *activities;  /* ConcordRoleMapActivity */
  char               *cells;
} ConcordRoleMatrix;

const char        *concord_role_variant_to_string   (ConcordRoleVariant variant);
gboolean           concord_role_variant_from_string (const char        *text,
                                                     ConcordRoleVariant *variant);
/* The letters a variant allows, in the order the editor offers them. */
const char        *concord_role_variant_letters     (ConcordRoleVariant variant);
const char        *concord_role_letter_name         (ConcordRoleVariant variant,
                                                     char               letter);
/* The letter that owns the outcome (A) and the one that does the work
 * (R, or D for Driver in DACI). */
char               concord_role_variant_doer        (ConcordRoleVariant variant);

ConcordRoleMatrix *concord_role_matrix_load         (ConcordWorkbook   *workbook,
                                                     gint64             map_id,
                                                     GError           **error);
void               concord_role_matrix_free         (ConcordRoleMatrix *matrix);
char               concord_role_matrix_get          (ConcordRoleMatrix *matrix,
                                                     guint              activity,
                                                     guint              role);
/* Per-role load: how many cells of @role hold @letter. */
guint              concord_role_matrix_count        (ConcordRoleMatrix *matrix,
                                                     guint              role,
                                                     char               letter);
/* Findings (element-type ConcordFinding) for this map alone. */
GPtrArray         *concord_role_matrix_validate     (ConcordRoleMatrix *matrix);
char              *concord_role_matrix_export       (ConcordRoleMatrix *matrix,
                                                     ConcordRoleExportFormat format);

gint64             concord_role_maps_lookup         (ConcordWorkbook   *workbook,
                                                     const char        *name);
gint64             concord_role_maps_first          (ConcordWorkbook   *workbook);
ConcordQueryModel *concord_role_maps_model_new      (ConcordWorkbook   *workbook);

/* Edits; each is one undo step. */
gint64   concord_role_maps_add             (ConcordWorkbook    *workbook,
                                            const char         *name,
                                            ConcordRoleVariant  variant,
                                            GError            **error);
gboolean concord_role_maps_delete          (ConcordWorkbook    *workbook,
                                            gint64              map_id,
                                            GError            **error);
/* Renames keep the row (its cells, its place); an empty name is refused. */
gboolean concord_role_maps_rename          (ConcordWorkbook    *workbook,
                                            gint64              map_id,
                                            const char         *name,
                                            GError            **error);
gboolean concord_role_maps_rename_role     (ConcordWorkbook    *workbook,
                                            gint64              role_id,
                                            const char         *name,
                                            GError            **error);
gboolean concord_role_maps_rename_activity (ConcordWorkbook    *workbook,
                                            gint64              activity_id,
                                            const char         *name,
                                            GError            **error);
gboolean concord_role_maps_set_variant     (ConcordWorkbook    *workbook,
                                            gint64              map_id,
                                            ConcordRoleVariant  variant,
                                            GError            **error);
gboolean concord_role_maps_set_cell        (ConcordWorkbook    *workbook,
                                            gint64              activity_id,
                                            gint64              role_id,
                                            char                letter,
                                            GError            **error);
gint64   concord_role_maps_add_role        (ConcordWorkbook    *workbook,
                                            gint64              map_id,
                                            const char         *name,
                                            const char         *kind,
                                            gint64              team_id,
                                            gint64              person_id,
                                            GError            **error);
gint64   concord_role_maps_add_activity    (ConcordWorkbook    *workbook,
                                            gint64              map_id,
                                            const char         *name,
                                            const char         *grouping,
                                            gint64              stage_id,
                                            GError            **error);
gboolean concord_role_maps_delete_role     (ConcordWorkbook    *workbook,
                                            gint64              role_id,
                                            GError            **error);
gboolean concord_role_maps_delete_activity (ConcordWorkbook    *workbook,
                                            gint64              activity_id,
                                            GError            **error);
gboolean concord_role_maps_move_role       (ConcordWorkbook    *workbook,
                                            gint64              map_id,
                                            gint64              role_id,
                                            guint               new_index,
                                            GError            **error);
gboolean concord_role_maps_move_activity   (ConcordWorkbook    *workbook,
                                            gint64              map_id,
                                            gint64              activity_id,
                                            guint               new_index,
                                            GError            **error);

/* Findings source (see concord-check.h). */
gboolean concord_role_maps_check           (ConcordWorkbook    *workbook,
                                            GPtrArray          *findings,
                                            GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordRoleMatrix, concord_role_matrix_free)

G_END_DECLS
