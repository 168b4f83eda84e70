/* test-file-label.c: how workbooks are named in the Recent menu */
#include "config.h"

#include "concord-file-label.h"

static void
test_labels (void)
{
  g_autofree char *home = g_build_filename (g_get_home_dir (), "Documents", "Tessaline.concord", NULL);
  g_autofree char *top = g_build_filename (g_get_home_dir (), "team.concord", NULL);
  g_autofree char *a = concord_file_label ("/srv/shared/team.concord");
  g_autofree char *b = concord_file_label (home);
  g_autofree char *c = concord_file_label (top);
  g_autofree char *d = concord_file_label ("/tmp/notes.sqlite");

  g_assert_cmpstr (a, ==, "team — /srv/shared");
  g_assert_cmpstr (b, ==, "Tessaline — ~/Documents");
  g_assert_cmpstr (c, ==, "team — ~");
  g_assert_cmpstr (d, ==, "notes.sqlite — /tmp");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file-label/recent", test_labels);

  return g_test_run ();
}
