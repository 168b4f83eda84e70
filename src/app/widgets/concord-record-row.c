/* concord-record-row.c
 *
 * The item of a ConcordRecordSelection: a list view binds its row widget
 * to this object, and when a search puts another record at the same
 * position the row is pointed at that record instead of being replaced,
 * so the view keeps its widgets and only sets their text again.
 *
 * A row pointed at an id reads its record only when asked: a search
 * points every row a view keeps (a few hundred) at another account, and
 * the view asks only for those it shows; the others wait for the view's
 * idle rounds.
 */
#define G_LOG_DOMAIN "concord-record-row"

#include "concord-record-row.h"

struct _ConcordRecordRow
{
  GObject            parent_instance;

  ConcordRecord     *record;
  gulong             changed_handler;
  ConcordQueryModel *model;   /* where to read the record of @id */
  gint64             id;      /* the record shown, read or not */
};

G_DEFINE_FINAL_TYPE (ConcordRecordRow, concord_record_row, G_TYPE_OBJECT)

enum { PROP_0, PROP_RECORD, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_record_changed (ConcordRecordRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
drop_record (ConcordRecordRow *self)
{
  if (self->record == NULL)
    return;

  g_clear_signal_handler (&self->changed_handler, self->record);
  g_clear_object (&self->record);
}

static void
concord_record_row_dispose (GObject *object)
{
  ConcordRecordRow *self = CONCORD_RECORD_ROW (object);

  drop_record (self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (concord_record_row_parent_class)->dispose (object);
}

static void
concord_record_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ConcordRecordRow *self = CONCORD_RECORD_ROW (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, concord_record_row_get_record (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_record_row_class_init (ConcordRecordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = concord_record_row_dispose;
  object_class->get_property = concord_record_row_get_property;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, CONCORD_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
concord_record_row_init (ConcordRecordRow *self)
{
}

/* The row of @id in @model, its record read when first asked for. */
ConcordRecordRow *
concord_record_row_new (ConcordQueryModel *model,
                        gint64             id)
{
  ConcordRecordRow *self;

  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (model), NULL);

  self = g_object_new (CONCORD_TYPE_RECORD_ROW, NULL);
  self->model = g_object_ref (model);
  self->id = id;

  return self;
}

/**
 * concord_record_row_get_record:
 *
 * Reads the record when this is the first time it is asked for.
 *
 * Returns: (transfer none) (nullable): the record shown at this position
 */
ConcordRecord *
concord_record_row_get_record (ConcordRecordRow *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD_ROW (self), NULL);

  if (self->record == NULL && self->id != 0)
    {
      self->record = concord_query_model_get_record (self->model, self->id);
      if (self->record != NULL)
        self->changed_handler = g_signal_connect_swapped (self->record, "changed",
                                                          G_CALLBACK (on_record_changed), self);
    }

  return self->record;
}

/* The id of the record shown, read or not. */
gint64
concord_record_row_get_id (ConcordRecordRow *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD_ROW (self), 0);

  return self->id;
}

/* Points the row at the record of @id, read when asked for; says so only
 * when it is another one. */
void
concord_record_row_set_id (ConcordRecordRow *self,
                           gint64            id)
{
  g_return_if_fail (CONCORD_IS_RECORD_ROW (self));

  if (self->id == id)
    return;

  drop_record (self);
  self->id = id;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Says the row reads differently, though its record is the same. */
void
concord_record_row_changed (ConcordRecordRow *self)
{
  g_return_if_fail (CONCORD_IS_RECORD_ROW (self));

  g_signal_emit (self, signals[CHANGED], 0);
}
