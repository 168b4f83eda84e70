/* concord-empty-page.c
 *
 * An explanation of what an area is for, with the sample company one
 * click away while the workbook is empty.
 */
#define G_LOG_DOMAIN "concord-empty-page"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-empty-page.h"
#include "concord-info.h"

struct _ConcordEmptyPage
{
  ConcordPage    parent_instance;

  AdwStatusPage *status;
  GtkWidget     *sample_button;
};

G_DEFINE_FINAL_TYPE (ConcordEmptyPage, concord_empty_page, CONCORD_TYPE_PAGE)

static void
update_sample_button (ConcordEmptyPage *self)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));

  gtk_widget_set_visible (self->sample_button,
                          concord_page_is_editable (CONCORD_PAGE (self)) &&
                          workbook != NULL && concord_workbook_is_empty (workbook));
}

static void
on_workbook_changed (ConcordWorkbook  *workbook,
                     const char       *table,
                     ConcordEmptyPage *self)
{
  update_sample_button (self);
}

static void
concord_empty_page_workbook_changed (ConcordPage *page)
{
  ConcordEmptyPage *self = CONCORD_EMPTY_PAGE (page);
  ConcordWorkbook *workbook = concord_page_get_workbook (page);

  if (workbook != NULL)
    g_signal_connect_object (workbook, "changed", G_CALLBACK (on_workbook_changed),
                             self, G_CONNECT_DEFAULT);
  update_sample_button (self);
}

static void
concord_empty_page_class_init (ConcordEmptyPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ConcordPageClass *page_class = CONCORD_PAGE_CLASS (klass);

  page_class->workbook_changed = concord_empty_page_workbook_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-empty-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordEmptyPage, status);
  gtk_widget_class_bind_template_child (widget_class, ConcordEmptyPage, sample_button);
}

static void
concord_empty_page_init (ConcordEmptyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->sample_button, FALSE);
}

GtkWidget *
concord_empty_page_new (const char *icon_name,
                        const char *title,
                        const char *description)
{
  ConcordEmptyPage *self = g_object_new (CONCORD_TYPE_EMPTY_PAGE, NULL);

  adw_status_page_set_icon_name (self->status, icon_name);
  adw_status_page_set_title (self->status, title);
  adw_status_page_set_description (self->status, description);

  return GTK_WIDGET (self);
}
