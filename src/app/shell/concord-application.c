/* concord-application.c
 *
 * Opens the workbook a user asked for (or the last one, or the default
 * one, created on first run), remembers it, and owns the app-wide
 * actions. --screenshot renders one page to a PNG and quits, for the
 * README, the AppStream screenshots and visual checks.
 */
#define G_LOG_DOMAIN "concord-application"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-application.h"
#include "concord-preferences-window.h"
#include "concord-window.h"
#include "concord-workbook.h"

#define MAX_RECENT 10

struct _ConcordApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GVariantDict   *launch_options;   /* this process's own command line */
  ConcordEarlyOpen *launch_open;    /* begun at startup, for its window */
  char           *screenshot_path;
  char           *color_scheme_override;
  int             exit_status;
};

G_DEFINE_FINAL_TYPE (ConcordApplication, concord_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (ConcordApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  const char *scheme = self->color_scheme_override;
  g_autofree char *setting = NULL;

  if (scheme == NULL && self->settings != NULL)
    scheme = setting = g_settings_get_string (self->settings, "color-scheme");

  if (g_strcmp0 (scheme, "light") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (scheme, "dark") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
remember_workbook (ConcordApplication *self,
                   const char         *path)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (self->settings == NULL || self->screenshot_path != NULL)
    return;

  g_settings_set_string (self->settings, "last-workbook", path);

  recent = g_settings_get_strv (self->settings, "recent-workbooks");
  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    {
      if (g_strcmp0 (recent[i], path) != 0)
        {
          g_strv_builder_add (builder, recent[i]);
          n++;
        }
    }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-workbooks", (const char * const *) updated);
}

/* Whatever a window opens (a clean copy, a copy of a read-only file, a
 * workbook created on request) is the one to come back to. */
static void
on_window_workbook (ConcordWindow      *window,
                    GParamSpec         *pspec,
                    ConcordApplication *self)
{
  ConcordWorkbook *workbook = concord_window_get_workbook (window);

  if (workbook != NULL)
    remember_workbook (self, concord_workbook_get_path (workbook));
}

static ConcordWindow *
new_window (ConcordApplication *self)
{
  ConcordWindow *window = concord_window_new (GTK_APPLICATION (self));

  g_signal_connect_object (window, "notify::workbook", G_CALLBACK (on_window_workbook), self, 0);

  return window;
}

static ConcordWindow *
ensure_window (ConcordApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (CONCORD_IS_WINDOW (window))
    return CONCORD_WINDOW (window);

  return new_window (self);
}

/* Opening --------------------------------------------------------------------
 *
 * Every open (the launch's, Open, Recent, New) runs in a worker thread
 * while the window shows that it is opening, so an integrity check of a
 * large file never freezes the window. */

typedef struct
{
  ConcordApplication *app;
  char               *path;
  gboolean            fall_back;  /* to the default workbook on failure */
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_application_release (G_APPLICATION (request->app));
  g_object_unref (request->app);
  g_free (request->path);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenRequest, open_request_free)

static void start_screenshot (ConcordApplication *self,
                              ConcordWindow      *window);

static void open_in_window (ConcordApplication *self,
                            ConcordWindow      *window,
                            const char         *path,
                            ConcordOpenFlags    flags,
                            gboolean            fall_back);

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OpenRequest) request = user_data;
  ConcordApplication *self = request->app;
  ConcordWindow *window = CONCORD_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (concord_window_open_finish (window, result, &error))
    {
      if (self->screenshot_path != NULL)
        start_screenshot (self, window);
      return;
    }

  /* The window was closed, or opens something else now. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (self->screenshot_path != NULL)
    {
      g_printerr ("concord: %s\n", error->message);
      self->exit_status = 1;
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  concord_window_show_open_error (window, request->path, error);

  /* Whatever was refused at launch, the user still gets a working
   * window: the default workbook, with the reason shown above it. */
  if (request->fall_back && concord_window_get_workbook (window) == NULL)
    {
      g_autofree char *fallback = concord_workbook_default_path ();

      if (g_strcmp0 (fallback, request->path) != 0)
        open_in_window (self, window, fallback, CONCORD_OPEN_CREATE, FALSE);
    }
}

