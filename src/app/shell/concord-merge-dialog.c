/* concord-merge-dialog.c
 *
 * Shows what importing a document would add and update, and lists every
 * field both sides changed since they last shared it, in the words of
 * the editors: the kind and name of the record, the field's label, both
 * values as the editor shows them and who changed each side. Fields that
 * belong together are one row and one choice. Merge stays off until each
 * row has a choice. What stays as it is here because ours is the newer
 * is listed too, so nothing changes unseen. Every line wraps, so the
 * dialog fits a phone's width (360 px) with long names and values.
 */
#define G_LOG_DOMAIN "concord-merge-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-merge-dialog.h"

struct _ConcordMergeDialog
{
  AdwWindow         parent_instance;

  AdwWindowTitle   *window_title;
  GtkLabel         *summary_label;
  GtkWidget        *choose_all_box;
  GtkListBox       *conflict_list;
  GtkWidget        *kept_label;
  GtkListBox       *kept_list;

  ConcordMergePlan *plan;
  GPtrArray        *toggles;  /* per row: the "theirs" GtkToggleButton */
  GPtrArray        *mines;    /* per row: the "mine" GtkToggleButton */
};

G_DEFINE_FINAL_TYPE (ConcordMergeDialog, concord_merge_dialog, ADW_TYPE_WINDOW)

enum { MERGED, FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update_apply (ConcordMergeDialog *self)
{
  GPtrArray *conflicts = concord_merge_plan_get_conflicts (self->plan);
  gboolean ready = TRUE;

  for (guint i = 0; i < conflicts->len; i++)
    if (((ConcordConflict *) g_ptr_array_index (conflicts, i))->resolution == CONCORD_RESOLVE_UNSET)
      ready = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.apply", ready);
}

static void
on_choice_toggled (GtkToggleButton    *button,
                   ConcordMergeDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "conflict"));
  gboolean theirs = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "theirs"));

  /* One choice for the whole group of fields that belong together. */
  if (gtk_toggle_button_get_active (button))
    concord_merge_plan_resolve (self->plan, index, theirs ? CONCORD_RESOLVE_THEIRS : CONCORD_RESOLVE_MINE);

  update_apply (self);
}

static char *
describe (const char *value)
{
  if (value == NULL || *value == '\0')
    return g_strdup (_("(empty)"));

  return g_markup_escape_text (value, -1);
}

/* "Here (Ann Lee): Agreed: No, Agreed on: (empty)" */
static char *
side_text (GPtrArray *members,
           gboolean   theirs)
{
  ConcordConflict *first = g_ptr_array_index (members, 0);
  const char *by = theirs ? first->theirs_by : first->mine_by;
  g_autofree char *who = by ? g_markup_escape_text (by, -1) : NULL;
  g_autoptr(GString) values = g_string_new (NULL);

  for (guint i = 0; i < members->len; i++)
    {
      ConcordConflict *conflict = g_ptr_array_index (members, i);
      g_autofree char *value = describe (theirs ? conflict->theirs : conflict->mine);
      g_autofree char *label = g_markup_escape_text (conflict->field_label, -1);

      if (members->len == 1)
        g_string_append (values, value);
      else
        g_string_append_printf (values, "%s%s: %s", i ? ", " : "", label, value);
    }

  if (who != NULL)
    return g_strdup_printf (theirs ? _("There (%s): %s") : _("Here (%s): %s"), who, values->str);

  return g_strdup_printf (theirs ? _("There: %s") : _("Here: %s"), values->str);
}

