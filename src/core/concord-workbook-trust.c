/* concord-workbook-trust.c: the workbooks this user closed cleanly */
#define G_LOG_DOMAIN "concord-workbook"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concord-store-private.h"

/* Trust -------------------------------------------------------------------- */

/* A quick_check reads every page, seconds for a large workbook. A file
 * this user closed cleanly, with the same identity, size and times to the
 * nanosecond, has not been handed to us by anyone since; every other file
 * is checked. The stamps live in the user's state folder, not the file. */
#define TRUST_GROUP "workbooks"
#define TRUST_MAX   200

static char *
trust_file (void)
{
  return g_build_filename (g_get_user_state_dir (), "concord", "trusted-workbooks.ini", NULL);
}

char *
concord_trust_file_stamp (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return NULL;

  return g_strdup_printf ("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld",
                          (uintmax_t) st.st_dev, (uintmax_t) st.st_ino, (intmax_t) st.st_size,
                          (intmax_t) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                          (intmax_t) st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

static char *
trust_key (const char *path)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
}

gboolean
concord_trust_is_trusted (const char *path)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = trust_file ();
  g_autofree char *key = trust_key (path);
  g_autofree char *stamp = NULL;
  g_autofree char *known = NULL;

  if (!g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL))
    return FALSE;

  known = g_key_file_get_string (keys, TRUST_GROUP, key, NULL);
  stamp = concord_trust_file_stamp (path);

  return known != NULL && stamp != NULL && g_str_equal (known, stamp);
}

void
concord_trust_remember (const char *path,
                        gboolean    trusted)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = trust_file ();
  g_autofree char *folder = g_path_get_dirname (file);
  g_autofree char *lock = g_strconcat (file, ".lock", NULL);
  g_autofree char *key = trust_key (path);
  g_autofree char *stamp = trusted ? concord_trust_file_stamp (path) : NULL;
  gboolean dropped = FALSE;
  gsize n_keys = 0;
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    return;

  /* Every Concord process of this user reads, changes and writes the
   * list in turn: without the lock, two at once would each write back
   * what they read, and one's change (a workbook no longer trusted)
   * would be undone by the other. */
  fd = g_open (lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0)
    while (flock (fd, LOCK_EX) != 0 && errno == EINTR)
      ;

  g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL);
  g_strfreev (g_key_file_get_keys (keys, TRUST_GROUP, &n_keys, NULL));
  if (n_keys > TRUST_MAX)
    dropped = g_key_file_remove_group (keys, TRUST_GROUP, NULL);

  if (stamp != NULL)
    g_key_file_set_string (keys, TRUST_GROUP, key, stamp);
  if (stamp != NULL || g_key_file_remove_key (keys, TRUST_GROUP, key, NULL) || dropped)
    g_key_file_save_to_file (keys, file, NULL);

  if (fd >= 0)
    close (fd); /* and the lock with it */
}
