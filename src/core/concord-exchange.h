/* concord-exchange.h: JSON export, import and merge of workbooks */
#pragma once

#include <json-glib/json-glib.h>

#include "concord-json-writer.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_EXCHANGE_FORMAT   "concord-workbook"
#define CONCORD_EXCHANGE_VERSION  2
/* Longest text a document may carry in one field. */
#define CONCORD_EXCHANGE_MAX_TEXT (1024 * 1024)

typedef struct _ConcordSelection ConcordSelection;

ConcordSelection *concord_selection_new  (void);
void              concord_selection_free (ConcordSelection *self);
void              concord_selection_add  (ConcordSelection *self,
                                          const char       *table,
                                          gint64            id);
gboolean          concord_selection_is_empty (ConcordSelection *self);

JsonNode *concord_exchange_export         (ConcordWorkbook   *workbook,
                                           ConcordSelection  *selection,
                                           GError           **error);
char     *concord_exchange_export_data    (ConcordWorkbook   *workbook,
                                           ConcordSelection  *selection,
                                           gsize             *length,
                                           GError           **error);
gboolean  concord_exchange_export_file    (ConcordWorkbook   *workbook,
                                           ConcordSelection  *selection,
                                           const char        *path,
                                           GError           **error);

/* Called between tables with the share done (0..1). */
typedef void (*ConcordProgressFunc) (double fraction, gpointer user_data);

JsonNode *concord_exchange_export_full    (ConcordWorkbook     *workbook,
                                           ConcordSelection    *selection,
                                           GCancellable        *cancellable,
                                           ConcordProgressFunc  progress,
                                           gpointer             user_data,
                                           GError             **error);
/* The document in pieces of about 64 KB, as it is read. */
gboolean  concord_exchange_export_stream  (ConcordWorkbook      *workbook,
                                           ConcordSelection     *selection,
                                           ConcordJsonWriteFunc  write,
                                           gpointer              user_data,
                                           GError              **error);
gboolean  concord_exchange_export_file_full (ConcordWorkbook     *workbook,
                                            ConcordSelection    *selection,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            ConcordProgressFunc  progress,
                                            gpointer             user_data,
                                            GError             **error);
void      concord_exchange_mark_met       (ConcordWorkbook   *workbook,
                                           const char        *as_of);
gboolean  concord_exchange_write_node     (JsonNode          *root,
                                           const char        *path,
                                           GError           **error);

typedef enum
{
  CONCORD_RESOLVE_UNSET,
  CONCORD_RESOLVE_MINE,
  CONCORD_RESOLVE_THEIRS,
} ConcordResolution;

typedef enum
{
  CONCORD_CHANGE_FIELD,         /* a field both sides changed */
  CONCORD_CHANGE_DELETED_HERE,  /* deleted here, changed there */
  CONCORD_CHANGE_DELETED_THERE, /* changed here, deleted there */
} ConcordChange;

/* One field both sides changed since they last shared it (a conflict),
 * or one kept as it is here because ours is the newer (resolution MINE).
 * Conflicts with the same group belong together (agreed and agreed on,
 * start and end) and take one resolution. */
typedef struct
{
  const char        *table;  /* interned */
  char              *uuid;
  char              *label;  /* the record's name, for people */
  char              *field;  /* as in the document; "" for the record */
  char              *mine;   /* display text, as the editor shows it; NULL = empty or deleted */
  char              *theirs;
  ConcordResolution  resolution;
  ConcordChange      change;
  const char        *kind;        /* the kind of record, translated: "Glossary term" */
  char              *field_label; /* "Agreed on"; NULL for the record */
  char              *mine_by;     /* who made each side, when known */
  char              *theirs_by;
  guint              group;
  guint              position;    /* the field's place in its record */
} ConcordConflict;

typedef struct _ConcordMergePlan ConcordMergePlan;

ConcordMergePlan *concord_merge_plan_new_from_data (ConcordWorkbook  *workbook,
                                                    const char       *data,
                                                    gssize            length,
                                                    const char       *source_name,
                                                    GError          **error);
ConcordMergePlan *concord_merge_plan_new_from_file (ConcordWorkbook  *workbook,
                                                    const char       *path,
                                                    GError          **error);
ConcordMergePlan *concord_merge_plan_new_from_file_full (ConcordWorkbook      *workbook,
                                                         const char           *path,
                                                         GCancellable         *cancellable,
                                                         ConcordProgressFunc   progress,
                                                         gpointer              user_data,
                                                         GError              **error);
/* Hands over the next piece of a document in *@data and *@length (0 at
 * its end); FALSE, with @error set, stops the reading. */
typedef gboolean (*ConcordPieceFunc) (const char **data,
                                      gsize       *length,
                                      gpointer     user_data,
                                      GError     **error);
ConcordMergePlan *concord_merge_plan_new_from_pieces (ConcordWorkbook  *workbook,
                                                      ConcordPieceFunc  next,
                                                      gpointer          user_data,
                                                      const char       *source_name,
                                                      gboolean         *refused,
                                                      GError          **error);
void              concord_merge_plan_free          (ConcordMergePlan *self);
gboolean          concord_merge_plan_rebind        (ConcordMergePlan *self,
                                                    ConcordWorkbook  *workbook,
                                                    GError          **error);
guint             concord_merge_plan_get_n_added   (ConcordMergePlan *self);
guint             concord_merge_plan_get_n_updated (ConcordMergePlan *self);
guint             concord_merge_plan_get_n_unchanged (ConcordMergePlan *self);
guint             concord_merge_plan_get_n_kept    (ConcordMergePlan *self);
guint             concord_merge_plan_get_n_deleted (ConcordMergePlan *self);
GPtrArray        *concord_merge_plan_get_conflicts (ConcordMergePlan *self);
GPtrArray        *concord_merge_plan_get_kept      (ConcordMergePlan *self);
void              concord_merge_plan_resolve       (ConcordMergePlan *self,
                                                    guint             index,
                                                    ConcordResolution resolution);
void              concord_merge_plan_resolve_all   (ConcordMergePlan *self,
                                                    ConcordResolution resolution);
char             *concord_merge_plan_summary       (ConcordMergePlan *self);
char             *concord_conflict_describe        (const ConcordConflict *conflict);
void              concord_merge_plan_set_undoable  (ConcordMergePlan *self,
                                                    gboolean          undoable);
gboolean          concord_merge_plan_apply         (ConcordMergePlan *self,
                                                    GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordSelection, concord_selection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordMergePlan, concord_merge_plan_free)

G_END_DECLS
