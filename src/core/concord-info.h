/* concord-info.h: what a workbook holds, area by area */
#pragma once

#include <json-glib/json-glib.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;          /* stable key: "plans" */
  const char *title;         /* translatable title: "Plans" */
  const char *const *tables; /* the tables that belong to the area */
} ConcordArea;

const ConcordArea *concord_areas            (guint           *n_areas);
JsonNode          *concord_workbook_info    (ConcordWorkbook *workbook);
char              *concord_workbook_info_text (ConcordWorkbook *workbook);

gboolean           concord_workbook_is_empty  (ConcordWorkbook *workbook);
gboolean           concord_workbook_add_sample (ConcordWorkbook *workbook,
                                                GError         **error);

G_END_DECLS
