/* concord-ui-test-util.h: what the widget tests share */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Runs the main loop until nothing is pending, several times over. */
void       test_spin     (void);
/* Runs the main loop until @widget's frame clock has drawn a frame with
 * @widget in it (its layout done); fails after ten seconds. */
void       test_wait_for_frame (GtkWidget *widget);
/* The first preferences row of @type titled @title under @root. */
GtkWidget *test_find_row (GtkWidget  *root,
                          GType       type,
                          const char *title);

/* The first visible label under @root (or @root itself) showing @text. */
GtkWidget *test_find_label (GtkWidget  *root,
                            const char *text);

/* The first button (or other actionable) under @root that runs @action. */
GtkWidget *test_find_actionable       (GtkWidget  *root,
                                       const char *action);
/* Whether the first button (or other actionable) under @root that runs
 * @action can be pressed: what the user sees of an action's state. */
gboolean   test_action_can_be_pressed (GtkWidget  *root,
                                       const char *action);

G_END_DECLS
