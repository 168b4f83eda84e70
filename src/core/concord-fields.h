/* concord-fields.h: a set of column values for one insert or update */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ConcordFields ConcordFields;

ConcordFields *concord_fields_new        (void);
ConcordFields *concord_fields_copy       (const ConcordFields *self);
void           concord_fields_free       (ConcordFields *self);
void           concord_fields_set_string (ConcordFields *self,
                                          const char    *column,
                                          const char    *value);
void           concord_fields_set_int    (ConcordFields *self,
                                          const char    *column,
                                          gint64         value);
void           concord_fields_set_double (ConcordFields *self,
                                          const char    *column,
                                          double         value);
void           concord_fields_set_null   (ConcordFields *self,
                                          const char    *column);
void           concord_fields_set_id     (ConcordFields *self,
                                          const char    *column,
                                          gint64         id);
guint          concord_fields_get_size   (const ConcordFields *self);
const char    *concord_fields_get_column (const ConcordFields *self,
                                          guint                index);
GVariant      *concord_fields_get_value  (const ConcordFields *self,
                                          guint                index);
GVariant      *concord_fields_lookup     (const ConcordFields *self,
                                          const char          *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordFields, concord_fields_free)

G_END_DECLS
