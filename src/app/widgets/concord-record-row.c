/* concord-record-row.c
 *
 * The item of a ConcordRecordSelection: a list view binds its row widget
 * to this object, and when a search puts another record at the same
 * position the row is pointed at that record instead of being replaced,
 * so the view keeps its widgets and only sets their text again.
 */
#define G_LOG_DOMAIN "concord-record-row"

#include "concord-record-row.h"

struct _ConcordRecordRow
{
  GObject        parent_instance;

  ConcordRecord *record;
  gulong         changed_handler;
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
  drop_record (CONCORD_RECORD_ROW (object));

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
      g_value_set_object (value, self->record);
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

ConcordRecordRow *
concord_record_row_new (ConcordRecord *record)
{
  ConcordRecordRow *self = g_object_new (CONCORD_TYPE_RECORD_ROW, NULL);

  concord_record_row_set_record (self, record);

  return self;
}

/**
 * concord_record_row_get_record:
 *
 * Returns: (transfer none) (nullable): the record shown at this position
 */
ConcordRecord *
concord_record_row_get_record (ConcordRecordRow *self)
{
  g_return_val_if_fail (CONCORD_IS_RECORD_ROW (self), NULL);

  return self->record;
}

/* Points the row at @record; says so only when it is another one. */
void
concord_record_row_set_record (ConcordRecordRow *self,
                               ConcordRecord    *record)
{
  g_return_if_fail (CONCORD_IS_RECORD_ROW (self));
  g_return_if_fail (record == NULL || CONCORD_IS_RECORD (record));

  if (self->record == record)
    return;

  drop_record (self);
  if (record != NULL)
    {
      self->record = g_object_ref (record);
      self->changed_handler = g_signal_connect_swapped (record, "changed", G_CALLBACK (on_record_changed), self);
    }

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
