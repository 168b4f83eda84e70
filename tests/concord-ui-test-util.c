/* concord-ui-test-util.c: what the widget tests share */
#include "config.h"

#include "concord-ui-test-util.h"

void
test_spin (void)
{
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static gboolean
frame_ticked (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
frame_timed_out (gpointer user_data)
{
  g_error ("No frame was drawn within ten seconds.");

  return G_SOURCE_REMOVE;
}

void
test_wait_for_frame (GtkWidget *widget)
{
  gboolean ticked = FALSE;
  guint timeout;

  g_assert_true (gtk_widget_get_mapped (widget));

  /* A tick callback runs in the frame's update phase; layout and paint
   * follow in the same dispatch, so once it ran the frame is complete. */
  timeout = g_timeout_add_seconds (10, frame_timed_out, NULL);
  gtk_widget_add_tick_callback (widget, frame_ticked, &ticked, NULL);
  gtk_widget_queue_draw (widget);
  while (!ticked)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  test_spin ();
}

GtkWidget *
test_find_label (GtkWidget  *root,
                 const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = test_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
test_find_row (GtkWidget  *root,
               GType       type,
               const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;

      if ((found = test_find_row (child, type, title)) != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
test_find_actionable (GtkWidget  *root,
                      const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = test_find_actionable (child, action)) != NULL)
        return found;
    }

  return NULL;
}

gboolean
test_action_can_be_pressed (GtkWidget  *root,
                            const char *action)
{
  GtkWidget *widget = test_find_actionable (root, action);

  g_assert_nonnull (widget);

  return gtk_widget_is_sensitive (widget);
}
