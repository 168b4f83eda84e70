/* concord-migrations-list.h: the schema's steps, in order
 *
 * Shared by the store (concord-migrations.c) and the build-time tool
 * that writes the schema each version must have
 * (concord-reference-gen.c), so both run the same resources. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The search index's triggers, in their own resource: a bulk edit
 * re-creates them from this compiled-in text, never from a file's. A
 * migration that changes them adds a new resource and points
 * SEARCH_TRIGGERS_RESOURCE at it. */
#define SEARCH_TRIGGERS_RESOURCE "/io/github/concordplan/Concord/core/concord-search-triggers.sql"

typedef struct
{
  int         version;
  const char *resource;
  const char *then;      /* a second resource, or NULL */
} ConcordMigration;

/* Ordered; each step runs in the same transaction as the others. The
 * schema a file must have for its user_version is what these create on
 * an empty database, so they are the only description of it. */
static inline const ConcordMigration *
concord_migrations_list (guint *n_migrations)
{
  static const ConcordMigration migrations[] = {
    { 1, "/io/github/concordplan/Concord/core/concord-schema-v1.sql", SEARCH_TRIGGERS_RESOURCE },
    { 2, "/io/github/concordplan/Concord/core/concord-schema-v2.sql", NULL },
    { 3, "/io/github/concordplan/Concord/core/concord-schema-v3.sql", SEARCH_TRIGGERS_RESOURCE },
    { 4, "/io/github/concordplan/Concord/core/concord-schema-v4.sql", NULL },
    { 5, "/io/github/concordplan/Concord/core/concord-schema-v5.sql", NULL },
  };

  *n_migrations = G_N_ELEMENTS (migrations);

  return migrations;
}

G_END_DECLS
