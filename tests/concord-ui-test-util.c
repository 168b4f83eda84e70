/* concord-ui-test-util.c: what the widget tests share */
#include "config.h"

#include "concord-ui-test-util.h"

#include "concord-page.h"

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

ConcordWindow *
test_present_window (ConcordWorkbook *workbook)
{
  ConcordWindow *window = concord_window_new (NULL);

  concord_window_set_workbook (window, workbook);
  gtk_window_present (GTK_WINDOW (window));
  test_spin ();

  return window;
}

void
test_destroy_window (gpointer window)
{
  g_assert_true (GTK_IS_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin ();
}

GtkWidget *
test_present_page (GType             type,
                   ConcordWorkbook  *workbook,
                   int               width,
                   int               height,
                   GtkWindow       **window)
{
  GtkWidget *page = g_object_new (type, NULL);

  g_assert_true (CONCORD_IS_PAGE (page));

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, width, height);
  gtk_window_set_child (*window, page);
  concord_page_set_workbook (CONCORD_PAGE (page), workbook);
  gtk_window_present (*window);
  test_spin ();

  return page;
}

GtkWidget *
test_find_widget (GtkWidget       *root,
                  TestWidgetMatch  match,
                  gconstpointer    data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_widgets (GtkWidget       *root,
                 TestWidgetMatch  match,
                 gconstpointer    data,
                 GPtrArray       *found)
{
  if (match (root, data))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, match, data, found);
}

GPtrArray *
test_collect_widgets (GtkWidget       *root,
                      TestWidgetMatch  match,
                      gconstpointer    data)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_widgets (root, match, data, found);

  return found;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
test_find_type (GtkWidget *root,
                GType      type)
{
  return test_find_widget (root, is_of_type, GSIZE_TO_POINTER (type));
}

GPtrArray *
test_collect_type (GtkWidget *root,
                   GType      type)
{
  return test_collect_widgets (root, is_of_type, GSIZE_TO_POINTER (type));
}

GtkWidget *
test_find_nth_type (GtkWidget *root,
                    GType      type,
                    guint      n)
{
  g_autoptr(GPtrArray) found = test_collect_type (root, type);

  if (n >= found->len)
    g_error ("There are %u widgets of type %s, not %u.", found->len, g_type_name (type), n + 1);

  return g_ptr_array_index (found, n);
}

static gboolean
is_shown_of_type (GtkWidget     *widget,
                  gconstpointer  type)
{
  return is_of_type (widget, type) && gtk_widget_is_visible (widget);
}

GtkWidget *
test_find_shown_type (GtkWidget *root,
                      GType      type)
{
  return test_find_widget (root, is_shown_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_label_showing (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

GtkWidget *
test_find_label (GtkWidget  *root,
                 const char *text)
{
  return test_find_widget (root, is_label_showing, text);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
test_find_button (GtkWidget  *root,
                  const char *label)
{
  return test_find_widget (root, is_button_labelled, label);
}

void
test_click (GtkWidget  *root,
            const char *label)
{
  GtkWidget *button = test_find_button (root, label);

  if (button == NULL)
    g_error ("No button “%s” to click.", label);
  g_assert_true (gtk_widget_is_sensitive (button));
  /* What a click does; activating a button waits out its press animation. */
  g_signal_emit_by_name (button, "clicked");
  test_spin ();
}

typedef struct
{
  GType       type;
  const char *title;
} RowMatch;

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  data)
{
  const RowMatch *row = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, row->type) && ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), row->title) == 0;
}

GtkWidget *
test_find_row (GtkWidget  *root,
               GType       type,
               const char *title)
{
  RowMatch row = { type, title };

  return test_find_widget (root, is_row_titled, &row);
}

GtkWidget *
test_template_child (GtkWidget  *widget,
                     GType       type,
                     const char *name)
{
  GObject *child = gtk_widget_get_template_child (widget, type, name);

  if (child == NULL)
    g_error ("%s has no template child “%s”.", g_type_name (type), name);

  return GTK_WIDGET (child);
}

