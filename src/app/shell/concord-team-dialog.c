/* concord-team-dialog.c
 *
 * Asks for the team server's address, the user and the password. The
 * dialog only asks: ConcordTeamStatus connects, in a worker thread, and
 * answers with an error shown here (the dialog stays, the password is
 * asked again) or by closing it.
 */
#define G_LOG_DOMAIN "concord-team-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-team-dialog.h"

struct _ConcordTeamDialog
{
  AdwWindow     parent_instance;

  AdwEntryRow  *address_row;
  AdwEntryRow  *user_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkSpinner   *spinner;
};

G_DEFINE_FINAL_TYPE (ConcordTeamDialog, concord_team_dialog, ADW_TYPE_WINDOW)

enum { CONNECT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
connect_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ConcordTeamDialog *self = CONCORD_TEAM_DIALOG (widget);
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));

  if (*address == '\0')
    {
      concord_team_dialog_show_error (self, _("Enter the server’s address, such as postgresql://db.example.com/team."));
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      return;
    }

  g_signal_emit (self, signals[CONNECT], 0, address, user,
                 gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
}

static void
on_entry_activated (ConcordTeamDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "team-dialog.connect", NULL);
}

static void
concord_team_dialog_class_init (ConcordTeamDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * ConcordTeamDialog::connect:
   * @address: the server's address as typed
   * @user: the user, or ""
   * @password: the password, or ""
   */
  signals[CONNECT] = g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                   G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-team-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "team-dialog.connect", NULL, connect_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
concord_team_dialog_init (ConcordTeamDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ConcordTeamDialog *
concord_team_dialog_new (GtkWindow  *parent,
                         const char *address,
                         const char *user)
{
  ConcordTeamDialog *self = g_object_new (CONCORD_TYPE_TEAM_DIALOG, "transient-for", parent, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address ? address : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user ? user : "");
  gtk_widget_grab_focus (GTK_WIDGET (address && *address ? self->password_row : self->address_row));

  return self;
}

void
concord_team_dialog_set_busy (ConcordTeamDialog *self,
                              gboolean           busy)
{
  g_return_if_fail (CONCORD_IS_TEAM_DIALOG (self));

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "team-dialog.connect", !busy);
  if (busy)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

void
concord_team_dialog_show_error (ConcordTeamDialog *self,
                                const char        *message)
{
  g_return_if_fail (CONCORD_IS_TEAM_DIALOG (self));

  concord_team_dialog_set_busy (self, FALSE);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* What the user reads under the fields, or NULL. */
const char *
concord_team_dialog_get_error (ConcordTeamDialog *self)
{
  g_return_val_if_fail (CONCORD_IS_TEAM_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
