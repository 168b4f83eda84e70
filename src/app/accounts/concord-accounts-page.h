/* concord-accounts-page.h: the target accounts, their list and editor */
#pragma once

#include "concord-page.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ACCOUNTS_PAGE (concord_accounts_page_get_type ())

G_DECLARE_FINAL_TYPE (ConcordAccountsPage, concord_accounts_page, CONCORD, ACCOUNTS_PAGE, ConcordPage)

/* The list as a view shows it, for tests: a GListModel of ConcordRecord. */
GListModel *concord_accounts_page_get_model     (ConcordAccountsPage *self);
GtkSelectionModel *concord_accounts_page_get_selection (ConcordAccountsPage *self);

G_END_DECLS
