/* concord-team-secret.c
 *
 * The team server's password lives in the user's keyring, never in the
 * workbook: the workbook keeps the address, and the address finds the
 * password here.
 */
#define G_LOG_DOMAIN "concord-team-secret"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-team-secret.h"

const SecretSchema *
concord_team_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.concordplan.Concord.TeamServer", SECRET_SCHEMA_NONE,
    {
      { "address", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

char *
concord_team_secret_lookup (const char  *address,
                            GError     **error)
{
  g_return_val_if_fail (address != NULL, NULL);

  return secret_password_lookup_sync (concord_team_secret_schema (), NULL, error,
                                      "address", address, NULL);
}

gboolean
concord_team_secret_store (const char  *address,
                           const char  *password,
                           GError     **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  /* TRANSLATORS: the name of the password in the keyring; %s is a PostgreSQL address */
  label = g_strdup_printf (_("Concord team server %s"), address);
  return secret_password_store_sync (concord_team_secret_schema (), SECRET_COLLECTION_DEFAULT, label,
                                     password, NULL, error, "address", address, NULL);
}
