/* concord-output.c
 *
 * g_file_set_contents() would do most of this, but it renames over
 * whatever the target is: run as root, "export-json -o /dev/null" left a
 * regular file where the device was. Here the kind of the target decides
 * first, and every failure names the file and the reason.
 */
#define G_LOG_DOMAIN "concord-output"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concord-error.h"
#include "concord-output.h"

struct _ConcordOutput
{
  char    *path;       /* the target as the caller named it, for messages */
  char    *target;     /* the file replaced: @path with links followed */
  char    *temporary;  /* beside @target, or NULL when written directly */
  int      fd;
  GError  *error;      /* the first failure */
  gboolean committed;
};

static int
error_code (int saved_errno)
{
  return saved_errno == ENOSPC || saved_errno == EDQUOT ? CONCORD_ERROR_DISK_FULL : CONCORD_ERROR_IO;
}

/* Remembers the first failure, names the file and says what was kept. */
static gboolean
fail (ConcordOutput  *self,
      int             saved_errno,
      GError        **error)
{
  if (self->error == NULL)
    {
      if (self->temporary != NULL)
        self->error = g_error_new (CONCORD_ERROR, error_code (saved_errno),
                                   _("Could not write “%s”: %s. Any file already there was left as "
                                     "it was; free some space or choose another place, then try again."),
                                   self->path, g_strerror (saved_errno));
      else
        self->error = g_error_new (CONCORD_ERROR, error_code (saved_errno),
                                   _("Could not write “%s”: %s."), self->path, g_strerror (saved_errno));
    }

  if (error != NULL)
    *error = g_error_copy (self->error);

  return FALSE;
}

static gboolean
open_temporary (ConcordOutput  *self,
                mode_t          mode,
                gboolean        keep_mode,
                GError        **error)
{
  g_autofree char *dir = g_path_get_dirname (self->target);
  g_autofree char *base = g_path_get_basename (self->target);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);

  self->temporary = g_build_filename (dir, name, NULL);
  self->fd = g_mkstemp_full (self->temporary, O_WRONLY | O_CLOEXEC, 0666);
  if (self->fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, CONCORD_ERROR, error_code (saved_errno),
                   _("Could not write “%s”: cannot create a file in “%s”: %s."),
                   self->path, dir, g_strerror (saved_errno));
      g_clear_pointer (&self->temporary, g_free);
      return FALSE;
    }

  /* A new file gets the usual permissions (0666 less the umask, as the
   * open above applies it); a replacement keeps those of the file it
   * replaces. */
  if (keep_mode && fchmod (self->fd, mode & 07777) != 0)
    return fail (self, errno, error);

  return TRUE;
}

ConcordOutput *
concord_output_open (const char  *path,
                     GError     **error)
{
  g_autoptr(ConcordOutput) self = NULL;
  struct stat info;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (ConcordOutput, 1);
  self->path = g_strdup (path);
  self->fd = -1;

  if (g_lstat (path, &info) == 0 && S_ISLNK (info.st_mode))
    {
      char *resolved = realpath (path, NULL);

      if (resolved == NULL)
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                       _("Could not write “%s”: it is a symbolic link to a file that cannot be "
                         "reached (%s). Choose the file itself."),
                       path, g_strerror (errno));
          return NULL;
        }
      self->target = g_strdup (resolved);
      free (resolved);
    }
  else
    self->target = g_strdup (path);

  if (g_stat (self->target, &info) != 0)
    {
      if (errno != ENOENT)
        {
          fail (self, errno, error);
          return NULL;
        }
      if (!open_temporary (self, 0, FALSE, error))
        return NULL;
    }
  else if (S_ISREG (info.st_mode))
    {
      if (!open_temporary (self, info.st_mode, TRUE, error))
        return NULL;
    }
  else if (S_ISCHR (info.st_mode) || S_ISFIFO (info.st_mode))
    {
      /* Not ours to replace: write into it. */
      self->fd = g_open (self->target, O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
      if (self->fd < 0)
        {
          fail (self, errno, error);
          return NULL;
        }
    }
  else
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   S_ISDIR (info.st_mode)
                     ? _("Could not write “%s”: it is a folder. Name a file inside it.")
                     : _("Could not write “%s”: it is not a file Concord writes to (a disk or a socket)."),
                   path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

gboolean
concord_output_write (ConcordOutput  *self,
                      const void     *data,
                      gsize           length,
                      GError        **error)
{
  const char *p = data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (!self->committed, FALSE);

  if (self->error != NULL)
    return fail (self, 0, error);

  while (length > 0)
    {
      gssize written = write (self->fd, p, MIN (length, (gsize) G_MAXSSIZE));

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return fail (self, errno, error);
        }
      p += written;
      length -= (gsize) written;
    }

  return TRUE;
}

static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  /* The rename survives a power cut; a folder that cannot be synced
   * (some network file systems) has still been written. */
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

gboolean
concord_output_commit (ConcordOutput  *self,
                       GError        **error)
{
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->committed, FALSE);

  if (self->error != NULL)
    return fail (self, 0, error);

  /* A device or a FIFO cannot be synced; that is no failure. */
  if (fsync (self->fd) != 0 && (self->temporary != NULL || (errno != EINVAL && errno != ENOTSUP)))
    return fail (self, errno, error);

  fd = self->fd;
  self->fd = -1;
  if (close (fd) != 0 && errno != EINTR)
    return fail (self, errno, error);

  if (self->temporary != NULL)
    {
      if (g_rename (self->temporary, self->target) != 0)
        return fail (self, errno, error);
      g_clear_pointer (&self->temporary, g_free);
      sync_folder (self->target);
    }

  self->committed = TRUE;

  return TRUE;
}

void
concord_output_free (ConcordOutput *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  if (self->temporary != NULL)
    g_remove (self->temporary);
  g_clear_error (&self->error);
  g_free (self->temporary);
  g_free (self->target);
  g_free (self->path);
  g_free (self);
}

const char *
concord_output_get_path (ConcordOutput *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

const GError *
concord_output_get_error (ConcordOutput *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

gboolean
concord_output_write_file (const char  *path,
                           const void  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(ConcordOutput) output = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length <= 0, FALSE);

  if (length < 0)
    length = strlen (data);

  output = concord_output_open (path, error);

  return output != NULL &&
         concord_output_write (output, data, (gsize) length, error) &&
         concord_output_commit (output, error);
}

gboolean
concord_output_write_gfile (GFile       *file,
                            const void  *data,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (g_file_peek_path (file) != NULL)
    return concord_output_write_file (g_file_peek_path (file), data, length, error);

  /* A remote location: GIO writes beside and renames there itself. */
  if (length < 0)
    length = strlen (data);
  if (g_file_replace_contents (file, data, (gsize) length, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                               NULL, NULL, &local_error))
    return TRUE;

  name = g_file_get_parse_name (file);
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO, _("Could not write “%s”: %s."), name, local_error->message);

  return FALSE;
}
