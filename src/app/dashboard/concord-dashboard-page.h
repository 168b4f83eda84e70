/* concord-dashboard-page.h: the monthly review on one page */
#pragma once

#include "concord-dashboard.h"
#include "concord-page.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_DASHBOARD_PAGE (concord_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (ConcordDashboardPage, concord_dashboard_page, CONCORD, DASHBOARD_PAGE, ConcordPage)

/* The figures on screen, for tests and reports; NULL without a workbook.
 * While the page is not on screen they are those of when it last was. */
const ConcordDashboard *concord_dashboard_page_get_dashboard (ConcordDashboardPage *self);
/* Reads the workbook again now instead of at the next idle moment. */
void                    concord_dashboard_page_reload        (ConcordDashboardPage *self);

G_END_DECLS
