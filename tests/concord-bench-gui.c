/* concord-bench-gui.c: what a user of the window waits for
 *
 * Run by `concord-bench --gui` inside one virtual X server, never by hand
 * and never as a test. Each mode is a fresh process the parent started at
 * START (its g_get_monotonic_time (), shared by every process), so the
 * startup figures include exec, linking and GTK's own start:
 *
 *   concord-bench-gui bare START          a bare libadwaita window
 *   concord-bench-gui app START FILE      Concord on FILE
 *   concord-bench-gui measure START FILE  Concord on a large FILE: the first
 *                                         page of accounts, page switches,
 *                                         search as you type
 *   concord-bench-gui first-page START FILE  the first page of accounts
 *                                         alone, to profile it (valgrind
 *                                         --toggle-collect=run_measure)
 *   concord-bench-gui search START FILE   the first page, then search as
 *                                         you type alone, to profile it
 *                                         (--toggle-collect=type_and_wait)
 *
 * Every time is read through the window's frame clock: an action counts
 * as done at the end of the first frame painted after its result is in
 * the widgets, which is when the user can see it. One "name value unit"
 * line per figure on stdout.
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "concord-accounts-page.h"
#include "concord-application.h"
#include "concord-store-private.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

/* What users type into the account search, one keystroke at a time (the
 * same list as the core benchmark's). */
static const char *const search_queries[] = {
  "northwind", "sensor", "harbor log", "anna", "schmidt", "procurement", "bluefin robotics",
  "dach", "health", "zenith", "weber", "gmbh", "solar grid", "plant manager",
};

static gint64      started;        /* when the parent spawned us */
static gint64      last_paint;     /* end of the newest painted frame */
static gboolean    painted_once;
static gboolean    workbook_painted;
static const char *mode;
static GtkWindow  *window;

static void
figure (const char *name,
        double      value,
        const char *unit)
{
  printf ("%s %.*f %s\n", name, value >= 100 ? 0 : value >= 10 ? 1 : 2, value, unit);
  fflush (stdout);
}

static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmHWM:")) != NULL)
    return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;

  return 0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report_spread (const char *name,
               GArray     *times)
{
  g_autofree char *median = g_strdup_printf ("%s_median", name);
  g_autofree char *p95 = g_strdup_printf ("%s_p95", name);
  g_autofree char *max = g_strdup_printf ("%s_max", name);

  g_array_sort (times, compare_double);
  figure (median, g_array_index (times, double, times->len / 2), "ms");
  figure (p95, g_array_index (times, double, MIN (times->len - 1, (guint) (times->len * 0.95))), "ms");
  figure (max, g_array_index (times, double, times->len - 1), "ms");
}

/* Runs the main loop until a frame that began after @since has been
 * painted; returns how long after @since it ended, in ms. */
static double
wait_for_frame_after (gint64 since)
{
  /* A slow step is a figure to report, not a reason to give up. */
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (last_paint <= since && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  if (last_paint <= since)
    {
      g_printerr ("concord-bench-gui: no frame was painted within 60 s\n");
      exit (1);
    }

  return (last_paint - since) / 1000.0;
}

/* The page the user asked for, with rows when it is a list. */
static void
show_page (ConcordWindow *concord,
           const char    *name)
{
  gtk_widget_activate_action (GTK_WIDGET (concord), "win.show-page", "s", name);
}

/* From asking for the accounts page (built now, when pages are built on
 * first show) to the frame that shows its first rows. */
static void
measure_first_page (ConcordWindow *concord)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 60 * G_USEC_PER_SEC;
  GListModel *model;

  show_page (concord, "accounts");
  model = concord_accounts_page_get_model (CONCORD_ACCOUNTS_PAGE (concord_window_get_page (concord, "accounts")));
  while (g_list_model_get_n_items (model) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  figure ("gui_first_page", wait_for_frame_after (start), "ms");
  figure ("gui_accounts_listed", g_list_model_get_n_items (model), "rows");
}

/* Every page twice round: the first visit may build the page, the
 * second is a plain switch. */
static void
measure_page_switches (ConcordWindow *concord)
{
  const char *const *names = concord_window_get_page_names ();
  g_autoptr(GArray) first_visits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) switches = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; names[i] != NULL; i++)
      {
        gint64 start = g_get_monotonic_time ();
        double ms;

        show_page (concord, names[i]);
        ms = wait_for_frame_after (start);
        g_array_append_val (round == 0 ? first_visits : switches, ms);
        {
          g_autofree char *name = g_strdup_printf (round == 0 ? "gui_first_visit_%s" : "gui_page_switch_to_%s",
                                                   names[i]);

          figure (name, ms, "ms");
        }
      }

  report_spread ("gui_first_visit", first_visits);
  report_spread ("gui_page_switch", switches);
}

