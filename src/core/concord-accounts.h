/* concord-accounts.h: the rules of account-based marketing */
#pragma once

#include "concord-query-model.h"
#include "concord-values.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

/* Coverage ------------------------------------------------------------- */

typedef struct
{
  gint64  account_id;
  char   *account_name;
  char   *message;      /* translated: what is missing and why it matters */
  const char *code;     /* stable, for machines: "account/no-champion" */
} ConcordCoverageWarning;

void       concord_coverage_warning_free      (ConcordCoverageWarning *w);
/* Every gap in account coverage, strategic accounts first: a 1:1 account
 * without a champion or an economic buyer, an account without a marketing
 * owner, an active account without a touch in the last 30 days.
 * (element-type ConcordCoverageWarning) */
GPtrArray *concord_accounts_coverage_warnings (ConcordWorkbook *workbook,
                                               GError         **error);
/* The same, for one account. */
GPtrArray *concord_accounts_account_warnings  (ConcordWorkbook *workbook,
                                               gint64           account_id,
                                               GError         **error);

/* The coverage warnings as findings of `concord-cli check`. */
gboolean   concord_accounts_check             (ConcordWorkbook *workbook,
                                               GPtrArray       *findings,
                                               GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordCoverageWarning, concord_coverage_warning_free)

/* Choices -------------------------------------------------------------- */

typedef enum
{
  CONCORD_CHOICE_TIER,
  CONCORD_CHOICE_STAGE,
  CONCORD_CHOICE_ROLE,
  CONCORD_CHOICE_INFLUENCE,
  CONCORD_CHOICE_SENTIMENT,
  CONCORD_CHOICE_CHANNEL,
  CONCORD_CHOICE_TEAM,
} ConcordChoiceKind;

const ConcordChoice *concord_accounts_choices     (ConcordChoiceKind kind,
                                                   guint            *n_choices);
/* The translated label of a stored value, or the value itself. */
const char          *concord_accounts_choice_label (ConcordChoiceKind kind,
                                                    const char       *id);
int                  concord_accounts_choice_index (ConcordChoiceKind kind,
                                                    const char       *id);

/* Edits ---------------------------------------------------------------- */

/* Checks values for "accounts", "contacts" or "touches" before they are
 * written; the message names the field and says what is allowed. */
gboolean concord_accounts_validate         (const char      *table,
                                            ConcordFields   *fields,
                                            GError         **error);

gint64   concord_accounts_create           (ConcordWorkbook *workbook,
                                            ConcordFields   *fields,
                                            GError         **error);
/* One undo step; a stage change is recorded in account_stage_changes with
 * today's date in the same edit. */
gboolean concord_accounts_update           (ConcordWorkbook *workbook,
                                            gint64           account_id,
                                            ConcordFields   *fields,
                                            GError         **error);
/* The same change to many accounts, as one undo step. */
gboolean concord_accounts_update_many      (ConcordWorkbook *workbook,
                                            const gint64    *ids,
                                            guint            n_ids,
                                            ConcordFields   *fields,
                                            GError         **error);
gboolean concord_accounts_delete_many      (ConcordWorkbook *workbook,
                                            const gint64    *ids,
                                            guint            n_ids,
                                            GError         **error);

gint64   concord_accounts_add_contact      (ConcordWorkbook *workbook,
                                            gint64           account_id,
                                            ConcordFields   *fields,
                                            GError         **error);
gboolean concord_accounts_update_contact   (ConcordWorkbook *workbook,
                                            gint64           contact_id,
                                            ConcordFields   *fields,
                                            GError         **error);
gboolean concord_accounts_delete_contact   (ConcordWorkbook *workbook,
                                            gint64           contact_id,
                                            GError         **error);

/* Touches keep accounts.last_touch_on current in the same edit. */
gint64   concord_accounts_add_touch        (ConcordWorkbook *workbook,
                                            gint64           account_id,
                                            ConcordFields   *fields,
                                            GError         **error);
