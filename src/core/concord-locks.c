/* concord-locks.c
 *
 * POSIX advisory locks belong to the process: a close() of any
 * descriptor on a file drops every lock the process holds on it. A file
 * chooser sniffing the workbook's folder, a thumbnailer or a recent-files
 * lookup would drop SQLite's locks, and another program could then reset
 * the write-ahead log under us ("How To Corrupt An SQLite Database File",
 * section 2.2).
 *
 * So the unix VFS's open, close and fcntl come through here. SQLite's
 * byte-range locks become open-file-description locks taken on one
 * private descriptor per file, which no one else's close() can drop. All
 * connections of the process share that descriptor and so still share one
 * lock owner, as SQLite's per-inode bookkeeping expects. OFD locks
 * conflict with POSIX locks of other processes, so the sqlite3 shell and
 * concord-cli interoperate unchanged.
 */
#define G_LOG_DOMAIN "concord-locks"
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concord-locks.h"

/* One file SQLite has open, however many descriptors it holds on it. */
typedef struct
{
  dev_t dev;
  ino_t ino;
  guint n_fds;    /* SQLite's open descriptors on this file */
  int   lock_fd;  /* ours, made at the first lock; -1 until then */
} LockedFile;

static GMutex      files_mutex;
static GHashTable *files_by_fd;  /* SQLite's fd -> LockedFile, not owned */
static GPtrArray  *files;        /* owns the LockedFiles */

static LockedFile *
find_file (dev_t dev,
           ino_t ino)
{
  for (guint i = 0; i < files->len; i++)
    {
      LockedFile *file = g_ptr_array_index (files, i);

      if (file->dev == dev && file->ino == ino)
        return file;
    }

  return NULL;
}

/* Forgets @fd; returns our descriptor to close when it was SQLite's last on its file. */
static int
forget_fd_locked (int fd)
{
  LockedFile *file = g_hash_table_lookup (files_by_fd, GINT_TO_POINTER (fd));
  int lock_fd = -1;

  if (file == NULL)
    return -1;

  g_hash_table_remove (files_by_fd, GINT_TO_POINTER (fd));
  g_assert (file->n_fds > 0);
  if (--file->n_fds == 0)
    {
      lock_fd = file->lock_fd;
      g_ptr_array_remove_fast (files, file);
    }

  return lock_fd;
}

static void
close_keeping_errno (int fd)
{
  int saved_errno = errno;

  if (fd >= 0)
    close (fd);
  errno = saved_errno;
}

static void
track_fd (int fd)
{
  int saved_errno = errno;
  LockedFile *file;
  struct stat st;
  int stale_fd;

  if (fstat (fd, &st) != 0)
    {
      errno = saved_errno;
      return;
    }

  g_mutex_lock (&files_mutex);
  /* A number SQLite got back from open() cannot still be one of its own. */
  stale_fd = forget_fd_locked (fd);
  file = find_file (st.st_dev, st.st_ino);
  if (file == NULL)
    {
      file = g_new0 (LockedFile, 1);
      file->dev = st.st_dev;
      file->ino = st.st_ino;
      file->lock_fd = -1;
      g_ptr_array_add (files, file);
    }
  file->n_fds++;
  g_hash_table_insert (files_by_fd, GINT_TO_POINTER (fd), file);
  g_mutex_unlock (&files_mutex);

  close_keeping_errno (stale_fd);
  errno = saved_errno;
}

/* A descriptor of our own on the file @fd names, with its own open file
 * description. Opened read-write where we may, so that a write lock asked
 * through a later read-write connection still works when the first
 * connection on the file was read-only. */
static int
private_descriptor (int fd)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags >= 0 && (flags & O_ACCMODE) != O_RDWR)
    {
      char proc_path[64];
      int reopened;

      g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
      reopened = open (proc_path, O_RDWR | O_CLOEXEC | O_NOCTTY);
      if (reopened >= 0)
        return reopened;
    }

  return fcntl (fd, F_DUPFD_CLOEXEC, 0);
}

static int
locks_open (const char *path,
            int         flags,
            int         mode)
{
  int fd = open (path, flags, mode);

  if (fd >= 0)
    track_fd (fd);

  return fd;
}