/* What the process has spent on the processor, in ms: on a loaded
 * machine the wall clock tells more about the others than about us. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static gint64 filtered_at;
static gint64 filter_started;
static const char *typing;         /* the text whose results we wait for */

/* Whether @entry announces the text typed last, not a step on the way to
 * it: setting the text empties the entry first, and it announces that at
 * once. */
static gboolean
announces_typed (GtkEditable *entry)
{
  return typing != NULL && g_str_equal (gtk_editable_get_text (entry), typing);
}

/* Runs before every handler of the entry's "search-changed". */
static gboolean
on_search_emitted (GSignalInvocationHint *hint,
                   guint                  n_values,
                   const GValue          *values,
                   gpointer               user_data)
{
  if (!announces_typed (g_value_get_object (&values[0])))
    return TRUE;

  filter_started = g_get_monotonic_time ();

  return TRUE;
}

static void
on_search_changed (GtkSearchEntry *entry,
                   gpointer        user_data)
{
  if (!announces_typed (GTK_EDITABLE (entry)))
    return;

  filtered_at = g_get_monotonic_time ();
}

/* Types @text into the entry and waits until its results are painted. */
static double
type_and_wait (GtkSearchEntry *entry,
               const char     *text)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 60 * G_USEC_PER_SEC;

  filtered_at = 0;
  typing = text;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  while (filtered_at == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* The results are in the list once the page handled the change; the
   * user sees them at the end of the next frame. */
  wait_for_frame_after (filtered_at > 0 ? filtered_at : start);
  typing = NULL;

  return (last_paint - start) / 1000.0;
}

static void
measure_search (ConcordWindow *concord)
{
  GtkWidget *page = concord_window_get_page (concord, "accounts");
  GtkSearchEntry *entry = GTK_SEARCH_ENTRY (test_find_type (page, GTK_TYPE_SEARCH_ENTRY));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after_filter = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) until_filter = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) in_filter = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));

  show_page (concord, "accounts");
  wait_for_frame_after (g_get_monotonic_time ());
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  /* After the page's own handler, which filters the list. */
  g_signal_connect_after (entry, "search-changed", G_CALLBACK (on_search_changed), NULL);
  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                              on_search_emitted, NULL, NULL);

  for (guint q = 0; q < G_N_ELEMENTS (search_queries); q++)
    {
      const char *query = search_queries[q];

      for (gsize len = 1; len <= strlen (query); len++)
        {
          g_autofree char *typed = g_strndup (query, len);
          gint64 typed_at = g_get_monotonic_time ();
          double cpu_at = cpu_ms ();
          double ms = type_and_wait (entry, typed);
          double spent = cpu_ms () - cpu_at;
          double shown = (last_paint - filtered_at) / 1000.0;
          double until = (filter_started - typed_at) / 1000.0;
          double in = (filtered_at - filter_started) / 1000.0;

          g_array_append_val (times, ms);
          g_array_append_val (after_filter, shown);
          g_array_append_val (until_filter, until);
          g_array_append_val (in_filter, in);
          g_array_append_val (cpu, spent);
        }

      type_and_wait (entry, "");
    }

  figure ("gui_search_keystrokes", times->len, "count");
  /* From the keystroke to the frame with its results, as the user feels it
   * (the search entry's own typing delay included), in three parts: until
   * the page is told (the entry's delay and whatever the main loop was
   * busy with), inside the page's filter (the query and the list's own
   * handlers of the change), and from there to the frame (layout and
   * drawing). */
  report_spread ("gui_search", times);
  report_spread ("gui_search_until_filter", until_filter);
  report_spread ("gui_search_in_filter", in_filter);
  report_spread ("gui_search_after_filter", after_filter);
  /* The processor time the app spent on those keystrokes, which a loaded
   * machine does not stretch. */
  report_spread ("gui_search_cpu", cpu);
}

