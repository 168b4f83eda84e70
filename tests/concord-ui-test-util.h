/* concord-ui-test-util.h: what the widget tests share */
#pragma once

#include <adwaita.h>

#include "concord-window.h"

G_BEGIN_DECLS

/* Runs the main loop until nothing is pending, several times over. */
void       test_spin     (void);
/* Runs the main loop until @widget's frame clock has drawn a frame with
 * @widget in it (its layout done); fails after ten seconds. */
void       test_wait_for_frame (GtkWidget *widget);

/* A window showing @workbook, presented and settled; and its end. */
ConcordWindow *test_present_window (ConcordWorkbook *workbook);
void           test_destroy_window (gpointer         window);
/* A plain window of @width × @height holding a new page of @type (a
 * ConcordPage) that shows @workbook, presented and settled. */
GtkWidget *test_present_page (GType             type,
                              ConcordWorkbook  *workbook,
                              int               width,
                              int               height,
                              GtkWindow       **window);

/* Finding widgets. Every search walks @root and all it holds, @root
 * itself included, in the order they are drawn. */
typedef gboolean (*TestWidgetMatch) (GtkWidget     *widget,
                                     gconstpointer  data);
/* The first widget under @root that @match accepts, or NULL. */
GtkWidget *test_find_widget     (GtkWidget       *root,
                                 TestWidgetMatch  match,
                                 gconstpointer    data);
/* Every widget under @root that @match accepts. */
GPtrArray *test_collect_widgets (GtkWidget       *root,
                                 TestWidgetMatch  match,
                                 gconstpointer    data);
/* The first widget of @type under @root, or NULL. */
GtkWidget *test_find_type       (GtkWidget       *root,
                                 GType            type);
/* The widget of @type after @n others of it (0 for the first); fails
 * when there are not that many. */
GtkWidget *test_find_nth_type   (GtkWidget       *root,
                                 GType            type,
                                 guint            n);
/* The first widget of @type that is shown (it and all that hold it are
 * visible), passing over hidden internals. */
GtkWidget *test_find_shown_type (GtkWidget       *root,
                                 GType            type);
/* Every widget of @type under @root. */
GPtrArray *test_collect_type    (GtkWidget       *root,
                                 GType            type);
/* A visible label under @root whose text is @text. */
GtkWidget *test_find_label      (GtkWidget       *root,
                                 const char      *text);
/* What test_wait_until() waits for: TRUE once it has come. */
typedef gboolean (*TestCondition) (gpointer data);
/* Runs the main loop until @condition holds; fails, naming @what, when it
 * does not within @seconds. */
void       test_wait_until      (TestCondition    condition,
                                 gpointer         data,
                                 guint            seconds,
                                 const char      *what);
/* The same, once there is one (a toast, a result): runs the main loop
 * until then; fails when none is shown within 30 seconds. */
GtkWidget *test_wait_for_label  (GtkWidget       *root,
                                 const char      *text);
/* The first button under @root labelled @label (with its mnemonic). */
GtkWidget *test_find_button     (GtkWidget       *root,
                                 const char      *label);
/* Clicks the button labelled @label under @root as a user would: it must
 * be there and pressable; then lets the main loop settle. */
void       test_click           (GtkWidget       *root,
                                 const char      *label);
/* The first preferences row of @type titled @title under @root. */
GtkWidget *test_find_row (GtkWidget  *root,
                          GType       type,
                          const char *title);
/* @widget's child @name from the template of its class @type; fails when
 * there is none. */
GtkWidget *test_template_child  (GtkWidget       *widget,
                                 GType            type,
                                 const char      *name);

/* The newest visible toplevel of @type other than @other_than (or NULL),
 * or NULL when there is none. */
GtkWindow *test_find_toplevel     (GType      type,
                                   GtkWindow *other_than);
/* The same, once there is one: runs the main loop until then; fails
 * when none is shown within 30 seconds. */
GtkWindow *test_wait_for_toplevel (GType      type,
                                   GtkWindow *other_than);

/* Presses a key on @widget the way its shortcut controllers see it (GTK
 * 4.8 has no public way to synthesize a key event): tries every shortcut
 * bound to the key, in order, until one takes it, then lets the main loop
 * settle. test_press_shortcut() says whether one took it;
 * test_press_key() fails when none did. */
gboolean   test_press_shortcut (GtkWidget       *widget,
                                guint            keyval,
                                GdkModifierType  modifiers);
void       test_press_key      (GtkWidget       *widget,
                                guint            keyval,
                                GdkModifierType  modifiers);

/* Types @text into the entry row titled @title under @root and applies
 * it, as Enter or the row's apply button does. */
void       test_apply_text (GtkWidget  *root,
                            const char *title,
                            const char *text);

/* The first button (or other actionable) under @root that runs @action. */
GtkWidget *test_find_actionable       (GtkWidget  *root,
                                       const char *action);
/* Whether the first button (or other actionable) under @root that runs
 * @action can be pressed: what the user sees of an action's state. */
gboolean   test_action_can_be_pressed (GtkWidget  *root,
                                       const char *action);

/* The newest visible message dialog with @heading, or NULL. */
AdwMessageDialog *test_find_message_dialog (const char *heading);
/* Types @text (unless NULL) into the dialog's entry and presses @response. */
void              test_answer_dialog       (const char *heading,
                                            const char *text,
                                            const char *response);

G_END_DECLS
