/* concord-workbook-private.h: the store's SQLite side, for src/core only
 *
 * The connection, its cached statements and the records built from
 * them. Only files in src/core (and white-box tests) include this;
 * widgets and the command line reach the store through
 * concord-workbook.h, which never mentions SQLite. tests/check-walls.py
 * fails the build's tests when that is broken. */
#pragma once

#include <sqlite3.h>

#include "concord-record.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

/* For tests: called in the worker thread of concord_workbook_open_async()
 * before it opens @path, so a test can hold the open where it is. */
typedef void (*ConcordOpenHook) (const char *path,
                                 gpointer    user_data);
void             concord_workbook_set_open_hook (ConcordOpenHook hook,
                                                 gpointer        user_data);
sqlite3         *concord_workbook_open_reference_schema (int      version,
                                                         GError **error);
gboolean         concord_workbook_drop_plain_indexes (ConcordWorkbook  *self,
                                                      const char       *table,
                                                      GPtrArray        *dropped,
                                                      GError          **error);
gboolean         concord_workbook_create_indexes  (ConcordWorkbook  *self,
                                                   GPtrArray        *creates,
                                                   GError          **error);
gint64           concord_workbook_set_cache_size  (ConcordWorkbook  *self,
                                                   gint64            size);
sqlite3         *concord_workbook_get_db          (ConcordWorkbook  *self);
sqlite3_stmt    *concord_workbook_prepare         (ConcordWorkbook  *self,
                                                   const char       *sql,
                                                   GError          **error);
void             concord_sql_append_rows          (GString            *sql,
                                                   int                 n_rows,
                                                   int                 width,
                                                   const char * const *defaults);
gboolean         concord_workbook_exec            (ConcordWorkbook  *self,
                                                   const char       *sql,
                                                   GError          **error);
gboolean         concord_workbook_step_done       (ConcordWorkbook  *self,
                                                   sqlite3_stmt     *stmt,
                                                   GError          **error);
void             concord_workbook_set_error       (ConcordWorkbook  *self,
                                                   int               rc,
                                                   GError          **error,
                                                   const char       *what);
void             concord_workbook_emit_changed    (ConcordWorkbook  *self,
                                                   const char       *table);

/* A reader holding a statement open across main loop turns (a long list
 * reading its ids a chunk at a time) registers a function that finishes
 * it: the store calls them all before it writes or copies the file. */
void             concord_workbook_add_reader      (ConcordWorkbook  *self,
                                                   gpointer          reader,
                                                   GFunc             finish);
void             concord_workbook_remove_reader   (ConcordWorkbook  *self,
                                                   gpointer          reader);
void             concord_workbook_finish_readers  (ConcordWorkbook  *self);

/* Many rows added to a table inside an edit without the session holding
 * each one (see concord-workbook-edit.c). */
gboolean         concord_workbook_begin_untracked_inserts (ConcordWorkbook  *self,
                                                           const char       *table,
                                                           GError          **error);
void             concord_workbook_pause_untracked_inserts (ConcordWorkbook  *self,
                                                           gboolean          paused);
void             concord_workbook_set_untracked_dotted    (ConcordWorkbook  *self);
void             concord_workbook_set_keeps_history       (ConcordWorkbook  *self,
                                                           gboolean          keeps);
gboolean         concord_workbook_end_untracked_inserts   (ConcordWorkbook  *self,
                                                           GError          **error);

/* Build or refresh a record from the current row of stmt. */
ConcordRecord   *concord_record_new_from_statement (const char   *table,
                                                    sqlite3_stmt *stmt);
void             concord_record_load               (ConcordRecord *self,
                                                    sqlite3_stmt  *stmt);
gboolean         concord_record_equal_values       (ConcordRecord *self,
                                                    sqlite3_stmt  *stmt);
void             concord_record_emit_changed       (ConcordRecord *self);

/* The store's hooks into concord-versions.c. */
int         concord_versions_stamp_edit  (ConcordWorkbook  *workbook,
                                          sqlite3_session  *session);
void        concord_versions_replay_begin (ConcordWorkbook *workbook,
                                           GBytes          *changeset);
int         concord_versions_replay_filter (void           *workbook,
                                            const char     *table);
int         concord_versions_replay_end  (ConcordWorkbook  *workbook,
                                          GBytes           *changeset);
int         concord_versions_stamp_untracked (ConcordWorkbook *workbook,
                                              sqlite3_session *session,
                                              const char      *table,
                                              gint64           first_id,
                                              gint64           last_id);
int         concord_versions_replay_untracked (ConcordWorkbook *workbook,
                                               const char      *table,
                                               const char      *copy,
                                               const char      *versions_copy,
                                               gboolean         undo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
