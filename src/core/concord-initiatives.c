/* concord-initiatives.c
 *
 * Initiatives: validation with the offending field named, and the writes
 * the roadmap makes (create, edit, reschedule), each one undo step.
 */
#define G_LOG_DOMAIN "concord-initiatives"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "concord-initiatives.h"
#include "concord-maturity.h"
#include "concord-plans.h"
#include "concord-workbook-private.h"

static const char *const statuses[] = {
  "proposed", "active", "paused", "done", "cancelled", NULL
};

static const char *const status_labels[] = {
  N_("Proposed"), N_("Active"), N_("Paused"), N_("Done"), N_("Cancelled"),
};

static const char REFERENCE_SQL_DIMENSION[] = "SELECT 1 FROM maturity_dimensions WHERE id = ?1";
static const char REFERENCE_SQL_PERSON[] = "SELECT 1 FROM people WHERE id = ?1";
static const char REFERENCE_SQL_PLAN[] = "SELECT 1 FROM plans WHERE id = ?1";
static const char REFERENCE_SQL_PROCESS[] = "SELECT 1 FROM processes WHERE id = ?1";

const char * const *
concord_initiative_statuses (void)
{
  return statuses;
}

const char *
concord_initiative_status_label (const char *status)
{
  for (guint i = 0; statuses[i] != NULL; i++)
    if (g_strcmp0 (status, statuses[i]) == 0)
      return _(status_labels[i]);

  return status;
}

/* A value from the fields being written, or else from the stored row;
 * NULL means "no value" either way. */
static GVariant *
lookup_value (ConcordFields *fields,
              ConcordRecord *record,
              const char    *column,
              GVariant     **owned)
{
  GVariant *value = concord_fields_lookup (fields, column);

  *owned = NULL;

  if (value != NULL)
    return g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE) ? NULL : value;

  if (record == NULL || concord_record_is_null (record, column))
    return NULL;

  if (g_str_equal (column, "title") || g_str_equal (column, "status") ||
      g_str_equal (column, "start_on") || g_str_equal (column, "due_on"))
    *owned = g_variant_ref_sink (g_variant_new_string (concord_record_get_string (record, column)));
  else
    *owned = g_variant_ref_sink (g_variant_new_int64 (concord_record_get_int (record, column)));

  return *owned;
}

static gboolean
value_as_int (GVariant *value,
              gint64   *out)
{
  if (value == NULL)
    return FALSE;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    *out = g_variant_get_int64 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    *out = (gint64) g_variant_get_double (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_ascii_string_to_signed (g_variant_get_string (value, NULL), 10,
                                     G_MININT64, G_MAXINT64, out, NULL);
  else
    return FALSE;

  return TRUE;
}

static const char *
value_as_string (GVariant *value)
{
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return NULL;

  return g_variant_get_string (value, NULL);
}

static gboolean
fail (const char **bad_column,
      const char  *column,
      GError     **error,
      const char  *message)
{
  if (bad_column)
    *bad_column = column;
  g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID, message);

  return FALSE;
}

static gboolean
check_reference (ConcordWorkbook *workbook,
                 const char      *sql,
                 gint64           id)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}