static OpenRequest *
open_request_new (ConcordApplication *self,
                  const char         *path,
                  gboolean            fall_back)
{
  OpenRequest *request = g_new0 (OpenRequest, 1);

  request->app = g_object_ref (self);
  request->path = g_strdup (path);
  request->fall_back = fall_back;
  g_application_hold (G_APPLICATION (self));

  return request;
}

/* Opens @path in @window; on failure the window keeps what it had and
 * says why. The application stays up until the open has ended, so a
 * window closed meanwhile never cuts an open (or its migration) short. */
static void
open_in_window (ConcordApplication *self,
                ConcordWindow      *window,
                const char         *path,
                ConcordOpenFlags    flags,
                gboolean            fall_back)
{
  concord_window_open_async (window, path, flags, on_opened,
                             open_request_new (self, path, fall_back));
}

static char *
startup_workbook_path (ConcordApplication *self,
                       gboolean           *is_default)
{
  g_autofree char *last = NULL;

  *is_default = FALSE;

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-workbook");

  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&last);

  *is_default = TRUE;

  return concord_workbook_default_path ();
}

/* Screenshots ---------------------------------------------------------------- */

static gboolean
save_screenshot (gpointer user_data)
{
  ConcordApplication *self = CONCORD_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  if (window == NULL)
    {
      g_application_quit (G_APPLICATION (self));
      return G_SOURCE_REMOVE;
    }

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);

  if (node != NULL)
    {
      GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, width, height));
    }

  if (texture == NULL || !gdk_texture_save_to_png (texture, self->screenshot_path))
    {
      g_printerr (_("concord: could not write the screenshot to %s\n"), self->screenshot_path);
      g_application_hold (G_APPLICATION (self));
      g_application_release (G_APPLICATION (self));
      gtk_window_destroy (window);
      exit (1);
    }

  g_print ("%s\n", self->screenshot_path);
  gtk_window_destroy (window);

  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock      *clock,
                ConcordApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, self);
  /* Let lists and charts that fill in after the first frame settle. */
  g_timeout_add_full (G_PRIORITY_LOW, 400, save_screenshot, g_object_ref (self), g_object_unref);
}

static void
on_window_mapped (GtkWidget          *window,
                  ConcordApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, on_window_mapped, self);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), self);
  gtk_widget_queue_draw (window);
}

/* The screenshot shows the workbook: it waits for the open, then for
 * the window's first frame with it. */
static void
start_screenshot (ConcordApplication *self,
                  ConcordWindow      *window)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    on_window_mapped (GTK_WIDGET (window), self);
  else
    g_signal_connect (window, "map", G_CALLBACK (on_window_mapped), self);
}

/* Command line ------------------------------------------------------------------ */

static gboolean
color_scheme_is_known (const char *scheme)
{
  return scheme == NULL || g_strv_contains ((const char *[]) { "light", "dark", "default", NULL }, scheme);
}

static gboolean
page_is_known (const char *page)
{
  return page == NULL || g_strv_contains (concord_window_get_page_names (), page);
}

/* The file named by --workbook or the first FILE, if any. */
static char *
dup_workbook_argument (GVariantDict *options)
{
  g_autofree char *workbook = NULL;
  g_auto(GStrv) files = NULL;

  g_variant_dict_lookup (options, "workbook", "^ay", &workbook);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^aay", &files);
  if (workbook == NULL && files != NULL && files[0] != NULL)
    workbook = g_strdup (files[0]);

  return g_steal_pointer (&workbook);
}

