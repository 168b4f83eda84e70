/* concord-people.h: the directory every owner field points to
 *
 * Also home of concord_lookup_model_new(), the ordered list of any table's
 * rows that ConcordRecordDropDown (used by every area) shows.
 */
#pragma once

#include "concord-query-model.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

/* How many records name @person_id as owner, lead or role holder, over
 * every owner column of the schema. */
gint64             concord_people_count_owned_items (ConcordWorkbook *workbook,
                                                     gint64           person_id,
                                                     GError         **error);
/* Deletes @person_id in one undo step. Their items pass to @reassign_to_id,
 * or are left without an owner when it is 0. */
gboolean           concord_people_delete           (ConcordWorkbook *workbook,
                                                    gint64           person_id,
                                                    gint64           reassign_to_id,
                                                    GError         **error);
/* Validates and writes a person; @person_id 0 adds one. Returns the id. */
gint64             concord_people_save             (ConcordWorkbook *workbook,
                                                    gint64           person_id,
                                                    const char      *name,
                                                    gint64           team_id,
                                                    const char      *title,
                                                    const char      *email,
                                                    GError         **error);
gboolean           concord_people_check_email      (const char      *email,
                                                    GError         **error);
/* Adds a team the user names (or finds it when it exists). */
gint64             concord_people_add_team         (ConcordWorkbook *workbook,
                                                    const char      *name,
                                                    GError         **error);

/* People ordered by name, narrowed to those matching @search (name, title,
 * email or team); NULL or "" lists everyone. */
ConcordQueryModel *concord_people_model_new        (ConcordWorkbook *workbook);
gboolean           concord_people_model_set_search (ConcordQueryModel *model,
                                                    const char        *search,
                                                    GError           **error);
/* "Name (Team)", or the name alone when the person has no team. */
char              *concord_people_dup_label        (ConcordWorkbook *workbook,
                                                    gint64           person_id);

/* How a record of @table is named where it is picked: people with their
 * team, process stages with their process ("Lead management — MQL").
 * NULL for other tables, which are named by their label column. */
char              *concord_lookup_dup_label        (ConcordWorkbook *workbook,
                                                    const char      *table,
                                                    gint64           id);

/* Every row of @table ordered by @label_column, case-insensitive (process
 * stages: by process, then in their order). The
 * table and column must exist; they are checked, never pasted blind. */
ConcordQueryModel *concord_lookup_model_new        (ConcordWorkbook *workbook,
                                                    const char      *table,
                                                    const char      *label_column,
                                                    GError         **error);

/* "%text%" for LIKE … ESCAPE '!', with %, _ and ! in @text escaped. */
char              *concord_like_pattern            (const char      *text);

G_END_DECLS
