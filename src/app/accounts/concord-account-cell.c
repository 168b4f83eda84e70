/* concord-account-cell.c
 *
 * A label in a column of fixed width. GTK 4.8 builds and measures every
 * row of a list's first screens before its first frame, and a label lays
 * its text out twice to be measured (whole and ellipsized): a row's ten
 * labels cost more than the rest of the row. Here the column gives the
 * width and one cell of the row (the account's) gives its height, which
 * is the same line height in every column; the label is laid out once,
 * when it is placed, which GTK does only for the rows it shows. The label
 * itself draws, ellipsizes and names the cell to assistive technologies.
 */
#define G_LOG_DOMAIN "concord-account-cell"

#include "config.h"

#include "concord-account-cell.h"

struct _ConcordAccountCell
{
  GtkWidget  parent_instance;

  GtkWidget *label;
  gboolean   sizes_row;
};

G_DEFINE_FINAL_TYPE (ConcordAccountCell, concord_account_cell, GTK_TYPE_WIDGET)

static guint n_measured;
static guint n_created;

static void
concord_account_cell_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  ConcordAccountCell *self = CONCORD_ACCOUNT_CELL (widget);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_VERTICAL && self->sizes_row)
    {
      n_measured++;
      gtk_widget_measure (self->label, orientation, for_size, minimum, natural, NULL, NULL);
    }
}

static void
concord_account_cell_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  ConcordAccountCell *self = CONCORD_ACCOUNT_CELL (widget);

  gtk_widget_allocate (self->label, width, height, -1, NULL);
}

static void
concord_account_cell_dispose (GObject *object)
{
  ConcordAccountCell *self = CONCORD_ACCOUNT_CELL (object);

  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (concord_account_cell_parent_class)->dispose (object);
}

static void
concord_account_cell_class_init (ConcordAccountCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_account_cell_dispose;
  widget_class->measure = concord_account_cell_measure;
  widget_class->size_allocate = concord_account_cell_size_allocate;
}

static void
concord_account_cell_init (ConcordAccountCell *self)
{
  n_created++;
  self->label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
}

/**
 * concord_account_cell_new:
 * @sizes_row: whether this cell's text gives its row the height
 *
 * Returns: (transfer floating): a cell whose label is empty
 */
GtkWidget *
concord_account_cell_new (gboolean sizes_row)
{
  ConcordAccountCell *self = g_object_new (CONCORD_TYPE_ACCOUNT_CELL, NULL);

  self->sizes_row = sizes_row;

  return GTK_WIDGET (self);
}

GtkLabel *
concord_account_cell_get_label (ConcordAccountCell *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_CELL (self), NULL);

  return GTK_LABEL (self->label);
}

guint
concord_account_cell_get_n_measured (void)
{
  return n_measured;
}

guint
concord_account_cell_get_n_created (void)
{
  return n_created;
}
