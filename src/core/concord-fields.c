/* concord-fields.c
 *
 * Columns in the order they were set; setting a column twice replaces
 * its value. A NULL value is stored as a "maybe" variant with nothing.
 */
#define G_LOG_DOMAIN "concord-fields"

#include "concord-fields.h"

struct _ConcordFields
{
  GPtrArray *columns;
  GPtrArray *values;
};

ConcordFields *
concord_fields_new (void)
{
  ConcordFields *self = g_new0 (ConcordFields, 1);

  self->columns = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  return self;
}

ConcordFields *
concord_fields_copy (const ConcordFields *self)
{
  ConcordFields *copy = concord_fields_new ();

  g_return_val_if_fail (self != NULL, copy);

  for (guint i = 0; i < self->columns->len; i++)
    {
      g_ptr_array_add (copy->columns, g_strdup (g_ptr_array_index (self->columns, i)));
      g_ptr_array_add (copy->values, g_variant_ref (g_ptr_array_index (self->values, i)));
    }

  return copy;
}

void
concord_fields_free (ConcordFields *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->columns);
  g_ptr_array_unref (self->values);
  g_free (self);
}

static void
concord_fields_take (ConcordFields *self,
                     const char    *column,
                     GVariant      *value)
{
  g_assert (self != NULL);
  g_assert (column != NULL);

  g_variant_ref_sink (value);

  for (guint i = 0; i < self->columns->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->columns, i), column))
        {
          g_variant_unref (g_ptr_array_index (self->values, i));
          g_ptr_array_index (self->values, i) = value;
          return;
        }
    }

  g_ptr_array_add (self->columns, g_strdup (column));
  g_ptr_array_add (self->values, value);
}

void
concord_fields_set_string (ConcordFields *self,
                           const char    *column,
                           const char    *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column != NULL);

  if (value == NULL)
    concord_fields_set_null (self, column);
  else
    concord_fields_take (self, column, g_variant_new_string (value));
}

void
concord_fields_set_int (ConcordFields *self,
                        const char    *column,
                        gint64         value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column != NULL);

  concord_fields_take (self, column, g_variant_new_int64 (value));
}

void
concord_fields_set_double (ConcordFields *self,
                           const char    *column,
                           double         value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column != NULL);

  concord_fields_take (self, column, g_variant_new_double (value));
}

void
concord_fields_set_null (ConcordFields *self,
                         const char    *column)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column != NULL);

  concord_fields_take (self, column, g_variant_new_maybe (G_VARIANT_TYPE_STRING, NULL));
}

/* An id of 0 or less means "no reference". */
void
concord_fields_set_id (ConcordFields *self,
                       const char    *column,
                       gint64         id)
{
  if (id > 0)
    concord_fields_set_int (self, column, id);
  else
    concord_fields_set_null (self, column);
}

guint
concord_fields_get_size (const ConcordFields *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->columns->len;
}

const char *
concord_fields_get_column (const ConcordFields *self,
                           guint                index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->columns->len, NULL);

  return g_ptr_array_index (self->columns, index);
}

GVariant *
concord_fields_get_value (const ConcordFields *self,
                          guint                index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->values->len, NULL);

  return g_ptr_array_index (self->values, index);
}

GVariant *
concord_fields_lookup (const ConcordFields *self,
                       const char          *column)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->columns->len; i++)
    if (g_str_equal (g_ptr_array_index (self->columns, i), column))
      return g_ptr_array_index (self->values, i);

  return NULL;
}
