/* concord-query-model.h: a lazy list of records chosen by a query */
#pragma once

#include <gio/gio.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_QUERY_MODEL (concord_query_model_get_type ())

G_DECLARE_FINAL_TYPE (ConcordQueryModel, concord_query_model, CONCORD, QUERY_MODEL, GObject)

ConcordQueryModel *concord_query_model_new        (ConcordWorkbook    *workbook,
                                                   const char         *table);
ConcordWorkbook   *concord_query_model_get_workbook (ConcordQueryModel *self);
const char        *concord_query_model_get_table  (ConcordQueryModel  *self);
gboolean           concord_query_model_set_query  (ConcordQueryModel  *self,
                                                   const char         *ids_sql,
                                                   GPtrArray          *params,
                                                   GError            **error);
void               concord_query_model_watch      (ConcordQueryModel  *self,
                                                   const char         *table);
gboolean           concord_query_model_refresh    (ConcordQueryModel  *self,
                                                   GError            **error);
void               concord_query_model_set_whole_replacements (ConcordQueryModel *self,
                                                               gboolean           whole);
void               concord_query_model_set_first_window (ConcordQueryModel *self,
                                                         guint              n_ids);
gboolean           concord_query_model_is_loading (ConcordQueryModel  *self);
gint64             concord_query_model_get_id     (ConcordQueryModel  *self,
                                                   guint               position);
ConcordRecord     *concord_query_model_get_record (ConcordQueryModel  *self,
                                                   gint64              id);
gboolean           concord_query_model_find       (ConcordQueryModel  *self,
                                                   gint64              id,
                                                   guint              *position);

G_END_DECLS
