/* concord-processes-page.h: shared processes, glossary, rules of engagement */
#pragma once

#include "concord-page.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_PROCESSES_PAGE (concord_processes_page_get_type ())

G_DECLARE_FINAL_TYPE (ConcordProcessesPage, concord_processes_page, CONCORD, PROCESSES_PAGE, ConcordPage)

GtkWidget *concord_processes_page_new            (void);
void       concord_processes_page_select_process (ConcordProcessesPage *self,
                                                  gint64                process_id);

G_END_DECLS
