/* concord-account-import.h: accounts and contacts from CRM CSV exports */
#pragma once

#include "concord-csv.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

typedef enum
{
  CONCORD_IMPORT_ACCOUNTS,
  CONCORD_IMPORT_CONTACTS,
} ConcordImportKind;

typedef enum
{
  CONCORD_DUPLICATE_UPDATE, /* fill the existing record from the file */
  CONCORD_DUPLICATE_SKIP,   /* keep the existing record as it is */
  CONCORD_DUPLICATE_CREATE, /* add a second record anyway */
  CONCORD_DUPLICATE_FILL,   /* fill only the existing record's empty fields */
} ConcordDuplicateMode;

typedef struct
{
  const char *id;     /* "domain"; what --map COLUMN=FIELD names */
  const char *label;  /* untranslated, pass through _() */
} ConcordImportField;

typedef struct
{
  guint  line;
  char  *reason;   /* translated, names the column */
} ConcordImportProblem;

#define CONCORD_TYPE_ACCOUNT_IMPORT (concord_account_import_get_type ())

G_DECLARE_FINAL_TYPE (ConcordAccountImport, concord_account_import, CONCORD, ACCOUNT_IMPORT, GObject)

/* The fields a column can fill, for @kind. */
const ConcordImportField *concord_account_import_fields (ConcordImportKind  kind,
                                                         guint             *n_fields);
/* The field HubSpot's or Salesforce's name for a column means, or NULL. */
const char *concord_account_import_guess_field (ConcordImportKind  kind,
                                                const char        *header);
gboolean    concord_account_import_parse_kind  (const char        *text,
                                                ConcordImportKind *kind);
gboolean    concord_account_import_parse_duplicate_mode (const char           *text,
                                                         ConcordDuplicateMode *mode);

/* Reads the header and guesses a field for every column it knows. */
ConcordAccountImport *concord_account_import_new          (ConcordWorkbook      *workbook,
                                                           ConcordImportKind     kind,
                                                           GBytes               *csv,
                                                           GError              **error);
ConcordAccountImport *concord_account_import_new_for_path (ConcordWorkbook      *workbook,
                                                           ConcordImportKind     kind,
                                                           const char           *path,
                                                           GError              **error);
/* The same, with the file read in @encoding (NULL: UTF-8, see
 * concord_csv_reader_new_with_encoding()). */
ConcordAccountImport *concord_account_import_new_full     (ConcordWorkbook      *workbook,
                                                           ConcordImportKind     kind,
                                                           GBytes               *csv,
                                                           const char           *encoding,
                                                           GError              **error);
ConcordAccountImport *concord_account_import_new_for_path_full (ConcordWorkbook  *workbook,
                                                                ConcordImportKind kind,
                                                                const char       *path,
                                                                const char       *encoding,
                                                                GError          **error);
/* The CRM the file comes from, guessed from its headers ("hubspot",
 * "salesforce", "pipedrive", or "csv"): stored with each record id, which
 * a re-import matches on first. */
const char  *concord_account_import_get_source_system  (ConcordAccountImport *self);
gboolean     concord_account_import_set_source_system  (ConcordAccountImport *self,
                                                        const char           *system,
                                                        GError              **error);
/* How the file writes numbers and dates, guessed from its first rows,
 * translated for the preview ("The file writes numbers as 1.234,56, …");
 * NULL when it shows no sign of either. Amounts are read that way. */
char        *concord_account_import_dup_conventions    (ConcordAccountImport *self);
/* The encoding the file was read in: "UTF-8", "WINDOWS-1252", … */
const char  *concord_account_import_get_encoding       (ConcordAccountImport *self);

ConcordImportKind concord_account_import_get_kind      (ConcordAccountImport *self);
guint        concord_account_import_get_n_columns      (ConcordAccountImport *self);
const char  *concord_account_import_get_header         (ConcordAccountImport *self,
                                                        guint                 column);
/* The field a column fills, or NULL when it is left out. */
const char  *concord_account_import_get_mapping        (ConcordAccountImport *self,
                                                        guint                 column);
gboolean     concord_account_import_set_mapping        (ConcordAccountImport *self,
                                                        guint                 column,
                                                        const char           *field,
                                                        GError              **error);
/* For --map: @column is a header name; @field "" or "-" leaves it out. */
gboolean     concord_account_import_map_column         (ConcordAccountImport *self,
                                                        const char           *column,
                                                        const char           *field,
                                                        GError              **error);
/* Up to @n_rows data rows (element-type GPtrArray of utf8) for a preview. */
GPtrArray   *concord_account_import_preview            (ConcordAccountImport *self,
                                                        guint                 n_rows);
void         concord_account_import_set_duplicate_mode (ConcordAccountImport *self,
                                                        ConcordDuplicateMode  mode);
/* With TRUE, rows with problems are left out and the rest is saved; with
 * FALSE (the default) one rejected row means nothing is saved. */
void         concord_account_import_set_skip_rejected  (ConcordAccountImport *self,
                                                        gboolean              skip);

/* Stepping, for a caller that must not block (the app runs a few hundred
 * rows per main loop iteration); everything between begin and commit is
 * one transaction and one undo step. */
gboolean     concord_account_import_begin              (ConcordAccountImport *self,
                                                        GError              **error);
/* Imports up to @max_rows rows; FALSE when the file is done or on error. */
gboolean     concord_account_import_step               (ConcordAccountImport *self,
                                                        guint                 max_rows,
                                                        GError              **error);
gboolean     concord_account_import_commit             (ConcordAccountImport *self,
                                                        GError              **error);
/* Drops everything imported since begin. */
void         concord_account_import_cancel             (ConcordAccountImport *self);
double       concord_account_import_get_fraction       (ConcordAccountImport *self);

/* begin, step until done or cancelled, commit: for the CLI and benchmarks. */
gboolean     concord_account_import_run                (ConcordAccountImport *self,
                                                        GCancellable         *cancellable,
                                                        GError              **error);

guint        concord_account_import_get_n_rows         (ConcordAccountImport *self);
guint        concord_account_import_get_n_created      (ConcordAccountImport *self);
guint        concord_account_import_get_n_updated      (ConcordAccountImport *self);
guint        concord_account_import_get_n_skipped      (ConcordAccountImport *self);
guint        concord_account_import_get_n_rejected     (ConcordAccountImport *self);
/* Accounts a contact import added for companies it did not know. */
guint        concord_account_import_get_n_new_accounts (ConcordAccountImport *self);
/* Filled fields that updates gave another value (only
 * CONCORD_DUPLICATE_UPDATE changes filled fields). */
guint        concord_account_import_get_n_overwritten  (ConcordAccountImport *self);
/* (element-type utf8): owners the import added to People. */
GPtrArray   *concord_account_import_get_new_people     (ConcordAccountImport *self);
/* The whole import, then undone: for a preview, the counts, problems and
 * warnings are what importing would do now. */
gboolean     concord_account_import_count              (ConcordAccountImport *self,
                                                        GError              **error);
/* The same in steps: begin, step until done, then this instead of commit. */
void         concord_account_import_end_count          (ConcordAccountImport *self);
/* (element-type ConcordImportProblem): rejected rows, then warnings. */
GPtrArray   *concord_account_import_get_problems       (ConcordAccountImport *self);
GPtrArray   *concord_account_import_get_warnings       (ConcordAccountImport *self);
/* "12 added, 3 updated, 1 skipped, 2 rejected", translated. */
char        *concord_account_import_dup_summary        (ConcordAccountImport *self);

G_END_DECLS
