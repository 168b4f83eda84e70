/* test-output.c: outputs are whole or absent, and replace only files
 *
 * Every report, export and role map goes through concord-output: a
 * regular file is replaced by rename, whole; anything else at the target
 * (a device, a FIFO) is written into and stays what it was.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "concord-output.h"
#include "concord-test-util.h"

static void
assert_no_temporary (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (name[0] == '.');
}

static char *
read_text (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  return contents;
}

/* A regular file is replaced whole and keeps its permissions; an output
 * given up before its commit leaves the old file and no temporary. */
static void
test_regular (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *fresh = g_build_filename (dir, "new.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  struct stat info;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  g_assert_true (concord_output_write_file (path, "new", -1, &error));
  g_assert_no_error (error);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "new");
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 07777, ==, 0640);
  g_clear_pointer (&text, g_free);

  {
    g_autoptr(ConcordOutput) output = concord_output_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (concord_output_write (output, "half of", 7, &error));
    g_assert_no_error (error);
  }
  text = read_text (path);
  g_assert_cmpstr (text, ==, "new");
  g_clear_pointer (&text, g_free);

  g_assert_true (concord_output_write_file (fresh, "created", -1, &error));
  g_assert_no_error (error);
  text = read_text (fresh);
  g_assert_cmpstr (text, ==, "created");

  assert_no_temporary (dir);
  test_remove_tree (dir);
}

/* A link is followed: the file it names is replaced, the link stays. A
 * dangling link, a folder and a missing folder are refused by name. */
static void
test_symlink_and_refusals (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *real = g_build_filename (dir, "real.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.json", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "nowhere.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "gone", "x.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;
  struct stat info;

  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.json", link), ==, 0);
  g_assert_cmpint (symlink ("nowhere.json", dangling), ==, 0);

  g_assert_true (concord_output_write_file (link, "through the link", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &info), ==, 0);
  g_assert_true (S_ISLNK (info.st_mode));
  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "real.json");
  text = read_text (real);
  g_assert_cmpstr (text, ==, "through the link");

  g_assert_false (concord_output_write_file (dangling, "x", -1, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, dangling));
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_clear_error (&error);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

  g_assert_false (concord_output_write_file (dir, "x", -1, &error));
  g_assert_nonnull (strstr (error->message, "is a folder"));
  g_clear_error (&error);

  g_assert_false (concord_output_write_file (missing, "x", -1, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);

  assert_no_temporary (dir);
  test_remove_tree (dir);
}

static gpointer
read_fifo (gpointer data)
{
  return read_text (data);
}

/* A FIFO is written into, not replaced by a regular file. */
static void
test_fifo (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  GThread *reader;
  struct stat info;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = g_thread_new ("reader", read_fifo, fifo);
  g_assert_true (concord_output_write_file (fifo, "through the pipe", -1, &error));
  g_assert_no_error (error);
  received = g_thread_join (reader);
  g_assert_cmpstr (received, ==, "through the pipe");

  g_assert_cmpint (g_lstat (fifo, &info), ==, 0);
  g_assert_true (S_ISFIFO (info.st_mode));
  assert_no_temporary (dir);
  test_remove_tree (dir);
}

static void
assert_char_device (const char *path)
{
  struct stat info;

  g_assert_cmpint (g_lstat (path, &info), ==, 0);
  g_assert_true (S_ISCHR (info.st_mode));
}

/* export-json -o /dev/null renamed a regular file over the device (as
 * root, the system's /dev/null). Now every output writes into it. A full
 * device says so. Each command first writes into a FIFO of our own: one
 * that would replace it stops the test there, before /dev/null. */
static void
test_devices (WorkbookFixture *fixture,
              gconstpointer    data)
{
  /* WB stands for the workbook, DEV for the device. */
  static const char *const commands[][10] = {
    { "export-json", "WB", "-o", "DEV" },
    { "export-csv", "WB", "accounts", "-o", "DEV" },
    { "report", "weekly", "WB", "--date", "2026-03-15", "-o", "DEV" },
    { "report", "weekly", "WB", "--date", "2026-03-15", "--format", "pdf", "-o", "DEV" },
  };
  g_autofree char *fifo = g_build_filename (fixture->dir, "pipe", NULL);
  g_autoptr(GError) error = NULL;

  workbook_fixture_close (fixture);
  assert_char_device ("/dev/null");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    for (guint d = 0; d < 3; d++)
      {
        const char *device = d == 0 ? fifo : d == 1 ? "/dev/null" : "/dev/full";
        GThread *reader = d == 0 ? g_thread_new ("reader", read_fifo, fifo) : NULL;
        const char *argv[G_N_ELEMENTS (commands[0]) + 1] = { NULL };
        g_autofree char *out = NULL, *err = NULL;
        int status;

        for (guint a = 0; commands[i][a] != NULL; a++)
          argv[a] = g_str_equal (commands[i][a], "WB") ? fixture->path
                    : g_str_equal (commands[i][a], "DEV") ? device : commands[i][a];

        g_test_message ("%s %s", argv[0], device);
        test_run_cli (argv, &status, &out, &err);
        g_test_message ("  %s", err);
        if (d == 0)
          {
            struct stat info;

            g_free (g_thread_join (reader));
            g_assert_cmpint (g_lstat (fifo, &info), ==, 0);
            g_assert_true (S_ISFIFO (info.st_mode));
          }
        else
          assert_char_device (device);

        if (d < 2)
          g_assert_cmpint (status, ==, 0);
        else
          {
            g_assert_cmpint (status, ==, 1);
            g_assert_nonnull (strstr (err, "/dev/full"));
            g_assert_nonnull (strstr (err, g_strerror (ENOSPC)));
          }
      }

  g_assert_false (concord_output_write_file ("/dev/full", "x", -1, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_DISK_FULL);
  assert_char_device ("/dev/full");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/output/regular", test_regular);
  g_test_add_func ("/output/symlink-and-refusals", test_symlink_and_refusals);
  g_test_add_func ("/output/fifo", test_fifo);
  g_test_add ("/output/devices", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_devices, workbook_fixture_teardown);

  return g_test_run ();
}
