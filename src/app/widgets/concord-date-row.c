/* concord-date-row.c
 *
 * The date is stored as YYYY-MM-DD text, as the schema keeps it, and shown
 * in the user's own format. Typing is for people who know the date by
 * heart; the calendar for everyone else.
 */
#define G_LOG_DOMAIN "concord-date-row"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-date-row.h"
#include "concord-plans.h"

struct _ConcordDateRow
{
  AdwActionRow  parent_instance;

  GtkMenuButton *button;
  GtkButton     *clear_button;
  GtkCalendar   *calendar;
  GtkEntry      *entry;
  GtkPopover    *popover;

  char          *date;
  char          *error;
  guint          syncing : 1;
};

G_DEFINE_FINAL_TYPE (ConcordDateRow, concord_date_row, ADW_TYPE_ACTION_ROW)

enum { PROP_0, PROP_DATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
update_display (ConcordDateRow *self)
{
  g_autofree char *shown = NULL;

  shown = self->date ? concord_date_format (self->date) : g_strdup (_("None"));
  gtk_menu_button_set_label (self->button, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button), self->date != NULL);

  if (self->error != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->error);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->error);
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
    }

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), self->date ? self->date : "");
  if (self->date != NULL)
    {
      GDate date;

      if (concord_date_parse (self->date, &date))
        {
          g_autoptr(GDateTime) when =
            g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                   g_date_get_day (&date), 12, 0, 0);
          gtk_calendar_select_day (self->calendar, when);
        }
    }
  self->syncing = FALSE;
}

/* A change the user made: store it and tell the listeners. */
static void
user_set_date (ConcordDateRow *self,
               const char     *date)
{
  g_clear_pointer (&self->error, g_free);

  if (g_strcmp0 (self->date, date) == 0)
    {
      update_display (self);
      return;
    }

  g_free (self->date);
  self->date = g_strdup (date);
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

static void
on_day_selected (ConcordDateRow *self)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *text = NULL;

  if (self->syncing)
    return;

  when = gtk_calendar_get_date (self->calendar);
  text = g_date_time_format (when, "%Y-%m-%d");
  gtk_popover_popdown (self->popover);
  user_set_date (self, text);
}

static void
on_entry_activate (ConcordDateRow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  if (*text == '\0')
    {
      gtk_popover_popdown (self->popover);
      user_set_date (self, NULL);
      return;
    }

  if (!concord_date_parse (text, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a date; type it as YYYY-MM-DD, for example 2027-03-12."), text);

      concord_date_row_set_error (self, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_popover_popdown (self->popover);
  user_set_date (self, text);
}

static void
on_clear_clicked (ConcordDateRow *self)
{
  user_set_date (self, NULL);
}

static void
concord_date_row_finalize (GObject *object)
{
  ConcordDateRow *self = CONCORD_DATE_ROW (object);

  g_free (self->date);
  g_free (self->error);

  G_OBJECT_CLASS (concord_date_row_parent_class)->finalize (object);
}

static void
concord_date_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ConcordDateRow *self = CONCORD_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_date_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ConcordDateRow *self = CONCORD_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      concord_date_row_set_date (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_date_row_class_init (ConcordDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = concord_date_row_finalize;
  object_class->get_property = concord_date_row_get_property;
  object_class->set_property = concord_date_row_set_property;

  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordDateRow, button);
  gtk_widget_class_bind_template_child (widget_class, ConcordDateRow, clear_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordDateRow, calendar);
  gtk_widget_class_bind_template_child (widget_class, ConcordDateRow, entry);
  gtk_widget_class_bind_template_child (widget_class, ConcordDateRow, popover);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
}

static void
concord_date_row_init (ConcordDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->button));
  update_display (self);
}

GtkWidget *
concord_date_row_new (const char *title)
{
  return g_object_new (CONCORD_TYPE_DATE_ROW, "title", title, NULL);
}

const char *
concord_date_row_get_date (ConcordDateRow *self)
{
  g_return_val_if_fail (CONCORD_IS_DATE_ROW (self), NULL);

  return self->date;
}

void
concord_date_row_set_date (ConcordDateRow *self,
                           const char     *date)
{
  g_return_if_fail (CONCORD_IS_DATE_ROW (self));

  if (date != NULL && *date == '\0')
    date = NULL;

  if (g_strcmp0 (self->date, date) == 0)
    return;

  g_free (self->date);
  self->date = g_strdup (date);
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

void
concord_date_row_set_error (ConcordDateRow *self,
                            const char     *message)
{
  g_return_if_fail (CONCORD_IS_DATE_ROW (self));

  g_free (self->error);
  self->error = g_strdup (message);
  if (message == NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  update_display (self);
}
