/* concord-store-private.h: what the store's own files share
 *
 * The workbook's fields and the helpers that concord-workbook.c,
 * concord-workbook-trust.c, concord-migrations.c, concord-workbook-edit.c,
 * concord-workbook-write.c, concord-undo.c and concord-account-search.c
 * call in one another. Other modules use concord-workbook-private.h.
 */
#pragma once

#include "concord-migrations-list.h"
#include "concord-workbook-private.h"

G_BEGIN_DECLS

/* Rows an edit inserted outside its session (see
 * concord_workbook_begin_untracked_inserts()): ids first_id..last_id of
 * one table. At commit they and their versions rows are copied into the
 * connection's TEMP tables concord_undo_<serial> and
 * concord_undo_<serial>_versions: what the step wrote, to compare with
 * on undo and to put back on redo. */
typedef struct
{
  const char *table;   /* interned */
  gint64      first_id;
  gint64      last_id;
  guint       serial;
} UntrackedPart;

typedef struct
{
  char    *label;
  GBytes  *changeset;
  GArray  *parts;      /* UntrackedPart, in the order written; or NULL */
  sqlite3 *db;         /* where the parts' TEMP tables are, while open */
} HistoryEntry;

struct _ConcordWorkbook
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  gboolean       read_only;
  gboolean       one_thread; /* opened with CONCORD_OPEN_ONE_THREAD */
  char          *read_only_reason;
  /* passed every check of the open: only then may closing it stamp it
   * as trusted, or checkpoint its log into it */
  gboolean       checked;
  /* its log is live (open here or in another process), so the file was
   * checked on this connection instead of beforehand */
  gboolean       check_here;
  /* which file @path named when we opened it, to notice a replacement */
  dev_t          file_dev;
  ino_t          file_ino;
  int            schema_version;

  GHashTable    *statements;  /* sql text -> sqlite3_stmt */
  GHashTable    *columns;     /* table -> GStrv of columns */
  GStrv          tables;

  /* the open edit */
  guint          bulk_depth;
  sqlite3_session *session;
  char          *edit_label;
  guint          edit_depth;
  /* untracked inserts of the open edit: the parts ended so far, and the
   * open one's table (interned) and first id */
  GArray        *untracked;
  const char    *untracked_table;
  gint64         untracked_first;
  guint          untracked_serial;
  /* the open part's new accounts are left out of the bulk edit's dirty
   * ids, to be added by their range when it ends */
  gboolean       untracked_unindexed;
  /* every row of the open part came with its own live dot: none to stamp */
  gboolean       untracked_dotted;
  /* edits leave no undo step (a clone, whose history starts after it) */
  gboolean       no_history;
  /* counts outermost edits, so a guard ends only its own */
  guint64        edit_serial;
  /* a full disk or I/O error SQLite may already have rolled back for */
  int            edit_failure;

  GPtrArray     *undo_stack;  /* HistoryEntry, newest last */
  GPtrArray     *redo_stack;

  /* PRAGMA data_version when last looked at; 0 until then */
  gint64         data_version;

  /* statements stepped across main loop turns (lists loading their
   * ids): reader -> its finish function, called before a write */
  GHashTable    *readers;
};

/* Undo and redo of a step touching this many search rows replay in bulk. */
#define CONCORD_BULK_REPLAY_ROWS 256

/* concord-workbook.c */
gboolean  concord_workbook_refuse_if_replaced    (ConcordWorkbook  *self,
                                                  GError          **error);
gboolean  concord_workbook_refuse_if_edit_failed (ConcordWorkbook  *self,
                                                  GError          **error);
gboolean  concord_workbook_is_tracked_table      (const char       *name);
void      concord_workbook_set_not_found         (GError          **error,
                                                  const char       *table,
                                                  gint64            id);
void      concord_workbook_notify_history        (ConcordWorkbook  *self,
                                                  gboolean          could_undo,
                                                  gboolean          could_redo);

/* concord-workbook-trust.c */
char     *concord_trust_file_stamp               (const char       *path);
gboolean  concord_trust_is_trusted               (const char       *path);
void      concord_trust_remember                 (const char       *path,
                                                  gboolean          trusted);

/* concord-migrations.c */
char     *concord_migrations_resource_sql        (const char       *resource,
                                                  GError          **error);
gboolean  concord_migrations_exec_resource       (ConcordWorkbook  *self,
                                                  const char       *resource,
                                                  GError          **error);
gboolean  concord_migrations_check_schema        (ConcordWorkbook  *self,
                                                  GError          **error);
gboolean  concord_migrations_run                 (ConcordWorkbook  *self,
                                                  int               from_version,
                                                  GError          **error);
gboolean  concord_migrations_backup              (ConcordWorkbook  *self,
                                                  int               version,
                                                  GError          **error);

/* concord-workbook-edit.c */
gboolean  concord_workbook_refuse_if_read_only   (ConcordWorkbook  *self,
                                                  GError          **error);
void      concord_workbook_emit_changes          (ConcordWorkbook  *self,
                                                  GBytes           *changeset,
                                                  GArray           *parts);
char     *concord_untracked_copy_name            (const UntrackedPart *part,
                                                  gboolean          versions);

/* concord-workbook-write.c */
gboolean  concord_workbook_check_table           (ConcordWorkbook  *self,
                                                  const char       *table,
                                                  GError          **error);

/* concord-account-search.c */
gboolean  concord_account_search_suspend         (ConcordWorkbook  *self,
                                                  GError          **error);
gboolean  concord_account_search_resume          (ConcordWorkbook  *self,
                                                  GError          **error);
guint     concord_account_search_count_rows      (GBytes           *changeset);
gboolean  concord_account_search_hold_inserts    (ConcordWorkbook  *self,
                                                  const char       *table,
                                                  GError          **error);
gboolean  concord_account_search_mark_inserted   (ConcordWorkbook  *self,
                                                  GError          **error);

G_END_DECLS