GtkWindow *
test_find_toplevel (GType      type,
                    GtkWindow *other_than)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i-- > 0;)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && window != other_than &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

/* How long a wait for something a user would see lasts before the test
 * fails. */
#define WAIT_SECONDS 30

typedef struct
{
  guint       seconds;
  const char *what;
} TestWait;

static gboolean
wait_timed_out (gpointer user_data)
{
  const TestWait *wait = user_data;

  g_error ("Waited %u seconds for %s, which never came.", wait->seconds, wait->what);

  return G_SOURCE_REMOVE;
}

void
test_wait_until (TestCondition  condition,
                 gpointer       data,
                 guint          seconds,
                 const char    *what)
{
  TestWait wait = { seconds, what };
  guint timeout;

  /* The timeout is a source like any other: the loop wakes for it, so
   * something that never comes ends the test instead of hanging it. */
  timeout = g_timeout_add_seconds (seconds, wait_timed_out, &wait);
  while (!condition (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

typedef struct
{
  GType      type;
  GtkWindow *other_than;
  GtkWindow *found;
} ToplevelWait;

static gboolean
toplevel_shown (gpointer data)
{
  ToplevelWait *wait = data;

  return (wait->found = test_find_toplevel (wait->type, wait->other_than)) != NULL;
}

GtkWindow *
test_wait_for_toplevel (GType      type,
                        GtkWindow *other_than)
{
  g_autofree char *what = g_strdup_printf ("a window of type %s", g_type_name (type));
  ToplevelWait wait = { type, other_than, NULL };

  test_wait_until (toplevel_shown, &wait, WAIT_SECONDS, what);

  return wait.found;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
  GtkWidget  *found;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return (wait->found = test_find_label (wait->root, wait->text)) != NULL;
}

GtkWidget *
test_wait_for_label (GtkWidget  *root,
                     const char *text)
{
  g_autofree char *what = g_strdup_printf ("the words “%s”", text);
  LabelWait wait = { root, text, NULL };

  test_wait_until (label_shown, &wait, WAIT_SECONDS, what);

  return wait.found;
}

gboolean
test_press_shortcut (GtkWidget       *widget,
                     guint            keyval,
                     GdkModifierType  modifiers)
{
  g_autoptr(GtkShortcutTrigger) pressed = gtk_keyval_trigger_new (keyval, modifiers);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean taken = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !taken; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !taken; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          taken = GTK_IS_KEYVAL_TRIGGER (trigger) && gtk_shortcut_trigger_equal (trigger, pressed) &&
                  gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                gtk_shortcut_get_arguments (shortcut));
        }
    }
  test_spin ();

  return taken;
}

void
test_press_key (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  modifiers)
{
  if (!test_press_shortcut (widget, keyval, modifiers))
    g_error ("No key binding for %s on %s", gdk_keyval_name (keyval), G_OBJECT_TYPE_NAME (widget));
}

static gboolean
runs_action (GtkWidget     *widget,
             gconstpointer  action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

void
test_apply_text (GtkWidget  *root,
                 const char *title,
                 const char *text)
{
  GtkWidget *row = test_find_row (root, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  test_spin ();
}

GtkWidget *
test_find_actionable (GtkWidget  *root,
                      const char *action)
{
  return test_find_widget (root, runs_action, action);
}

gboolean
test_action_can_be_pressed (GtkWidget  *root,
                            const char *action)
{
  GtkWidget *widget = test_find_actionable (root, action);

  g_assert_nonnull (widget);

  return gtk_widget_is_sensitive (widget);
}

AdwMessageDialog *
test_find_message_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        found = ADW_MESSAGE_DIALOG (window);
    }

  return found;
}

void
test_answer_dialog (const char *heading,
                    const char *text,
                    const char *response)
{
  AdwMessageDialog *dialog;

  test_spin ();
  dialog = test_find_message_dialog (heading);
  g_assert_nonnull (dialog);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), text);
  adw_message_dialog_response (dialog, response);
  test_spin ();
}
