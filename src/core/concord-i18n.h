/* concord-i18n.h: where Concord's programs find their translations */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *concord_i18n_locale_dir (void);
void        concord_i18n_init       (void);

G_END_DECLS
