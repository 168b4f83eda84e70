/* concord-page.c
 *
 * A page holds one workbook and shows one area of it. Errors and toasts go
 * up to the window through its actions, so pages never reach into it.
 *
 * ConcordRefresh is how a page, or a widget inside one, follows the store
 * without paying for edits made while it is off screen.
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

  if (priv->workbook != NULL)
    g_signal_handlers_disconnect_by_data (priv->workbook, self);

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

  /* What the user typed belongs to the workbook it was typed in. The
   * page then lets go of every signal it holds on that workbook, so a
   * workbook something else keeps alive no longer wakes it. */
  if (priv->workbook != NULL)
    {
      concord_form_leave_record (GTK_WIDGET (self));
      g_signal_handlers_disconnect_by_data (priv->workbook, self);
    }
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

/* ---- refreshing only what is on screen ----------------------------------- */

struct _ConcordRefresh
{
  GtkWidget          *widget;     /* weak: the one whose being on screen counts */
  gulong              map_id;
  int                 priority;
  ConcordRefreshFunc  func;
  gpointer            user_data;
  guint               idle_id;
  /* The store changed while the widget was not on screen. */
  gboolean            stale;
};

static gboolean
refresh_idle (gpointer data)
{
  ConcordRefresh *refresh = data;

  refresh->idle_id = 0;
  /* Left the screen since the change: wait until it comes back. */
  if (gtk_widget_get_mapped (refresh->widget))
    concord_refresh_now (refresh);
  else
    refresh->stale = TRUE;

  return G_SOURCE_REMOVE;
}

/* Mapping happens as the page or view is switched to, before the frame
 * that shows it, so that frame already has the new figures. */
static void
on_map (GtkWidget      *widget,
        ConcordRefresh *refresh)
{
  if (refresh->stale)
    concord_refresh_now (refresh);
}

/**
 * concord_refresh_new:
 * @widget: the widget that must be on screen for a refresh to be worth it
 * @priority: of the idle that gathers the changes of one edit into one
 *   refresh, or %CONCORD_REFRESH_AT_ONCE
 * @func: does the refresh
 * @user_data: for @func
 *
 * Free it before @widget is disposed.
 */
ConcordRefresh *
concord_refresh_new (GtkWidget          *widget,
                     int                 priority,
                     ConcordRefreshFunc  func,
                     gpointer            user_data)
{
  ConcordRefresh *refresh;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  refresh = g_new0 (ConcordRefresh, 1);
  refresh->widget = widget;
  refresh->priority = priority;
  refresh->func = func;
  refresh->user_data = user_data;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &refresh->widget);
  refresh->map_id = g_signal_connect (widget, "map", G_CALLBACK (on_map), refresh);

  return refresh;
}

/* The store changed: refresh now or when idle if on screen, else later. */
void
concord_refresh_queue (ConcordRefresh *refresh)
{
  g_return_if_fail (refresh != NULL);

  if (refresh->widget == NULL)
    return;

  if (!gtk_widget_get_mapped (refresh->widget))
    refresh->stale = TRUE;
  else if (refresh->priority == CONCORD_REFRESH_AT_ONCE)
    concord_refresh_now (refresh);
  else if (refresh->idle_id == 0)
    refresh->idle_id = g_idle_add_full (refresh->priority, refresh_idle, refresh, NULL);
}

/* Refreshes at once, on screen or not, and forgets what was pending. */
void
concord_refresh_now (ConcordRefresh *refresh)
{
  g_return_if_fail (refresh != NULL);

  g_clear_handle_id (&refresh->idle_id, g_source_remove);
  refresh->stale = FALSE;
  refresh->func (refresh->user_data);
}

/* TRUE while a change waits for the widget to be shown. */
gboolean
concord_refresh_is_stale (ConcordRefresh *refresh)
{
  g_return_val_if_fail (refresh != NULL, FALSE);

  return refresh->stale;
}

void
concord_refresh_free (ConcordRefresh *refresh)
{
  if (refresh == NULL)
    return;

  g_clear_handle_id (&refresh->idle_id, g_source_remove);
  if (refresh->widget != NULL)
    {
      g_clear_signal_handler (&refresh->map_id, refresh->widget);
      g_object_remove_weak_pointer (G_OBJECT (refresh->widget), (gpointer *) &refresh->widget);
    }
  g_free (refresh);
}