gboolean concord_accounts_update_touch     (ConcordWorkbook *workbook,
                                            gint64           touch_id,
                                            ConcordFields   *fields,
                                            GError         **error);
gboolean concord_accounts_delete_touch     (ConcordWorkbook *workbook,
                                            gint64           touch_id,
                                            GError         **error);

/* For core modules, inside an open edit and before the stage itself is
 * written: records a change to @new_stage dated today, when it is one. */
gboolean concord_accounts_record_stage_change (ConcordWorkbook *workbook,
                                               gint64           account_id,
                                               const char      *new_stage,
                                               GError         **error);
/* For core modules: a new account that starts beyond "target" counts as
 * reaching its stage today. */
gboolean concord_accounts_record_initial_stage (ConcordWorkbook *workbook,
                                                gint64           account_id,
                                                const char      *stage,
                                                GError         **error);

/* The list ------------------------------------------------------------- */

typedef enum
{
  CONCORD_ACCOUNT_SORT_NAME,
  CONCORD_ACCOUNT_SORT_DOMAIN,
  CONCORD_ACCOUNT_SORT_TIER,
  CONCORD_ACCOUNT_SORT_STAGE,
  CONCORD_ACCOUNT_SORT_FIT,
  CONCORD_ACCOUNT_SORT_ENGAGEMENT,
  CONCORD_ACCOUNT_SORT_PIPELINE,
  CONCORD_ACCOUNT_SORT_SALES_OWNER,
  CONCORD_ACCOUNT_SORT_MARKETING_OWNER,
  CONCORD_ACCOUNT_SORT_LAST_TOUCH,
  CONCORD_ACCOUNT_N_SORTS
} ConcordAccountSort;

typedef struct
{
  const char         *tier;      /* NULL: any */
  const char         *stage;     /* NULL: any */
  gint64              owner_id;  /* 0: any; else sales or marketing owner */
  const char         *search;    /* NULL or "": no search */
  ConcordAccountSort  sort;
  gboolean            descending;
} ConcordAccountFilter;

/* A lazy model of accounts that follows the tables the list shows or
 * searches (accounts, contacts, people). */
ConcordQueryModel *concord_accounts_model_new (ConcordWorkbook *workbook);

/* The buying committee (primary first, then by name), the touches (newest
 * first) and the plans an account is linked to, following edits. */
ConcordQueryModel *concord_accounts_contacts_model_new (ConcordWorkbook *workbook,
                                                        gint64           account_id);
ConcordQueryModel *concord_accounts_touches_model_new  (ConcordWorkbook *workbook,
                                                        gint64           account_id);
ConcordQueryModel *concord_accounts_plans_model_new    (ConcordWorkbook *workbook,
                                                        gint64           account_id);

/* Points @model (over "accounts") at the accounts @filter selects, sorted
 * and filtered in SQL; search goes through the accounts_fts index. */
gboolean concord_accounts_apply_filter     (ConcordQueryModel          *model,
                                            const ConcordAccountFilter *filter,
                                            GError                    **error);
/* The ids the filter selects, in order (for export). */
GArray  *concord_accounts_filter_ids       (ConcordWorkbook            *workbook,
                                            const ConcordAccountFilter *filter,
                                            GError                    **error);
/* An FTS5 query for what a user typed: each word a prefix, all required.
 * NULL when nothing searchable is left. */
char    *concord_accounts_fts_query        (const char *text);

/* Exports the accounts @filter selects (all when NULL) as CSV, with
 * formula-like cells neutralised. */
GBytes  *concord_accounts_export_csv       (ConcordWorkbook            *workbook,
                                            const ConcordAccountFilter *filter,
                                            GError                    **error);

/* Money is stored in minor units (cents); concord-values.h reads and
 * writes it. */
/* Today's date, YYYY-MM-DD, in local time. */

G_END_DECLS
