/* concord-tables.h: each table of a workbook, described once
 *
 * Validation, CSV import and export, the JSON exchange and its schema,
 * the editors and docs/schema.md read this description; the SQL in
 * concord-schema-v*.sql is the last line, and tests/test-tables.c fails
 * when the two disagree.
 */
#pragma once

#include "concord-fields.h"
#include "concord-values.h"

G_BEGIN_DECLS

typedef enum
{
  CONCORD_COLUMN_TEXT,
  CONCORD_COLUMN_INT,
  CONCORD_COLUMN_NUMBER,     /* REAL */
  CONCORD_COLUMN_MONEY,      /* INTEGER minor units (cents) of meta.currency */
  CONCORD_COLUMN_DATE,       /* TEXT YYYY-MM-DD */
  CONCORD_COLUMN_TIME,       /* TEXT UTC ISO 8601, 2026-11-23T09:15:48.472Z */
  CONCORD_COLUMN_CHOICE,     /* TEXT, one of choices[] */
  CONCORD_COLUMN_REFERENCE,  /* INTEGER row id of a record in parent */
  CONCORD_COLUMN_BOOL,       /* INTEGER 0 or 1 */
} ConcordColumnKind;

/* A check beyond the kind. */
typedef enum
{
  CONCORD_RULE_NONE,
  CONCORD_RULE_EMAIL,
  CONCORD_RULE_DOMAIN,
} ConcordColumnRule;

typedef enum
{
  CONCORD_COLUMN_REQUIRED    = 1 << 0,  /* NOT NULL, and text not blank */
  CONCORD_COLUMN_HAS_DEFAULT = 1 << 1,  /* an insert may leave it out */
  CONCORD_COLUMN_PRIMARY_KEY = 1 << 2,
  CONCORD_COLUMN_UNIQUE      = 1 << 3,
  CONCORD_COLUMN_CASCADE     = 1 << 4,  /* reference: ON DELETE CASCADE, else SET NULL */
  CONCORD_COLUMN_DERIVED     = 1 << 5,  /* kept by the store, not typed by a user */
  CONCORD_COLUMN_SEARCHED    = 1 << 6,  /* in the accounts search index (accounts_fts) */
} ConcordColumnFlags;

typedef struct
{
  const char          *name;         /* the SQL column */
  const char          *label;        /* untranslated; pass through gettext */
  ConcordColumnKind    kind;
  ConcordColumnFlags   flags;
  gint64               min;          /* text: length; numbers: value, when ranged */
  gint64               max;          /* text: length (0: no limit); numbers: value */
  gboolean             ranged;       /* numbers: min and max apply */
  const ConcordChoice *choices;      /* choice */
  guint                n_choices;
  const char          *default_value; /* as SQL writes it ("'many'", "0"), or NULL */
  const char          *parent;       /* reference: the table */
  ConcordColumnRule    rule;
  const char          *unit;         /* for the docs: "percent", "hours", … or NULL */
  const char          *csv_header;   /* English header of the CSV export, or NULL */
  guint                csv_position; /* its place there, from 1 */
  const char          *json_name;    /* in an exchange document, when not the name */
  const char          *note;         /* for the docs, or NULL */
} ConcordColumn;

typedef enum
{
  CONCORD_TABLE_EXCHANGED   = 1 << 0,  /* records travel in exchange documents */
  CONCORD_TABLE_BOOKKEEPING = 1 << 1,  /* the merge's own tables, documented by hand */
} ConcordTableFlags;

typedef struct
{
  const char          *name;
  const char          *label;        /* a record of it, untranslated: "Account" */
  ConcordTableFlags    flags;
  const ConcordColumn *columns;
  guint                n_columns;
  const char          *description;  /* for the docs */
  const char          *constraints;  /* for the docs: table CHECKs and UNIQUEs, or NULL */
} ConcordTable;

/* Every table, in the order of the schema (parents first). */
const ConcordTable  *concord_tables             (guint              *n_tables);
const ConcordTable  *concord_table_lookup       (const char         *name);
const ConcordColumn *concord_table_find_column  (const ConcordTable *table,
                                                 const char         *column);
/* The column an exchange document names @json_name. */
const ConcordColumn *concord_table_find_member  (const ConcordTable *table,
                                                 const char         *json_name);
/* The name of @column in an exchange document, or NULL for the row id
 * and the uuid (a record's key there). */
const char          *concord_column_json_name   (const ConcordColumn *column);
/* The choices of a choice column. */
const ConcordChoice *concord_table_choices      (const char         *table,
                                                 const char         *column,
                                                 guint              *n_choices);
/* The translated label of @column of @table, or @column itself. */
const char          *concord_table_column_label (const char         *table,
                                                 const char         *column);

/* Checks one value ("s", "x", "d", or a maybe type for null); the
 * message names the field and says what is allowed. */
gboolean concord_table_validate_value  (const ConcordColumn *column,
                                        GVariant            *value,
                                        GError             **error);

typedef enum
{
  CONCORD_SCALAR_NULL,
  CONCORD_SCALAR_TEXT,
  CONCORD_SCALAR_INT,
  CONCORD_SCALAR_DOUBLE,
  CONCORD_SCALAR_OTHER,
} ConcordScalarKind;

/* One value as concord_table_validate_scalar() takes it. */
typedef struct
{
  ConcordScalarKind  kind;
  const char        *text;
  gint64             integer;
  double             number;
} ConcordScalar;

/* The same check without a GVariant, for values read in bulk. */
gboolean concord_table_validate_scalar (const ConcordColumn *column,
                                        const ConcordScalar *value,
                                        GError             **error);
/* Checks every field of @fields that @table describes. With @insert, a
 * required field without a default must be there. */
gboolean concord_table_validate_fields (const char          *table,
                                        ConcordFields       *fields,
                                        gboolean             insert,
                                        GError             **error);

/* @text without its surrounding spaces, checked as @column of @table:
 * a name as a user typed it. NULL, with @error set, when refused. */
char    *concord_table_check_text      (const char          *table,
                                        const char          *column,
                                        const char          *text,
                                        GError             **error);

/* The JSON Schema of an exchange document, and the Markdown tables of
 * docs/schema.md, from the description. */
char    *concord_tables_json_schema    (void);
char    *concord_tables_markdown       (void);

G_END_DECLS