/* The workbook a launch with @options opens, with how to open it. */
static char *
launch_workbook_path (ConcordApplication *self,
                      GVariantDict       *options,
                      const char         *cwd,
                      ConcordOpenFlags   *flags,
                      gboolean           *fall_back)
{
  g_autofree char *workbook_arg = dup_workbook_argument (options);
  gboolean is_default = FALSE;
  char *path;

  if (workbook_arg != NULL)
    path = g_canonicalize_filename (workbook_arg, cwd);
  else
    path = startup_workbook_path (self, &is_default);

  *flags = is_default ? CONCORD_OPEN_CREATE : CONCORD_OPEN_DEFAULT;
  *fall_back = !is_default;

  return path;
}

static int
concord_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("concord %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* A screenshot run is its own process, never a remote call. */
  if (g_variant_dict_contains (options, "screenshot"))
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  /* For startup, should this process be the one that shows the window. */
  g_clear_pointer (&CONCORD_APPLICATION (app)->launch_options, g_variant_dict_unref);
  CONCORD_APPLICATION (app)->launch_options = g_variant_dict_ref (options);

  return -1;
}

/* In this process's startup, before GTK starts: the workbook its own
 * command line will open begins to open in its worker now, so its checks
 * run while GTK starts and the window is built. Only a command line that
 * will open a window does; command_line() takes the open over. */
static void
begin_launch_open (ConcordApplication *self)
{
  GVariantDict *options = self->launch_options;
  g_autofree char *page = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *cwd = NULL;
  g_autofree char *path = NULL;
  ConcordOpenFlags flags;
  gboolean fall_back;

  if (options == NULL)
    return;

  g_variant_dict_lookup (options, "page", "s", &page);
  g_variant_dict_lookup (options, "color-scheme", "s", &scheme);
  if (!color_scheme_is_known (scheme) || !page_is_known (page))
    return;

  cwd = g_get_current_dir ();
  path = launch_workbook_path (self, options, cwd, &flags, &fall_back);
  self->launch_open = concord_early_open_begin (G_APPLICATION (self), path, flags);
}

static int
concord_application_command_line (GApplication            *app,
                                  GApplicationCommandLine *command_line)
{
  ConcordApplication *self = CONCORD_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *workbook_arg = NULL;
  g_autofree char *screenshot = NULL;
  g_autofree char *page = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *path = NULL;
  /* startup began it for this command line; one that opens no window
   * gives it up. */
  g_autoptr(ConcordEarlyOpen) launch_open = g_steal_pointer (&self->launch_open);
  ConcordWindow *window;
  ConcordOpenFlags flags;
  gboolean fall_back;
  int width = 0, height = 0;

  workbook_arg = dup_workbook_argument (options);
  g_variant_dict_lookup (options, "screenshot", "^ay", &screenshot);
  g_variant_dict_lookup (options, "page", "s", &page);
  g_variant_dict_lookup (options, "color-scheme", "s", &scheme);
  g_variant_dict_lookup (options, "width", "i", &width);
  g_variant_dict_lookup (options, "height", "i", &height);

  if (!color_scheme_is_known (scheme))
    {
      g_application_command_line_printerr (command_line,
                                           _("concord: --color-scheme takes light, dark or default\n"));
      return 2;
    }

  if (!page_is_known (page))
    {
      g_autofree char *names = g_strjoinv (", ", (char **) concord_window_get_page_names ());

      g_application_command_line_printerr (command_line,
                                           _("concord: unknown page “%s”; pages are %s\n"),
                                           page, names);
      return 2;
    }

  if (screenshot != NULL)
    {
      g_free (self->screenshot_path);
      self->screenshot_path = g_application_command_line_get_cwd (command_line)
        ? g_canonicalize_filename (screenshot, g_application_command_line_get_cwd (command_line))
        : g_strdup (screenshot);
    }
  if (scheme != NULL)
    {
      g_free (self->color_scheme_override);
      self->color_scheme_override = g_strdup (scheme);
    }
  apply_color_scheme (self);

  /* A second launch with nothing to open shows the window we have. */
  window = CONCORD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (self)));
  if (window != NULL && workbook_arg == NULL && self->screenshot_path == NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return 0;
    }

  window = new_window (self);
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  if (self->screenshot_path != NULL)
    gtk_window_unmaximize (GTK_WINDOW (window));

  path = launch_workbook_path (self, options, g_application_command_line_get_cwd (command_line),
                               &flags, &fall_back);
  if (launch_open != NULL && g_strcmp0 (concord_early_open_get_path (launch_open), path) == 0)
    concord_window_open_early (window, g_steal_pointer (&launch_open), on_opened,
                               open_request_new (self, path, fall_back));
  else
    open_in_window (self, window, path, flags, fall_back);

  if (page != NULL)
    concord_window_show_page (window, page);

  gtk_window_present (GTK_WINDOW (window));

  return 0;
}

