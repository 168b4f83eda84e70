/* main.c: the concord program */
#include "config.h"

#include <glib/gi18n.h>

#include "concord-application.h"
#include "concord-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(ConcordApplication) app = NULL;
  int status;

  concord_i18n_init ();

  app = concord_application_new ();

  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : concord_application_get_exit_status (app);
}
