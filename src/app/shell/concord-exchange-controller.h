/* concord-exchange-controller.h: JSON export, import and merge, and clean
 * copies of refused workbooks, in worker threads */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_EXCHANGE_CONTROLLER (concord_exchange_controller_get_type ())

G_DECLARE_FINAL_TYPE (ConcordExchangeController, concord_exchange_controller,
                      CONCORD, EXCHANGE_CONTROLLER, GObject)

/* Its dialogs stand over @parent, which must outlive it. */
ConcordExchangeController *concord_exchange_controller_new          (GtkWindow                 *parent);
/* The workbook an export reads and an import merges into. */
void                       concord_exchange_controller_set_workbook (ConcordExchangeController *self,
                                                                     ConcordWorkbook           *workbook);
void                       concord_exchange_controller_export       (ConcordExchangeController *self,
                                                                     const char                *path);
void                       concord_exchange_controller_import       (ConcordExchangeController *self,
                                                                     const char                *path);
void                       concord_exchange_controller_save_clean_copy (ConcordExchangeController *self,
                                                                        const char                *source,
                                                                        const char                *target);

G_END_DECLS
