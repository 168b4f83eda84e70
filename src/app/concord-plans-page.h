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

G_END_DECLS
