/* concord-page.c
 *
 * A page holds one workbook and shows one area of it. Errors and toasts go
 * up to the window through its actions, so pages never reach into it.
 */
#define G_LOG_DOMAIN "concord-page"

#include "concord-form.h"
#include "concord-page.h"

typedef struct
{
  ConcordWorkbook *workbook;
} ConcordPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (ConcordPage, concord_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_WORKBOOK, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
concord_page_dispose (GObject *object)
{
  ConcordPage *self = (ConcordPage *) object;
  ConcordPagePrivate *priv = concord_page_get_instance_private (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&priv->workbook);

  G_OBJECT_CLASS (concord_page_parent_class)->dispose (object);
}

static void
concord_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ConcordPage *self = CONCORD_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      g_value_set_object (value, concord_page_get_workbook (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ConcordPage *self = CONCORD_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      concord_page_set_workbook (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_page_class_init (ConcordPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_page_dispose;
  object_class->get_property = concord_page_get_property;
  object_class->set_property = concord_page_set_property;

  properties[PROP_WORKBOOK] =
    g_param_spec_object ("workbook", NULL, NULL, CONCORD_TYPE_WORKBOOK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
concord_page_init (ConcordPage *self)
{
}

ConcordWorkbook *
concord_page_get_workbook (ConcordPage *self)
{
  ConcordPagePrivate *priv = concord_page_get_instance_private (self);

  g_return_val_if_fail (CONCORD_IS_PAGE (self), NULL);

  return priv->workbook;
}

void
concord_page_set_workbook (ConcordPage     *self,
                           ConcordWorkbook *workbook)
{
  ConcordPagePrivate *priv = concord_page_get_instance_private (self);

  g_return_if_fail (CONCORD_IS_PAGE (self));
  g_return_if_fail (workbook == NULL || CONCORD_IS_WORKBOOK (workbook));

  if (priv->workbook == workbook)
    return;

  /* What the user typed belongs to the workbook it was typed in. */
  if (priv->workbook != NULL)
    concord_form_leave_record (GTK_WIDGET (self));
  g_set_object (&priv->workbook, workbook);

  if (CONCORD_PAGE_GET_CLASS (self)->workbook_changed != NULL)
    CONCORD_PAGE_GET_CLASS (self)->workbook_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKBOOK]);
}

gboolean
concord_page_can_search (ConcordPage *self)
{
  g_return_val_if_fail (CONCORD_IS_PAGE (self), FALSE);

  return CONCORD_PAGE_GET_CLASS (self)->start_search != NULL;
}

gboolean
concord_page_start_search (ConcordPage *self)
{
  g_return_val_if_fail (CONCORD_IS_PAGE (self), FALSE);

  if (CONCORD_PAGE_GET_CLASS (self)->start_search == NULL)
    return FALSE;

  return CONCORD_PAGE_GET_CLASS (self)->start_search (self);
}

/* TRUE when there is a workbook and it may be written. */
gboolean
concord_page_is_editable (ConcordPage *self)
{
  ConcordPagePrivate *priv = concord_page_get_instance_private (self);

  g_return_val_if_fail (CONCORD_IS_PAGE (self), FALSE);

  return priv->workbook != NULL && !concord_workbook_get_read_only (priv->workbook);
}

void
concord_page_report_error (ConcordPage  *self,
                           const GError *error)
{
  g_return_if_fail (CONCORD_IS_PAGE (self));
  g_return_if_fail (error != NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", error->message);
}

void
concord_page_toast (ConcordPage *self,
                    const char  *message)
{
  g_return_if_fail (CONCORD_IS_PAGE (self));
  g_return_if_fail (message != NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}
