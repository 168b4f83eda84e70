/* concord-plans-page.h: joint plans with KPIs, budget, milestones, accounts */
#pragma once

#include "concord-page.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_PLANS_PAGE (concord_plans_page_get_type ())

G_DECLARE_FINAL_TYPE (ConcordPlansPage, concord_plans_page, CONCORD, PLANS_PAGE, ConcordPage)

/* Shows @plan_id in the editor (also the action "plans.select" x). */
gboolean concord_plans_page_select          (ConcordPlansPage *self,
                                             gint64            plan_id);
gint64   concord_plans_page_get_selected_id (ConcordPlansPage *self);
/* Opens the plan of a KPI, budget line or milestone and scrolls to it
 * (also the action "plans.show-item" (sx): table, id). */
gboolean concord_plans_page_show_item       (ConcordPlansPage *self,
                                             const char       *table,
                                             gint64            item_id);

G_END_DECLS
