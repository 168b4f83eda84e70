/* concord-team-secret.h: team server passwords in the keyring (libsecret) */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

/* One password per address (as the workbook keeps it: with the user,
 * without the password). Blocking: call these from a worker thread.
 * Free what lookup returns with secret_password_free(). */
const SecretSchema *concord_team_secret_schema (void);
char               *concord_team_secret_lookup (const char   *address,
                                                GError      **error);
gboolean            concord_team_secret_store  (const char   *address,
                                                const char   *password,
                                                GError      **error);

G_END_DECLS