static void
row_text (GPtrArray  *members,
          char      **title,
          char      **subtitle)
{
  ConcordConflict *first = g_ptr_array_index (members, 0);
  g_autofree char *kind = g_markup_escape_text (first->kind, -1);
  g_autofree char *label = g_markup_escape_text (first->label, -1);
  g_autofree char *theirs_by = first->theirs_by ? g_markup_escape_text (first->theirs_by, -1) : NULL;

  switch (first->change)
    {
    case CONCORD_CHANGE_DELETED_HERE:
      *title = g_strdup_printf (_("%s %s (deleted here)"), kind, label);
      *subtitle = theirs_by
                  ? g_strdup_printf (_("You deleted it; %s changed it since. Mine keeps it deleted, theirs brings it back."), theirs_by)
                  : g_strdup (_("You deleted it; they changed it since. Mine keeps it deleted, theirs brings it back."));
      return;

    case CONCORD_CHANGE_DELETED_THERE:
      *title = g_strdup_printf (_("%s %s (deleted there)"), kind, label);
      *subtitle = theirs_by
                  ? g_strdup_printf (_("%s deleted it; you changed it since. Mine keeps it, theirs deletes it here too."), theirs_by)
                  : g_strdup (_("They deleted it; you changed it since. Mine keeps it, theirs deletes it here too."));
      return;

    case CONCORD_CHANGE_FIELD:
    default:
      {
        g_autoptr(GString) fields = g_string_new (NULL);
        g_autofree char *here = side_text (members, FALSE);
        g_autofree char *there = side_text (members, TRUE);

        for (guint i = 0; i < members->len; i++)
          {
            g_autofree char *field = g_markup_escape_text (((ConcordConflict *) g_ptr_array_index (members, i))->field_label, -1);

            g_string_append_printf (fields, "%s%s", i ? ", " : "", field);
          }
        *title = g_strdup_printf ("%s %s — %s", kind, label, fields->str);
        *subtitle = g_strdup_printf ("%s\n%s", here, there);
      }
    }
}

static GtkWidget *
wrapping_label (const char *markup,
                const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* A name or value with no spaces (a web address, a reference) breaks
   * anywhere rather than widen the dialog. */
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);

  return label;
}

/* The record and fields, both values in full, and the choice below
 * them: stacked, so a narrow window gives every line its whole width
 * and nothing needs cutting short. */
static GtkWidget *
create_row (ConcordMergeDialog *self,
            GPtrArray          *members,
            guint               index)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *mine = gtk_toggle_button_new_with_mnemonic (_("_Mine"));
  GtkWidget *theirs = gtk_toggle_button_new_with_mnemonic (_("_Theirs"));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  row_text (members, &title, &subtitle);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  gtk_box_append (GTK_BOX (content), wrapping_label (title, "title"));
  gtk_box_append (GTK_BOX (content), wrapping_label (subtitle, "subtitle"));

  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (theirs), GTK_TOGGLE_BUTTON (mine));
  gtk_widget_add_css_class (box, "linked");
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), mine);
  gtk_box_append (GTK_BOX (box), theirs);
  gtk_box_append (GTK_BOX (content), box);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), content);

  for (guint k = 0; k < 2; k++)
    {
      GtkWidget *button = k == 0 ? mine : theirs;

      g_object_set_data (G_OBJECT (button), "conflict", GUINT_TO_POINTER (index));
      g_object_set_data (G_OBJECT (button), "theirs", GINT_TO_POINTER (k == 1));
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_choice_toggled), self, G_CONNECT_DEFAULT);
    }

  g_ptr_array_add (self->mines, mine);
  g_ptr_array_add (self->toggles, theirs);

  return row;
}

/* Fields in the order the editor shows them. */
static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  guint first = (*(ConcordConflict * const *) a)->position;
  guint second = (*(ConcordConflict * const *) b)->position;

  return (first > second) - (first < second);
}

static GtkWidget *
create_kept_row (ConcordConflict *kept)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *line = concord_conflict_describe (kept);
  g_autofree char *escaped = g_markup_escape_text (line, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  gtk_widget_add_css_class (row, "property");

  return row;
}

static void
all_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConcordMergeDialog *self = CONCORD_MERGE_DIALOG (widget);
  gboolean theirs = g_str_equal (g_variant_get_string (parameter, NULL), "theirs");

  for (guint i = 0; i < self->toggles->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (theirs ? self->toggles : self->mines, i), TRUE);
}

