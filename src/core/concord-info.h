/* concord-info.h: what a workbook holds, area by area */
#pragma once

#include <json-glib/json-glib.h>

#include "concord-check.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

/* A column that names a person: what the person owns, reassigned when
 * the person is deleted. */
typedef struct
{
  const char *table;
  const char *column;
} ConcordOwnerColumn;

/* One area of the workbook: the window's page of that name, and what
 * info, check, people and the sample know of it. The one list of them
 * is concord_areas(); a new area or table is added there. */
typedef struct
{
  const char *name;          /* stable key and page name: "plans" */
  const char *title;         /* translatable title: "Plans" */
  const char *icon_name;     /* the sidebar's icon */
  const char *description;   /* translatable, for the page until it is built */
  const char *const *tables; /* the tables that belong to the area, or NULL */
  const char *const *content_tables; /* those a user's own work lives in */
  const ConcordCheckSource *checks;  /* its rules, in report order, or NULL */
  const ConcordOwnerColumn *owners;  /* columns naming a person, or NULL */
} ConcordArea;

const ConcordArea *concord_areas            (guint           *n_areas);
const ConcordArea *concord_area_lookup      (const char      *name);
JsonNode          *concord_workbook_info    (ConcordWorkbook *workbook);
char              *concord_workbook_info_text (ConcordWorkbook *workbook);

gboolean           concord_workbook_is_empty  (ConcordWorkbook *workbook);
gboolean           concord_workbook_add_sample (ConcordWorkbook *workbook,
                                                GError         **error);

G_END_DECLS
