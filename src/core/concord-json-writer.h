/* concord-json-writer.h: writing a JSON document member by member */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Takes the next piece of text; returns FALSE with @error set to stop. */
typedef gboolean (*ConcordJsonWriteFunc) (const char  *data,
                                          gsize        length,
                                          gpointer     user_data,
                                          GError     **error);

typedef struct _ConcordJsonWriter ConcordJsonWriter;
typedef struct _ConcordJsonName ConcordJsonName;

/* Text as json-glib's generator writes it (pretty, two spaces), byte for
 * byte, handed to @write in pieces of about 64 KB. */
ConcordJsonWriter *concord_json_writer_new             (ConcordJsonWriteFunc  write,
                                                        gpointer              user_data);
ConcordJsonWriter *concord_json_writer_new_for_string  (GString              *string);
/* The same calls build a tree instead (json_builder_get_root() after). */
ConcordJsonWriter *concord_json_writer_new_for_builder (JsonBuilder          *builder);
void               concord_json_writer_free            (ConcordJsonWriter    *self);
gboolean           concord_json_writer_writes_text     (ConcordJsonWriter    *self);

/* @name is the member's name inside an object, NULL for the document
 * itself. A NULL string is written as null. */
void concord_json_writer_begin_object (ConcordJsonWriter *self,
                                       const char        *name);
void concord_json_writer_end_object   (ConcordJsonWriter *self);
void concord_json_writer_add_string   (ConcordJsonWriter *self,
                                       const char        *name,
                                       const char        *value);
/* The same with the length strlen() would give (sqlite3_value_bytes());
 * the text still ends at its first NUL. */
void concord_json_writer_add_string_len (ConcordJsonWriter *self,
                                         const char        *name,
                                         const char        *value,
                                         gsize              length);
void concord_json_writer_add_int      (ConcordJsonWriter *self,
                                       const char        *name,
                                       gint64             value);
void concord_json_writer_add_double   (ConcordJsonWriter *self,
                                       const char        *name,
                                       double             value);
void concord_json_writer_add_boolean  (ConcordJsonWriter *self,
                                       const char        *name,
                                       gboolean           value);
void concord_json_writer_add_null     (ConcordJsonWriter *self,
                                       const char        *name);

/* A member name escaped once, for names written over and over (each
 * column of every record); the same as passing the name itself. */
ConcordJsonName *concord_json_name_new  (const char      *name);
void             concord_json_name_free (ConcordJsonName *self);

void concord_json_writer_add_named_string (ConcordJsonWriter     *self,
                                           const ConcordJsonName *name,
                                           const char            *value,
                                           gsize                  length);
void concord_json_writer_add_named_int    (ConcordJsonWriter     *self,
                                           const ConcordJsonName *name,
                                           gint64                 value);
void concord_json_writer_add_named_double (ConcordJsonWriter     *self,
                                           const ConcordJsonName *name,
                                           double                 value);
void concord_json_writer_add_named_null   (ConcordJsonWriter     *self,
                                           const ConcordJsonName *name);

/* Ends the text with a newline and hands over what is left. A failed
 * write stops the writer: later calls do nothing, and this reports it. */
gboolean concord_json_writer_finish   (ConcordJsonWriter  *self,
                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordJsonWriter, concord_json_writer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordJsonName, concord_json_name_free)

G_END_DECLS
