/* test-i18n.c: concord-cli speaks the language the user asks for
 *
 * The CLI runs from the build tree with CONCORD_LOCALEDIR pointing at the
 * catalogues meson builds from po/; without them every check here sees
 * English and fails.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "concord-test-util.h"

typedef struct
{
  const char *language;
  /* A finding of `check` on the sample: an area module's message inside
   * the check's own "where: what" sentence. */
  const char *finding;
  /* The store's refusal of a path with no workbook. */
  const char *no_workbook;
  /* A message whose number is a 64-bit PRId64 directive. */
  const char *newer_schema;
  /* English that must not appear. */
  const char *english;
} Language;

static const Language languages[] = {
  { "de",
    "Glossarbegriff „Target account“: noch nicht von beiden Teams vereinbart.",
    "gibt es keine Arbeitsmappe.",
    "wurde mit einem neueren Concord gespeichert (Schema 99)",
    "not yet agreed by both teams" },
  { "fr",
    "Terme du glossaire «\u00a0Target account\u00a0»\u00a0: pas encore convenu par les deux équipes.",
    "Il n’y a pas de classeur à l’emplacement",
    "a été enregistré par une version plus récente de Concord (schéma 99)",
    "not yet agreed by both teams" },
};

static void
test_cli_language (gconstpointer data)
{
  const Language *language = data;
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *sample = test_make_workbook (dir, "sample.concord", TRUE);
  g_autofree char *newer = test_make_workbook (dir, "newer.concord", FALSE);
  g_autofree char *missing = g_build_filename (dir, "missing.concord", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.concord", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_nonnull (g_getenv ("CONCORD_LOCALEDIR"));
  g_setenv ("LANGUAGE", language->language, TRUE);

  {
    const char *argv[] = { "check", sample, NULL };

    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (out, language->finding));
    g_assert_null (strstr (out, language->english));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  {
    const char *argv[] = { "info", missing, NULL };

    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, language->no_workbook));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  test_raw_exec (newer, "PRAGMA user_version = 99");
  {
    const char *argv[] = { "recover", newer, copy, NULL };

    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, language->newer_schema));
  }

  g_unsetenv ("LANGUAGE");
  test_remove_tree (dir);
}

/* Without LANGUAGE the tests' C.UTF-8 locale keeps English. */
static void
test_cli_english (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *sample = test_make_workbook (dir, "sample.concord", TRUE);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "check", sample, NULL };
  int status = -1;

  g_unsetenv ("LANGUAGE");
  g_assert_true (test_run_cli (argv, &status, &out, &err));
  g_assert_nonnull (strstr (out, "Glossary term “Target account”: not yet agreed by both teams."));
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/i18n/cli/%s", languages[i].language);

      g_test_add_data_func (path, &languages[i], test_cli_language);
    }
  g_test_add_func ("/i18n/cli/english", test_cli_english);

  return g_test_run ();
}