static void
apply_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ConcordMergeDialog *self = CONCORD_MERGE_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (!concord_merge_plan_apply (self->plan, &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }

  g_signal_emit (self, signals[MERGED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
concord_merge_dialog_dispose (GObject *object)
{
  ConcordMergeDialog *self = (ConcordMergeDialog *) object;

  g_clear_pointer (&self->plan, concord_merge_plan_free);
  g_clear_pointer (&self->toggles, g_ptr_array_unref);
  g_clear_pointer (&self->mines, g_ptr_array_unref);

  G_OBJECT_CLASS (concord_merge_dialog_parent_class)->dispose (object);
}

static void
concord_merge_dialog_class_init (ConcordMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_merge_dialog_dispose;

  /**
   * ConcordMergeDialog::merged:
   *
   * The document was merged into the workbook (one undo step).
   */
  signals[MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * ConcordMergeDialog::failed:
   * @message: why nothing was merged
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordMergeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ConcordMergeDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordMergeDialog, choose_all_box);
  gtk_widget_class_bind_template_child (widget_class, ConcordMergeDialog, conflict_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordMergeDialog, kept_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordMergeDialog, kept_list);

  gtk_widget_class_install_action (widget_class, "merge.apply", NULL, apply_activated);
  gtk_widget_class_install_action (widget_class, "merge.all", "s", all_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
concord_merge_dialog_init (ConcordMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->toggles = g_ptr_array_new ();
  self->mines = g_ptr_array_new ();
}

ConcordMergeDialog *
concord_merge_dialog_new (GtkWindow        *parent,
                          ConcordMergePlan *plan,
                          const char       *source_name)
{
  ConcordMergeDialog *self;
  GPtrArray *conflicts;
  GPtrArray *kept;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_basename (source_name);

  g_return_val_if_fail (plan != NULL, NULL);

  self = g_object_new (CONCORD_TYPE_MERGE_DIALOG, "transient-for", parent, NULL);
  self->plan = plan;
  /* No wider or taller than a narrow window (a phone) it is opened over. */
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   MIN (width, gtk_widget_get_width (GTK_WIDGET (parent))),
                                   MIN (height, gtk_widget_get_height (GTK_WIDGET (parent))));
    }
  adw_window_title_set_subtitle (self->window_title, base);

  conflicts = concord_merge_plan_get_conflicts (plan);
  summary = concord_merge_plan_summary (plan);
  if (conflicts->len == 0)
    text = g_strdup_printf (_("%s. Nothing conflicts; merging is one step you can undo."), summary);
  else
    text = g_strdup_printf (_("%s. Both sides changed the fields below since the two workbooks last "
                              "shared them. Choose which version to keep; merging is one step you can undo."),
                            summary);
  gtk_label_set_text (self->summary_label, text);

  gtk_widget_set_visible (self->choose_all_box, conflicts->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->conflict_list), conflicts->len > 0);

  /* One row per group of fields that belong together. */
  for (guint i = 0; i < conflicts->len; i++)
    {
      ConcordConflict *conflict = g_ptr_array_index (conflicts, i);
      g_autoptr(GPtrArray) members = g_ptr_array_new ();
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = ((ConcordConflict *) g_ptr_array_index (conflicts, j))->group == conflict->group;
      if (seen)
        continue;

      for (guint j = i; j < conflicts->len; j++)
        if (((ConcordConflict *) g_ptr_array_index (conflicts, j))->group == conflict->group)
          g_ptr_array_add (members, g_ptr_array_index (conflicts, j));
      g_ptr_array_sort (members, compare_position);
      gtk_list_box_append (self->conflict_list, create_row (self, members, i));
    }

  kept = concord_merge_plan_get_kept (plan);
  gtk_widget_set_visible (self->kept_label, kept->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->kept_list), kept->len > 0);
  for (guint i = 0; i < kept->len; i++)
    gtk_list_box_append (self->kept_list, create_kept_row (g_ptr_array_index (kept, i)));

  update_apply (self);

  return self;
}
