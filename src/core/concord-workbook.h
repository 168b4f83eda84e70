/* concord-workbook.h: one workbook file, its edits and their history */
#pragma once

#include <gio/gio.h>

#include "concord-error.h"
#include "concord-fields.h"
#include "concord-record.h"

G_BEGIN_DECLS

#define CONCORD_SCHEMA_VERSION   5
#define CONCORD_APPLICATION_ID   0x434E4344 /* "CNCD" */
#define CONCORD_FILE_EXTENSION   ".concord"

typedef enum
{
  CONCORD_OPEN_DEFAULT   = 0,
  CONCORD_OPEN_CREATE    = 1 << 0, /* create the file when it is missing */
  CONCORD_OPEN_READ_ONLY = 1 << 1, /* never write, even when we could */
  /* Never used by two threads at once (a command-line tool's): SQLite
   * then takes no lock on every call, a tenth of a large export. */
  CONCORD_OPEN_ONE_THREAD = 1 << 2,
} ConcordOpenFlags;

#define CONCORD_TYPE_WORKBOOK (concord_workbook_get_type ())

G_DECLARE_FINAL_TYPE (ConcordWorkbook, concord_workbook, CONCORD, WORKBOOK, GObject)

ConcordWorkbook *concord_workbook_open            (const char       *path,
                                                   ConcordOpenFlags  flags,
                                                   GError          **error);
void             concord_workbook_open_async      (const char          *path,
                                                   ConcordOpenFlags     flags,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
ConcordWorkbook *concord_workbook_open_finish     (GAsyncResult     *result,
                                                   GError          **error);
char            *concord_workbook_default_path    (void);
gboolean         concord_file_is_writable         (const char       *path);
const char      *concord_workbook_get_path        (ConcordWorkbook  *self);
char            *concord_workbook_dup_title       (ConcordWorkbook  *self);
gboolean         concord_workbook_get_read_only   (ConcordWorkbook  *self);
const char      *concord_workbook_get_read_only_reason (ConcordWorkbook *self);
int              concord_workbook_get_schema_version (ConcordWorkbook *self);

/* Edits. Every write is one transaction; insert, update and delete open
 * their own edit unless one is already open, so a caller that wants many
 * writes to be one undo step holds a ConcordEdit guard (below) around
 * them. begin, commit and rollback are what the guard runs; prefer the
 * guard, which cannot leave an edit open on an early return. Inside an edit that writes many accounts or contacts,
 * begin_bulk/end_bulk bring the search index up to date once instead of
 * row by row. */
gboolean         concord_workbook_begin           (ConcordWorkbook  *self,
                                                   const char       *label,
                                                   GError          **error);
gboolean         concord_workbook_commit          (ConcordWorkbook  *self,
                                                   GError          **error);
void             concord_workbook_rollback        (ConcordWorkbook  *self);
gboolean         concord_workbook_in_edit         (ConcordWorkbook  *self);
gboolean         concord_workbook_begin_bulk      (ConcordWorkbook  *self,
                                                   GError          **error);
gboolean         concord_workbook_end_bulk        (ConcordWorkbook  *self,
                                                   GError          **error);

/* The edit guard: rolls the edit back when it goes out of scope
 * uncommitted, so an early return saves nothing.
 *
 *   g_autoptr(ConcordEdit) edit = concord_workbook_edit (wb, _("Label"), error);
 *
 *   if (edit == NULL || !write_something (wb, error))
 *     return FALSE;
 *   return concord_edit_commit (edit, error);
 *
 * Guards nest like begin/commit: only the outermost commit saves, and an
 * inner guard that is dropped uncommitted rolls back the whole edit. */
typedef struct _ConcordEdit ConcordEdit;

ConcordEdit     *concord_workbook_edit            (ConcordWorkbook  *self,
                                                   const char       *label,
                                                   GError          **error);
gboolean         concord_edit_commit              (ConcordEdit      *edit,
                                                   GError          **error);
void             concord_edit_free                (ConcordEdit      *edit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordEdit, concord_edit_free)

gint64           concord_workbook_insert          (ConcordWorkbook  *self,
                                                   const char       *table,
                                                   ConcordFields    *fields,
                                                   GError          **error);
gboolean         concord_workbook_update          (ConcordWorkbook  *self,
                                                   const char       *table,
                                                   gint64            id,
                                                   ConcordFields    *fields,
                                                   GError          **error);
gboolean         concord_workbook_delete          (ConcordWorkbook  *self,
                                                   const char       *table,
                                                   gint64            id,
                                                   GError          **error);
/* The same, naming the undo step when the write is an edit of its own. */
gint64           concord_workbook_insert_as       (ConcordWorkbook  *self,
                                                   const char       *label,
                                                   const char       *table,
                                                   ConcordFields    *fields,
                                                   GError          **error);
gboolean         concord_workbook_update_as       (ConcordWorkbook  *self,
                                                   const char       *label,
                                                   const char       *table,
                                                   gint64            id,
                                                   ConcordFields    *fields,
                                                   GError          **error);
gboolean         concord_workbook_delete_as       (ConcordWorkbook  *self,
                                                   const char       *label,
                                                   const char       *table,
                                                   gint64            id,
                                                   GError          **error);
gboolean         concord_workbook_set_meta        (ConcordWorkbook  *self,
                                                   const char       *key,
                                                   const char       *value,
                                                   GError          **error);
char            *concord_workbook_dup_meta        (ConcordWorkbook  *self,
                                                   const char       *key);

/* History */
gboolean         concord_workbook_can_undo        (ConcordWorkbook  *self);
gboolean         concord_workbook_can_redo        (ConcordWorkbook  *self);
const char      *concord_workbook_get_undo_label  (ConcordWorkbook  *self);
const char      *concord_workbook_get_redo_label  (ConcordWorkbook  *self);
gboolean         concord_workbook_undo            (ConcordWorkbook  *self,
                                                   GError          **error);
gboolean         concord_workbook_redo            (ConcordWorkbook  *self,
                                                   GError          **error);
gboolean         concord_workbook_notice_outside_changes (ConcordWorkbook *self);
void             concord_workbook_clear_history   (ConcordWorkbook  *self);

/* Reads */
ConcordRecord   *concord_workbook_get_record      (ConcordWorkbook  *self,
                                                   const char       *table,
                                                   gint64            id,
                                                   GError          **error);
gint64           concord_workbook_lookup_uuid     (ConcordWorkbook  *self,
                                                   const char       *table,
                                                   const char       *uuid);
gint64           concord_workbook_count           (ConcordWorkbook  *self,
                                                   const char       *table);
gboolean         concord_workbook_has_table       (ConcordWorkbook  *self,
                                                   const char       *table);
gboolean         concord_workbook_has_column      (ConcordWorkbook  *self,
                                                   const char       *table,
                                                   const char       *column);
const char * const *concord_workbook_get_tables   (ConcordWorkbook  *self);
const char * const *concord_workbook_get_columns  (ConcordWorkbook  *self,
                                                   const char       *table);
gboolean         concord_workbook_check_integrity (ConcordWorkbook  *self,
                                                   char            **problems,
                                                   GError          **error);
gboolean         concord_workbook_save_copy       (ConcordWorkbook  *self,
                                                   const char       *destination,
                                                   GError          **error);

G_END_DECLS
