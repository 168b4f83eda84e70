/* concord-i18n.c: where Concord's programs find their translations */
#define G_LOG_DOMAIN "concord-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "concord-i18n.h"

/* CONCORD_LOCALEDIR lets a build that is not installed (the tests, a
 * developer running build/src/app/concord) use the catalogues meson
 * builds in build/po instead of the installed ones. */
const char *
concord_i18n_locale_dir (void)
{
  const char *dir = g_getenv ("CONCORD_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

/* Call once at the start of main(), before any message is looked up. */
void
concord_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, concord_i18n_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