/* Actions ------------------------------------------------------------------------ */

typedef enum { CHOOSE_OPEN, CHOOSE_NEW } ChooseMode;

static void
on_workbook_chosen (GtkNativeDialog    *dialog,
                    int                 response,
                    ConcordApplication *self)
{
  ChooseMode mode = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "mode"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      ConcordWindow *window = ensure_window (self);

      if (path == NULL)
        {
          concord_window_show_error (window, _("Could Not Open the Workbook"),
                                     _("Choose a file on this computer."));
        }
      else if (mode == CHOOSE_NEW)
        {
          if (!g_str_has_suffix (path, ".concord"))
            {
              char *with_extension = g_strconcat (path, ".concord", NULL);
              g_free (path);
              path = with_extension;
            }

          if (g_file_test (path, G_FILE_TEST_EXISTS))
            {
              g_autofree char *message =
                g_strdup_printf (_("“%s” already exists. Choose a new name; Concord "
                                   "never overwrites a file with a new workbook."), path);
              concord_window_show_error (window, _("Could Not Create the Workbook"), message);
            }
          else
            open_in_window (self, window, path, CONCORD_OPEN_CREATE, FALSE);
        }
      else
        {
          open_in_window (self, window, path, CONCORD_OPEN_DEFAULT, FALSE);
        }

      gtk_window_present (GTK_WINDOW (window));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_workbook (ConcordApplication *self,
                 ChooseMode          mode)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (mode == CHOOSE_NEW ? _("New Workbook") : _("Open Workbook"),
                                         parent,
                                         mode == CHOOSE_NEW ? GTK_FILE_CHOOSER_ACTION_SAVE
                                                            : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         mode == CHOOSE_NEW ? _("_Create") : _("_Open"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Concord Workbooks"));
  gtk_file_filter_add_mime_type (filter, "application/x-concord-workbook");
  gtk_file_filter_add_suffix (filter, "concord");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (mode == CHOOSE_NEW)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Untitled.concord"));

  g_object_set_data (G_OBJECT (chooser), "mode", GINT_TO_POINTER (mode));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_workbook_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
new_workbook_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  choose_workbook (CONCORD_APPLICATION (user_data), CHOOSE_NEW);
}

static void
open_workbook_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  choose_workbook (CONCORD_APPLICATION (user_data), CHOOSE_OPEN);
}

static void
open_recent_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  ConcordApplication *self = CONCORD_APPLICATION (user_data);
  ConcordWindow *window = ensure_window (self);

  open_in_window (self, window, g_variant_get_string (parameter, NULL), CONCORD_OPEN_DEFAULT, FALSE);
  gtk_window_present (GTK_WINDOW (window));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  ConcordApplication *self = CONCORD_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  ConcordWorkbook *workbook = CONCORD_IS_WINDOW (parent)
    ? concord_window_get_workbook (CONCORD_WINDOW (parent)) : NULL;
  GtkWindow *preferences = concord_preferences_window_new (parent, self->settings, workbook);

  gtk_window_present (preferences);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Concord developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Concord"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Concord developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/concordplan/concord",
                         "issue-url", "https://github.com/concordplan/concord/issues",
                         "comments", _("Plan sales and marketing as one revenue team: joint plans, "
                                       "shared accounts, agreed processes and a roadmap up the "
                                       "maturity ladder."),
                         "developers", developers,
                         "copyright", "© 2026 The Concord developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Close each window so it saves its size; edits are already saved. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
}

