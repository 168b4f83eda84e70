/* concord-file-label.c
 *
 * Names for workbook files where a user picks one (Recent), in the
 * filename encoding's display form.
 */
#define G_LOG_DOMAIN "concord-file-label"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "concord-file-label.h"
#include "concord-workbook.h"

static char *
folder_label (const char *folder)
{
  const char *home = g_get_home_dir ();
  gsize n = home != NULL ? strlen (home) : 0;

  if (n > 1 && g_str_has_prefix (folder, home) && (folder[n] == '\0' || folder[n] == G_DIR_SEPARATOR))
    {
      g_autofree char *rest = g_filename_display_name (folder + n);

      return g_strconcat ("~", rest, NULL);
    }

  return g_filename_display_name (folder);
}

char *
concord_file_label (const char *path)
{
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, CONCORD_FILE_EXTENSION) && strlen (base) > strlen (CONCORD_FILE_EXTENSION))
    base[strlen (base) - strlen (CONCORD_FILE_EXTENSION)] = '\0';
  name = g_filename_display_name (base);
  dir = g_path_get_dirname (path);
  folder = folder_label (dir);

  /* Translators: a recent workbook, "Tessaline — ~/Documents" */
  return g_strdup_printf (_("%s — %s"), name, folder);
}