static int
locks_close (int fd)
{
  int lock_fd;
  int rc;

  g_mutex_lock (&files_mutex);
  lock_fd = forget_fd_locked (fd);
  g_mutex_unlock (&files_mutex);

  rc = close (fd);
  /* SQLite closed its last descriptor on the file: its locks go now, as
   * POSIX would have dropped them. */
  close_keeping_errno (lock_fd);

  return rc;
}

static int
ofd_command (int cmd)
{
  switch (cmd)
    {
    case F_SETLK:
      return F_OFD_SETLK;
    case F_SETLKW:
      return F_OFD_SETLKW;
    default:
      g_assert (cmd == F_GETLK);
      return F_OFD_GETLK;
    }
}

static int
locks_fcntl_lock (int           fd,
                  int           cmd,
                  struct flock *lock)
{
  struct flock ofd_lock;
  LockedFile *file;
  int lock_fd;
  int rc;

  g_mutex_lock (&files_mutex);
  file = g_hash_table_lookup (files_by_fd, GINT_TO_POINTER (fd));
  if (file == NULL)
    {
      /* Opened before we were installed: leave it to POSIX. */
      g_mutex_unlock (&files_mutex);
      return fcntl (fd, cmd, lock);
    }

  if (file->lock_fd < 0)
    file->lock_fd = private_descriptor (fd);
  /* Ours stays open at least as long as SQLite holds @fd, which it does
   * for the length of this call. */
  lock_fd = file->lock_fd;
  g_mutex_unlock (&files_mutex);

  if (lock_fd < 0)
    return -1;

  ofd_lock = *lock;
  ofd_lock.l_pid = 0;
  rc = fcntl (lock_fd, ofd_command (cmd), &ofd_lock);
  if (rc == 0 && cmd == F_GETLK)
    *lock = ofd_lock;

  return rc;
}

static int
locks_fcntl (int fd,
             int cmd,
             ...)
{
  va_list args;
  int rc;

  va_start (args, cmd);
  switch (cmd)
    {
    case F_SETLK:
    case F_SETLKW:
    case F_GETLK:
      rc = locks_fcntl_lock (fd, cmd, va_arg (args, struct flock *));
      break;

    case F_GETFD:
    case F_GETFL:
    case F_GETOWN:
    case F_GETSIG:
    case F_GETLEASE:
    case F_GETPIPE_SZ:
    case F_GET_SEALS:
      rc = fcntl (fd, cmd);
      break;

    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      rc = fcntl (fd, cmd, va_arg (args, int));
      if (rc >= 0)
        track_fd (rc);
      break;

    case F_SETFD:
    case F_SETFL:
    case F_SETOWN:
    case F_SETSIG:
    case F_SETLEASE:
    case F_NOTIFY:
    case F_SETPIPE_SZ:
    case F_ADD_SEALS:
      rc = fcntl (fd, cmd, va_arg (args, int));
      break;

    default:
      rc = fcntl (fd, cmd, va_arg (args, void *));
      break;
    }
  va_end (args);

  return rc;
}

/**
 * concord_locks_install:
 *
 * Routes the unix VFS's open, close and fcntl through the lock keeping
 * above. Call it before the process opens its first SQLite database;
 * later calls do nothing.
 */
void
concord_locks_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);

      files_by_fd = g_hash_table_new (NULL, NULL);
      files = g_ptr_array_new_with_free_func (g_free);

      if (vfs == NULL || vfs->iVersion < 3 || vfs->xSetSystemCall == NULL ||
          vfs->xSetSystemCall (vfs, "open", (sqlite3_syscall_ptr) locks_open) != SQLITE_OK ||
          vfs->xSetSystemCall (vfs, "close", (sqlite3_syscall_ptr) locks_close) != SQLITE_OK ||
          vfs->xSetSystemCall (vfs, "fcntl", (sqlite3_syscall_ptr) locks_fcntl) != SQLITE_OK)
        g_error ("SQLite's file system layer does not let Concord keep its file locks; "
                 "build SQLite with the unix VFS.");

      g_once_init_leave (&installed, 1);
    }
}