gboolean
concord_initiative_validate (ConcordWorkbook *workbook,
                             gint64           existing_id,
                             ConcordFields   *fields,
                             const char     **bad_column,
                             GError         **error)
{
  static const struct
  {
    const char *column;
    const char *sql;
    const char *message;
  } references[] = {
    { "dimension_id", REFERENCE_SQL_DIMENSION, N_("The dimension no longer exists; choose another.") },
    { "owner_id", REFERENCE_SQL_PERSON, N_("The owner is not in the people directory; choose someone listed there.") },
    { "plan_id", REFERENCE_SQL_PLAN, N_("The linked plan no longer exists; choose another or none.") },
    { "process_id", REFERENCE_SQL_PROCESS, N_("The linked process no longer exists; choose another or none.") },
  };
  g_autoptr(ConcordRecord) record = NULL;
  g_autoptr(GVariant) owned_title = NULL;
  g_autoptr(GVariant) owned_from = NULL;
  g_autoptr(GVariant) owned_to = NULL;
  g_autoptr(GVariant) owned_start = NULL;
  g_autoptr(GVariant) owned_due = NULL;
  g_autoptr(GVariant) owned_status = NULL;
  g_autoptr(GVariant) owned_progress = NULL;
  const char *title, *start_on, *due_on, *status;
  GVariant *value;
  gint64 from_stage = 0, to_stage = 0, progress = 0;
  gboolean has_from, has_to;
  GDate start, due;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (bad_column)
    *bad_column = NULL;

  if (existing_id > 0)
    {
      record = concord_workbook_get_record (workbook, "initiatives", existing_id, error);
      if (record == NULL)
        return FALSE;
    }

  title = value_as_string (lookup_value (fields, record, "title", &owned_title));
  {
    g_autofree char *trimmed = g_strstrip (g_strdup (title ? title : ""));

    if (*trimmed == '\0')
      return fail (bad_column, "title", error, _("Give the initiative a title."));
  }
  if (g_utf8_strlen (title, -1) > 300)
    return fail (bad_column, "title", error, _("The title is longer than 300 characters; shorten it and put the detail in the description."));

  value = lookup_value (fields, record, "from_stage", &owned_from);
  has_from = value_as_int (value, &from_stage);
  if (value != NULL && (!has_from || from_stage < 1 || from_stage > CONCORD_MATURITY_N_STAGES))
    return fail (bad_column, "from_stage", error, _("The starting stage must be one of the four stages."));

  value = lookup_value (fields, record, "to_stage", &owned_to);
  has_to = value_as_int (value, &to_stage);
  if (value != NULL && (!has_to || to_stage < 1 || to_stage > CONCORD_MATURITY_N_STAGES))
    return fail (bad_column, "to_stage", error, _("The target stage must be one of the four stages."));

  if (has_from && has_to && to_stage <= from_stage)
    return fail (bad_column, "to_stage", error, _("An initiative moves a dimension up: the target stage must be above the starting stage."));

  start_on = value_as_string (lookup_value (fields, record, "start_on", &owned_start));
  due_on = value_as_string (lookup_value (fields, record, "due_on", &owned_due));

  if (start_on != NULL && !concord_date_parse (start_on, &start))
    return fail (bad_column, "start_on", error, _("The start date is not a date; write it as YYYY-MM-DD."));
  if (due_on != NULL && !concord_date_parse (due_on, &due))
    return fail (bad_column, "due_on", error, _("The due date is not a date; write it as YYYY-MM-DD."));
  if (start_on != NULL && due_on != NULL && g_date_compare (&due, &start) < 0)
    return fail (bad_column, "due_on", error, _("The due date is before the start date; move one of them."));

  status = value_as_string (lookup_value (fields, record, "status", &owned_status));
  if (status != NULL && !g_strv_contains (statuses, status))
    return fail (bad_column, "status", error, _("The status must be proposed, active, paused, done or cancelled."));

  value = lookup_value (fields, record, "progress", &owned_progress);
  if (value != NULL && (!value_as_int (value, &progress) || progress < 0 || progress > 100))
    return fail (bad_column, "progress", error, _("Progress runs from 0 to 100 per cent."));

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      gint64 id;

      value = concord_fields_lookup (fields, references[i].column);
      if (value_as_int (value, &id) && !check_reference (workbook, references[i].sql, id))
        return fail (bad_column, references[i].column, error, _(references[i].message));
    }

  return TRUE;
}

gint64
concord_initiative_create (ConcordWorkbook *workbook,
                           ConcordFields   *fields,
                           const char     **bad_column,
                           GError         **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  if (!concord_initiative_validate (workbook, 0, fields, bad_column, error))
    return 0;

  {
    g_autoptr(ConcordEdit) edit = concord_workbook_edit (workbook, _("Add Initiative"), error);
    gint64 id;

    if (edit == NULL)
      return 0;

    id = concord_workbook_insert (workbook, "initiatives", fields, error);
    if (id <= 0 || !concord_edit_commit (edit, error))
      return 0;

    return id;
  }
}

gboolean
concord_initiative_update (ConcordWorkbook *workbook,
                           gint64           id,
                           ConcordFields   *fields,
                           const char     **bad_column,
                           GError         **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (!concord_initiative_validate (workbook, id, fields, bad_column, error))
    return FALSE;

  {
    g_autoptr(ConcordEdit) edit = concord_workbook_edit (workbook, _("Edit Initiative"), error);

    if (edit == NULL || !concord_workbook_update (workbook, "initiatives", id, fields, error))
      return FALSE;

    return concord_edit_commit (edit, error);
  }
}

gboolean
concord_initiative_reschedule (ConcordWorkbook *workbook,
                               gint64           id,
                               const char      *start_on,
                               const char      *due_on,
                               GError         **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  concord_fields_set_string (fields, "start_on", start_on);
  concord_fields_set_string (fields, "due_on", due_on);

  if (!concord_initiative_validate (workbook, id, fields, NULL, error))
    return FALSE;

  {
    g_autoptr(ConcordEdit) edit = concord_workbook_edit (workbook, _("Reschedule Initiative"), error);

    if (edit == NULL || !concord_workbook_update (workbook, "initiatives", id, fields, error))
      return FALSE;

    return concord_edit_commit (edit, error);
  }
}

static const char MODEL_SQL[] =
  "SELECT i.id FROM initiatives i"
  "  LEFT JOIN maturity_dimensions d ON d.id = i.dimension_id"
  " WHERE ?1 IS NULL OR instr (lower (i.title), lower (?1)) > 0"
  "    OR instr (lower (coalesce (i.description, '')), lower (?1)) > 0"
  " ORDER BY d.position IS NULL, d.position, coalesce (i.start_on, i.due_on, '9999'), i.id";

ConcordQueryModel *
concord_initiative_model_new (ConcordWorkbook *workbook,
                              const char      *search)
{
  g_autoptr(ConcordQueryModel) model = NULL;
  g_autoptr(GPtrArray) params = g_ptr_array_new ();

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = concord_query_model_new (workbook, "initiatives");
  concord_query_model_watch (model, "maturity_dimensions");

  if (search != NULL && *search != '\0')
    g_ptr_array_add (params, g_variant_new_string (search));
  else
    g_ptr_array_add (params, g_variant_new_maybe (G_VARIANT_TYPE_STRING, NULL));

  concord_query_model_set_query (model, MODEL_SQL, params, NULL);

  return g_steal_pointer (&model);
}
