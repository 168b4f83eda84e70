/* concord-initiative-editor.h: the dialog that creates or edits an initiative */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_INITIATIVE_EDITOR (concord_initiative_editor_get_type ())

G_DECLARE_FINAL_TYPE (ConcordInitiativeEditor, concord_initiative_editor, CONCORD, INITIATIVE_EDITOR, AdwWindow)

/* id 0 creates a new initiative (in dimension_id, when not 0). */
GtkWidget  *concord_initiative_editor_new        (GtkWindow       *parent,
                                                  ConcordWorkbook *workbook,
                                                  gint64           id,
                                                  gint64           dimension_id);
gint64      concord_initiative_editor_get_id     (ConcordInitiativeEditor *self);
void        concord_initiative_editor_set_title_text (ConcordInitiativeEditor *self,
                                                      const char              *title);
/* The message shown beside column, or NULL (for tests). */
const char *concord_initiative_editor_get_error  (ConcordInitiativeEditor *self,
                                                  const char              *column);

G_END_DECLS
