/* concord-people-page.h: the directory of people and teams */
#pragma once

#include "concord-page.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_PEOPLE_PAGE (concord_people_page_get_type ())

G_DECLARE_FINAL_TYPE (ConcordPeoplePage, concord_people_page, CONCORD, PEOPLE_PAGE, ConcordPage)

/* Shows @person_id in the editor (also the action "people.select" x). */
gboolean concord_people_page_select (ConcordPeoplePage *self,
                                     gint64             person_id);

G_END_DECLS