static const GActionEntry app_entries[] = {
  { "new-workbook", new_workbook_activated },
  { "open-workbook", open_workbook_activated },
  { "open-recent", open_recent_activated, "s" },
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
on_color_scheme_changed (ConcordApplication *self)
{
  apply_color_scheme (self);
}

static void
concord_application_startup (GApplication *app)
{
  ConcordApplication *self = CONCORD_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GtkCssProvider) provider = NULL;
  const char *undo_accels[] = { "<Control>z", NULL };

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APPLICATION_ID);
      g_signal_connect_object (self->settings, "changed::color-scheme",
                               G_CALLBACK (on_color_scheme_changed), self, G_CONNECT_SWAPPED);
    }
  else
    g_warning ("The settings schema %s is not installed; window size and recent "
               "workbooks will not be remembered.", APPLICATION_ID);

  begin_launch_open (self);

  G_APPLICATION_CLASS (concord_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries,
                                   G_N_ELEMENTS (app_entries), app);

  /* Ctrl+N belongs to each page's "new item"; a new workbook is rarer. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-workbook",
                                         (const char *[]) { "<Control><Shift>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.open-workbook",
                                         (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.undo", undo_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.redo",
                                         (const char *[]) { "<Control><Shift>z", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search",
                                         (const char *[]) { "<Control>f", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.save-copy",
                                         (const char *[]) { "<Control><Shift>s", NULL });
  /* GTK set this one itself while it built the shortcuts window for
   * every window at startup; the window builds it on demand now. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/concordplan/Concord/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
concord_application_finalize (GObject *object)
{
  ConcordApplication *self = (ConcordApplication *) object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->launch_options, g_variant_dict_unref);
  g_clear_pointer (&self->launch_open, concord_early_open_drop);
  g_free (self->screenshot_path);
  g_free (self->color_scheme_override);

  G_OBJECT_CLASS (concord_application_parent_class)->finalize (object);
}

static void
concord_application_class_init (ConcordApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = concord_application_finalize;
  app_class->startup = concord_application_startup;
  app_class->command_line = concord_application_command_line;
  app_class->handle_local_options = concord_application_handle_local_options;
}

static void
concord_application_init (ConcordApplication *self)
{
  const GOptionEntry entries[] = {
    { "workbook", 'w', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open this workbook"), N_("FILE") },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Render the window to a PNG after its first frame, then quit"), N_("PNG") },
    { "page", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show this page: dashboard, plans, accounts, processes, roles, roadmap or people"),
      N_("NAME") },
    { "color-scheme", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Use light or dark style, overriding the preference"), N_("light|dark") },
    { "width", 0, 0, G_OPTION_ARG_INT, NULL, N_("Window width in pixels"), N_("PIXELS") },
    { "height", 0, 0, G_OPTION_ARG_INT, NULL, N_("Window height in pixels"), N_("PIXELS") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE]") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Plan sales and marketing as one revenue team."));
}

ConcordApplication *
concord_application_new (void)
{
  return g_object_new (CONCORD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/concordplan/Concord",
                       NULL);
}

/* What the process should exit with: 1 when a screenshot run could not
 * open its workbook. */
int
concord_application_get_exit_status (ConcordApplication *self)
{
  g_return_val_if_fail (CONCORD_IS_APPLICATION (self), 1);

  return self->exit_status;
}