static gboolean
run_measure (gpointer user_data)
{
  ConcordWindow *concord = CONCORD_WINDOW (window);

  measure_first_page (concord);
  if (g_str_equal (mode, "measure"))
    measure_page_switches (concord);
  if (g_str_equal (mode, "measure") || g_str_equal (mode, "search"))
    measure_search (concord);
  figure ("gui_peak_rss", peak_rss_mb (), "MB");

  g_application_quit (g_application_get_default ());

  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  last_paint = g_get_monotonic_time ();

  if (!painted_once)
    {
      painted_once = TRUE;
      /* Beside each wall time, the processor time the process (all its
       * threads) spent until then, which a loaded machine does not
       * stretch. */
      if (g_str_equal (mode, "bare"))
        {
          figure ("bare_window_first_frame", (last_paint - started) / 1000.0, "ms");
          figure ("bare_window_first_frame_cpu", cpu_ms (), "ms");
          g_application_quit (g_application_get_default ());
          return;
        }
      /* The window, drawn: with the workbook, or saying it opens it. */
      figure ("startup_first_frame", (last_paint - started) / 1000.0, "ms");
      figure ("startup_first_frame_cpu", cpu_ms (), "ms");
    }

  /* The workbook opens in a worker thread: the first frame that shows it. */
  if (workbook_painted || concord_window_get_workbook (CONCORD_WINDOW (window)) == NULL)
    return;

  workbook_painted = TRUE;
  figure ("startup_workbook_frame", (last_paint - started) / 1000.0, "ms");
  if (g_str_equal (mode, "measure") || g_str_equal (mode, "first-page") || g_str_equal (mode, "search"))
    g_idle_add (run_measure, NULL);
  else
    g_application_quit (g_application_get_default ());
}

static void
on_realize (GtkWidget *widget,
            gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *added,
                 gpointer        user_data)
{
  if (window != NULL)
    return;

  window = added;
  g_signal_connect (added, "realize", G_CALLBACK (on_realize), NULL);
}

/* The window a libadwaita app starts with before it has any content of
 * its own: a header bar and a title. */
static void
bare_activate (GApplication *application,
               gpointer      user_data)
{
  GtkWidget *bare = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), adw_status_page_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (bare), box);
  gtk_window_set_default_size (GTK_WINDOW (bare), 1280, 800);
  gtk_window_present (GTK_WINDOW (bare));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GApplication) application = NULL;

  if (argc < 3 || (!g_str_equal (argv[1], "bare") && argc < 4))
    {
      g_printerr ("usage: concord-bench-gui bare|app|measure|first-page|search START [FILE]\n");
      return 2;
    }

  mode = argv[1];
  started = g_ascii_strtoll (argv[2], NULL, 10);

  if (g_str_equal (mode, "bare"))
    {
      application = G_APPLICATION (adw_application_new ("io.github.concordplan.BareWindow",
                                                        G_APPLICATION_NON_UNIQUE));
      g_signal_connect (application, "activate", G_CALLBACK (bare_activate), NULL);
      g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), NULL);

      return g_application_run (application, 1, argv);
    }
  else
    {
      char *app_argv[] = { argv[0], "--workbook", argv[3], "--width", "1280", "--height", "800", NULL };

      /* Whether the open may skip its integrity check: a cold start and
       * a warm one differ by just that. */
      figure ("startup_trusted", concord_trust_is_trusted (argv[3]), "bool");

      application = G_APPLICATION (concord_application_new ());
      g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), NULL);

      return g_application_run (application, G_N_ELEMENTS (app_argv) - 1, app_argv);
    }
}
