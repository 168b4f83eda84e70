/* concord-ui-test-util.h: what the widget tests share */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Runs the main loop until nothing is pending, several times over. */
void       test_spin     (void);
/* The first preferences row of @type titled @title under @root. */
GtkWidget *test_find_row (GtkWidget  *root,
                          GType       type,
                          const char *title);

G_END_DECLS
