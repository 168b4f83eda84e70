/* concord-check.h: validation findings over a whole workbook */
#pragma once

#include <json-glib/json-glib.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

/* One problem a user should look at: what, where, and the record it is
 * about, so a view can point at it. */
typedef struct
{
  char   *code;     /* stable, for machines: "role-map/accountable" */
  char   *table;    /* the record the finding is about */
  gint64  id;
  char   *uuid;     /* the record's stable id, filled in by the engine */
  char   *where;    /* for people: “Role map “X”, activity “Y”” */
  char   *message;  /* for people: what is wrong and what is expected */
} ConcordFinding;

ConcordFinding *concord_finding_new   (const char     *code,
                                       const char     *table,
                                       gint64          id,
                                       const char     *where,
                                       const char     *message);
void            concord_finding_free  (ConcordFinding *finding);
char           *concord_finding_to_string (const ConcordFinding *finding);

/* A source adds its findings to @findings (element-type ConcordFinding).
 * Areas list theirs in concord_areas() (concord-info.c). */
typedef gboolean (*ConcordCheckSource) (ConcordWorkbook  *workbook,
                                        GPtrArray        *findings,
                                        GError          **error);

GPtrArray *concord_check_workbook      (ConcordWorkbook  *workbook,
                                        GError          **error);
char      *concord_check_format_text   (GPtrArray        *findings);
JsonNode  *concord_check_to_json       (GPtrArray        *findings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordFinding, concord_finding_free)

G_END_DECLS
