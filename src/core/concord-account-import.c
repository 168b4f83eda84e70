/* concord-account-import.c
 *
 * Accounts and contacts from the CSV files CRMs export. Columns are
 * matched by the names HubSpot and Salesforce give them; the user maps
 * the rest. Duplicates are found by web domain (accounts) or email
 * (contacts) through hash tables filled once at the start, so a row
 * costs one prepared INSERT or UPDATE and no lookup query. The whole file
 * is one edit: one transaction, one undo step, nothing half-imported.
 * Exports come as CRMs write them: Pipedrive's "Organization - Name"
 * headers, a Salesforce report's footer, owners who are not in People yet
 * (added, in the same edit), stages only some CRMs share (the rest kept
 * in the notes).
 */
#define G_LOG_DOMAIN "concord-account-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "concord-account-import.h"
#include "concord-accounts.h"
#include "concord-tables.h"
#include "concord-workbook-private.h"

#define MAX_PROBLEMS 1000
#define MAX_NAMED_PEOPLE 5

/* Fields --------------------------------------------------------------- */

enum
{
  A_NAME, A_DOMAIN, A_INDUSTRY, A_REGION, A_EMPLOYEES, A_REVENUE, A_TIER, A_STAGE,
  A_FIT, A_ENGAGEMENT, A_PIPELINE, A_SALES_OWNER, A_MARKETING_OWNER, A_GOALS,
  A_VALUE_PROPOSITION, A_WHITESPACE, A_RISKS, A_NEXT_STEP, A_NOTES, A_SOURCE_SYSTEM, A_SOURCE_ID, A_N_FIELDS
};

enum
{
  C_NAME, C_FIRST_NAME, C_LAST_NAME, C_EMAIL, C_TITLE, C_PHONE, C_COMPANY, C_COMPANY_DOMAIN,
  C_ROLE, C_INFLUENCE, C_SENTIMENT, C_PRIMARY, C_OWNER, C_NOTES, C_SOURCE_ID, C_SOURCE_SYSTEM, C_N_FIELDS
};

#define MAX_FIELDS MAX ((int) A_N_FIELDS, (int) C_N_FIELDS)

/* The account fields are the columns of accounts a user fills, in the
 * order they are described (the enum above follows it), each with the
 * INSERT and UPDATEs of a row built from them: field F binds ?F+1, the
 * record updated binds ?A_N_FIELDS+1. The record id columns keep what
 * the workbook holds. */
typedef struct
{
  ConcordImportField   fields[A_N_FIELDS];
  const ConcordColumn *columns[A_N_FIELDS];
  char                *insert_sql;
  char                *batch_sql;    /* INSERT_BATCH rows, the first ?LIMIT of them */
  char                *update_sql;
  char                *fill_sql;
  char                *overwrites_sql;
} AccountSql;

#define NOW_SQL "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"
/* New accounts go in this many rows to a statement. */
#define INSERT_BATCH 64
/* A filled field that an update gives another value. */
#define CHANGED(COLUMN, N) "(" COLUMN " IS NOT NULL AND ?" #N " IS NOT NULL AND " COLUMN " IS NOT ?" #N ")"
static gboolean
keeps_stored (int field)
{
  return field == A_SOURCE_SYSTEM || field == A_SOURCE_ID;
}

static const AccountSql *
account_sql (void)
{
  static gsize once = 0;
  static AccountSql sql;

  if (g_once_init_enter (&once))
    {
      const ConcordTable *table = concord_table_lookup ("accounts");
      g_autoptr(GString) insert = g_string_new ("INSERT INTO accounts (");
      g_autoptr(GString) batch = g_string_new (NULL);
      /* An empty cell of a new row takes its column's default. */
      const char *defaults[A_N_FIELDS];
      g_autoptr(GString) update = g_string_new ("UPDATE accounts SET ");
      g_autoptr(GString) fill = g_string_new ("UPDATE accounts SET ");
      g_autoptr(GString) overwrites = g_string_new ("SELECT 0");
      int f = 0;

      for (guint i = 0; i < table->n_columns; i++)
        {
          const ConcordColumn *column = &table->columns[i];
          const char *name = column->name;
          int n;

          if (column->flags & CONCORD_COLUMN_DERIVED)
            continue;
          g_assert (f < A_N_FIELDS);
          sql.columns[f] = column;
          sql.fields[f].id = concord_column_json_name (column);
          sql.fields[f].label = column->label;
          n = f + 1;

          g_string_append_printf (insert, "%s%s", f ? ", " : "", name);
          defaults[f] = column->default_value;
          /* An empty cell leaves what the workbook holds. */
          if (keeps_stored (f))
            g_string_append_printf (update, "%s = coalesce (%s, ?%d), ", name, name, n);
          else
            {
              g_string_append_printf (update, "%s = coalesce (?%d, %s), ", name, n, name);
              g_string_append_printf (overwrites, " + (%s IS NOT NULL AND ?%d IS NOT NULL AND %s IS NOT ?%d)",
                                      name, n, name, n);
            }
          /* "Fill empty fields only": what the workbook holds wins. */
          g_string_append_printf (fill, "%s = coalesce (%s, ?%d), ", name, name, n);
          f++;
        }
      g_assert (f == A_N_FIELDS);
      g_assert (g_str_equal (sql.fields[A_NOTES].id, "notes") && g_str_equal (sql.fields[A_SOURCE_ID].id, "source_id"));

      /* The same row INSERT_BATCH times, each with parameters of its own:
       * one statement per batch checks the schema's IN (…) lists once,
       * not once per row. LIMIT takes the rows a batch holds. */
      g_string_append_printf (batch, "%s) SELECT * FROM (", insert->str);
      concord_sql_append_rows (batch, INSERT_BATCH, A_N_FIELDS, defaults);
      g_string_append_printf (batch, ") LIMIT ?%d", INSERT_BATCH * A_N_FIELDS + 1);
      g_string_append (insert, ") ");
      concord_sql_append_rows (insert, 1, A_N_FIELDS, defaults);
      g_string_append_printf (update, "updated_at = %s WHERE id = ?%d", NOW_SQL, A_N_FIELDS + 1);
      g_string_append_printf (fill, "updated_at = %s WHERE id = ?%d", NOW_SQL, A_N_FIELDS + 1);
      g_string_append_printf (overwrites, " FROM accounts WHERE id = ?%d", A_N_FIELDS + 1);
      sql.insert_sql = g_string_free (g_steal_pointer (&insert), FALSE);
      sql.batch_sql = g_string_free (g_steal_pointer (&batch), FALSE);
      sql.update_sql = g_string_free (g_steal_pointer (&update), FALSE);
      sql.fill_sql = g_string_free (g_steal_pointer (&fill), FALSE);
      sql.overwrites_sql = g_string_free (g_steal_pointer (&overwrites), FALSE);

      g_once_init_leave (&once, 1);
    }

  return &sql;
}


static const ConcordImportField contact_fields[C_N_FIELDS] = {
  [C_NAME] = { "name", N_("Full name") },
  [C_FIRST_NAME] = { "first_name", N_("First name") },
  [C_LAST_NAME] = { "last_name", N_("Last name") },
  [C_EMAIL] = { "email", N_("Email") },
  [C_TITLE] = { "title", N_("Job title") },
  [C_PHONE] = { "phone", N_("Phone") },
  [C_COMPANY] = { "account", N_("Account name") },
  [C_COMPANY_DOMAIN] = { "account_domain", N_("Account domain") },
  [C_ROLE] = { "role", N_("Buying role") },
  [C_INFLUENCE] = { "influence", N_("Influence") },
  [C_SENTIMENT] = { "sentiment", N_("Sentiment") },
  [C_PRIMARY] = { "primary", N_("Primary contact") },
  [C_OWNER] = { "owner", N_("Relationship owner") },
  [C_NOTES] = { "notes", N_("Notes") },
  [C_SOURCE_ID] = { "source_id", N_("Record ID in the CRM") },
  [C_SOURCE_SYSTEM] = { "source_system", N_("CRM of the record ID") },
};

typedef struct
{
  ConcordImportKind kind;
  int               field;
  const char       *alias;  /* lower case, letters and digits only */
} Alias;

/* Column names as HubSpot, Salesforce and spreadsheets write them. */
static const Alias aliases[] = {
  { CONCORD_IMPORT_ACCOUNTS, A_NAME, "companyname" },
  { CONCORD_IMPORT_ACCOUNTS, A_NAME, "accountname" },
  { CONCORD_IMPORT_ACCOUNTS, A_NAME, "name" },
  { CONCORD_IMPORT_ACCOUNTS, A_NAME, "company" },
  { CONCORD_IMPORT_ACCOUNTS, A_NAME, "account" },
  { CONCORD_IMPORT_ACCOUNTS, A_NAME, "organization" },
  { CONCORD_IMPORT_ACCOUNTS, A_NAME, "organisation" },
  { CONCORD_IMPORT_ACCOUNTS, A_DOMAIN, "companydomainname" },
  { CONCORD_IMPORT_ACCOUNTS, A_DOMAIN, "website" },
  { CONCORD_IMPORT_ACCOUNTS, A_DOMAIN, "websiteurl" },
  { CONCORD_IMPORT_ACCOUNTS, A_DOMAIN, "domain" },
  { CONCORD_IMPORT_ACCOUNTS, A_DOMAIN, "companydomain" },
  { CONCORD_IMPORT_ACCOUNTS, A_INDUSTRY, "industry" },
  { CONCORD_IMPORT_ACCOUNTS, A_REGION, "countryregion" },
  { CONCORD_IMPORT_ACCOUNTS, A_REGION, "billingcountry" },
  { CONCORD_IMPORT_ACCOUNTS, A_REGION, "shippingcountry" },
  { CONCORD_IMPORT_ACCOUNTS, A_REGION, "country" },
  { CONCORD_IMPORT_ACCOUNTS, A_REGION, "region" },
  { CONCORD_IMPORT_ACCOUNTS, A_EMPLOYEES, "numberofemployees" },
  { CONCORD_IMPORT_ACCOUNTS, A_EMPLOYEES, "employees" },
  { CONCORD_IMPORT_ACCOUNTS, A_EMPLOYEES, "employeecount" },
  { CONCORD_IMPORT_ACCOUNTS, A_EMPLOYEES, "headcount" },
  { CONCORD_IMPORT_ACCOUNTS, A_REVENUE, "annualrevenue" },
  { CONCORD_IMPORT_ACCOUNTS, A_REVENUE, "revenue" },
  { CONCORD_IMPORT_ACCOUNTS, A_TIER, "tier" },
  { CONCORD_IMPORT_ACCOUNTS, A_TIER, "abmtier" },
  { CONCORD_IMPORT_ACCOUNTS, A_TIER, "accounttier" },
  { CONCORD_IMPORT_ACCOUNTS, A_TIER, "idealcustomerprofiletier" },
  { CONCORD_IMPORT_ACCOUNTS, A_STAGE, "stage" },
  { CONCORD_IMPORT_ACCOUNTS, A_STAGE, "accountstage" },
  { CONCORD_IMPORT_ACCOUNTS, A_STAGE, "lifecyclestage" },
  { CONCORD_IMPORT_ACCOUNTS, A_STAGE, "type" },
  { CONCORD_IMPORT_ACCOUNTS, A_STAGE, "accounttype" },
  { CONCORD_IMPORT_ACCOUNTS, A_FIT, "fit" },
  { CONCORD_IMPORT_ACCOUNTS, A_FIT, "icpfit" },
  { CONCORD_IMPORT_ACCOUNTS, A_FIT, "icpscore" },
  { CONCORD_IMPORT_ACCOUNTS, A_FIT, "fitscore" },
  { CONCORD_IMPORT_ACCOUNTS, A_ENGAGEMENT, "engagement" },
  { CONCORD_IMPORT_ACCOUNTS, A_ENGAGEMENT, "engagementscore" },
  { CONCORD_IMPORT_ACCOUNTS, A_ENGAGEMENT, "intentscore" },
  { CONCORD_IMPORT_ACCOUNTS, A_PIPELINE, "pipelinevalue" },
  { CONCORD_IMPORT_ACCOUNTS, A_PIPELINE, "pipeline" },
  { CONCORD_IMPORT_ACCOUNTS, A_PIPELINE, "totalopendealvalue" },
  { CONCORD_IMPORT_ACCOUNTS, A_PIPELINE, "openpipeline" },
  { CONCORD_IMPORT_ACCOUNTS, A_SALES_OWNER, "companyowner" },
  { CONCORD_IMPORT_ACCOUNTS, A_SALES_OWNER, "accountowner" },
  { CONCORD_IMPORT_ACCOUNTS, A_SALES_OWNER, "salesowner" },
  { CONCORD_IMPORT_ACCOUNTS, A_SALES_OWNER, "owner" },
  { CONCORD_IMPORT_ACCOUNTS, A_MARKETING_OWNER, "marketingowner" },
  { CONCORD_IMPORT_ACCOUNTS, A_GOALS, "goals" },
  { CONCORD_IMPORT_ACCOUNTS, A_VALUE_PROPOSITION, "valueproposition" },
  { CONCORD_IMPORT_ACCOUNTS, A_WHITESPACE, "whitespace" },
  { CONCORD_IMPORT_ACCOUNTS, A_RISKS, "risks" },
  { CONCORD_IMPORT_ACCOUNTS, A_NEXT_STEP, "nextstep" },
  { CONCORD_IMPORT_ACCOUNTS, A_NOTES, "notes" },
  { CONCORD_IMPORT_ACCOUNTS, A_NOTES, "description" },
  /* HubSpot's "Record ID", Salesforce's "Account ID" or Data Loader's
   * "ID", Pipedrive's "Organization - ID". */
  { CONCORD_IMPORT_ACCOUNTS, A_SOURCE_ID, "recordid" },
  { CONCORD_IMPORT_ACCOUNTS, A_SOURCE_ID, "accountid" },
  { CONCORD_IMPORT_ACCOUNTS, A_SOURCE_ID, "companyid" },
  { CONCORD_IMPORT_ACCOUNTS, A_SOURCE_ID, "id" },
  /* Concord's own export, per row. */
  { CONCORD_IMPORT_ACCOUNTS, A_SOURCE_ID, "sourceid" },
  { CONCORD_IMPORT_ACCOUNTS, A_SOURCE_SYSTEM, "sourcesystem" },
  /* Pipedrive's exports in German and French ("Organisation - Name"). */
  { CONCORD_IMPORT_ACCOUNTS, A_NAME, "nom" },
  { CONCORD_IMPORT_ACCOUNTS, A_DOMAIN, "webseite" },
  { CONCORD_IMPORT_ACCOUNTS, A_DOMAIN, "siteweb" },
  { CONCORD_IMPORT_ACCOUNTS, A_INDUSTRY, "branche" },
  { CONCORD_IMPORT_ACCOUNTS, A_INDUSTRY, "secteur" },
  { CONCORD_IMPORT_ACCOUNTS, A_REGION, "land" },
  { CONCORD_IMPORT_ACCOUNTS, A_REGION, "pays" },
  { CONCORD_IMPORT_ACCOUNTS, A_EMPLOYEES, "anzahldermitarbeiter" },
  { CONCORD_IMPORT_ACCOUNTS, A_EMPLOYEES, "mitarbeiter" },
  { CONCORD_IMPORT_ACCOUNTS, A_SALES_OWNER, "besitzer" },
  { CONCORD_IMPORT_ACCOUNTS, A_SALES_OWNER, "inhaber" },
  { CONCORD_IMPORT_ACCOUNTS, A_SALES_OWNER, "propriétaire" },

  { CONCORD_IMPORT_CONTACTS, C_NAME, "name" },
  { CONCORD_IMPORT_CONTACTS, C_NAME, "fullname" },
  { CONCORD_IMPORT_CONTACTS, C_NAME, "contactname" },
  { CONCORD_IMPORT_CONTACTS, C_FIRST_NAME, "firstname" },
  { CONCORD_IMPORT_CONTACTS, C_LAST_NAME, "lastname" },
  { CONCORD_IMPORT_CONTACTS, C_EMAIL, "email" },
  { CONCORD_IMPORT_CONTACTS, C_EMAIL, "emailaddress" },
  { CONCORD_IMPORT_CONTACTS, C_TITLE, "jobtitle" },
  { CONCORD_IMPORT_CONTACTS, C_TITLE, "title" },
  { CONCORD_IMPORT_CONTACTS, C_PHONE, "phone" },
  { CONCORD_IMPORT_CONTACTS, C_PHONE, "phonenumber" },
  { CONCORD_IMPORT_CONTACTS, C_PHONE, "mobilephone" },
  { CONCORD_IMPORT_CONTACTS, C_PHONE, "mobilephonenumber" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY, "associatedcompany" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY, "accountname" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY, "companyname" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY, "company" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY, "account" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY, "organization" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY_DOMAIN, "companydomainname" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY_DOMAIN, "companydomain" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY_DOMAIN, "website" },
  { CONCORD_IMPORT_CONTACTS, C_COMPANY_DOMAIN, "domain" },
  { CONCORD_IMPORT_CONTACTS, C_ROLE, "role" },
  { CONCORD_IMPORT_CONTACTS, C_ROLE, "buyingrole" },
  { CONCORD_IMPORT_CONTACTS, C_ROLE, "buyingcommitteerole" },
  { CONCORD_IMPORT_CONTACTS, C_ROLE, "contactrole" },
  { CONCORD_IMPORT_CONTACTS, C_INFLUENCE, "influence" },
  { CONCORD_IMPORT_CONTACTS, C_SENTIMENT, "sentiment" },
  { CONCORD_IMPORT_CONTACTS, C_PRIMARY, "primary" },
  { CONCORD_IMPORT_CONTACTS, C_PRIMARY, "primarycontact" },
  { CONCORD_IMPORT_CONTACTS, C_PRIMARY, "isprimary" },
  { CONCORD_IMPORT_CONTACTS, C_OWNER, "contactowner" },
  { CONCORD_IMPORT_CONTACTS, C_OWNER, "relationshipowner" },
  { CONCORD_IMPORT_CONTACTS, C_OWNER, "owner" },
  { CONCORD_IMPORT_CONTACTS, C_NOTES, "notes" },
  { CONCORD_IMPORT_CONTACTS, C_NOTES, "description" },
  { CONCORD_IMPORT_CONTACTS, C_SOURCE_ID, "recordid" },
  { CONCORD_IMPORT_CONTACTS, C_SOURCE_ID, "contactid" },
  { CONCORD_IMPORT_CONTACTS, C_SOURCE_ID, "personid" },
  { CONCORD_IMPORT_CONTACTS, C_SOURCE_ID, "id" },
  { CONCORD_IMPORT_CONTACTS, C_SOURCE_ID, "sourceid" },
  { CONCORD_IMPORT_CONTACTS, C_SOURCE_SYSTEM, "sourcesystem" },
};

const ConcordImportField *
concord_account_import_fields (ConcordImportKind  kind,
                               guint             *n_fields)
{
  g_return_val_if_fail (n_fields != NULL, NULL);

  if (kind == CONCORD_IMPORT_CONTACTS)
    {
      *n_fields = C_N_FIELDS;
      return contact_fields;
    }

  *n_fields = A_N_FIELDS;
  return account_sql ()->fields;
}

/* "Country/Region" and "country region" both become "countryregion". */
static char *
normalise_name (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

static int
guess_field_index (ConcordImportKind  kind,
                   const char        *header)
{
  g_autofree char *key = normalise_name (header);
  const char *dash;

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (aliases[i].kind == kind && g_str_equal (aliases[i].alias, key))
      return aliases[i].field;

  /* Pipedrive names every column "<record> - <field>", in the user's
   * language ("Organization - Name", "Organisation - Besitzer"): the
   * field is what follows the dash. */
  dash = g_strrstr (header, " - ");
  if (dash != NULL && dash[3] != '\0')
    return guess_field_index (kind, dash + 3);

  return -1;
}

const char *
concord_account_import_guess_field (ConcordImportKind  kind,
                                    const char        *header)
{
  guint n;
  const ConcordImportField *fields = concord_account_import_fields (kind, &n);
  int index;

  g_return_val_if_fail (header != NULL, NULL);

  index = guess_field_index (kind, header);
  return index < 0 ? NULL : fields[index].id;
}

gboolean
concord_account_import_parse_kind (const char        *text,
                                   ConcordImportKind *kind)
{
  if (g_strcmp0 (text, "accounts") == 0)
    *kind = CONCORD_IMPORT_ACCOUNTS;
  else if (g_strcmp0 (text, "contacts") == 0)
    *kind = CONCORD_IMPORT_CONTACTS;
  else
    return FALSE;

  return TRUE;
}

gboolean
concord_account_import_parse_duplicate_mode (const char           *text,
                                             ConcordDuplicateMode *mode)
{
  if (g_strcmp0 (text, "update") == 0)
    *mode = CONCORD_DUPLICATE_UPDATE;
  else if (g_strcmp0 (text, "skip") == 0)
    *mode = CONCORD_DUPLICATE_SKIP;
  else if (g_strcmp0 (text, "create") == 0)
    *mode = CONCORD_DUPLICATE_CREATE;
  else if (g_strcmp0 (text, "fill") == 0)
    *mode = CONCORD_DUPLICATE_FILL;
  else
    return FALSE;

  return TRUE;
}

/* The object ----------------------------------------------------------- */

struct _ConcordAccountImport
{
  GObject               parent_instance;

  ConcordWorkbook      *workbook;
  ConcordImportKind     kind;
  ConcordCsvReader     *reader;
  char                 *label;
  GPtrArray            *headers;      /* utf8 */
  GArray               *mapping;      /* int field index per column, -1: left out */
  ConcordDuplicateMode  duplicate_mode;
  gboolean              skip_rejected;

  ConcordEdit          *edit;          /* the whole file is one edit */
  gboolean              done;
  gint64                cache_size;   /* to restore; 0 when untouched */
  GHashTable           *domains;      /* lower-case domain -> account id */
  GHashTable           *names;        /* case-folded account name -> account id */
  GHashTable           *emails;       /* lower-case email -> contact id */
  GHashTable           *people;       /* case-folded name or email -> person id */
  GHashTable           *touched;      /* existing record id -> the line that updated it */
  GArray               *added_lines;  /* guint: the line that added record added_base + i, 0 for none */
  gint64                added_base;   /* the first record this import added; 0 before */
  GHashTable           *sources;      /* "system\037id" -> record id */
  char                 *source_system;
  char                  decimal_mark; /* '.' or ',' as the file writes numbers; 0: no sign */
  ConcordNumberFormat   number_format; /* the same, for concord-values.h */
  char                  date_order;   /* 'm' month first, 'd' day first, 'y' ISO; 0: no dates */
  GPtrArray            *new_people;   /* utf8: owners this import added to People */
  GPtrArray            *footer;       /* ConcordImportProblem: one-cell rows, maybe a footer */

  guint                 n_rows;
  guint                 n_created;
  guint                 n_updated;
  guint                 n_skipped;
  guint                 n_rejected;
  guint                 n_new_accounts;
  guint                 n_overwritten;
  GPtrArray            *problems;     /* ConcordImportProblem */
  GPtrArray            *warnings;     /* ConcordImportProblem */
  GHashTable           *choice_words[CONCORD_CHOICE_TEAM + 1]; /* per kind: normalised word -> id */
  guint                 n_rows_guessed; /* data rows in the file, from its first rows' length */
  gint64                first_new_id; /* accounts above the largest id at the start are this import's */
  GPtrArray            *dropped;      /* utf8: CREATE INDEX text of the indexes taken off until commit */
  GPtrArray            *pending;      /* PendingRow: new accounts not yet written, at most INSERT_BATCH */
  gint64                next_new_id;  /* the id the next new account gets */
};

G_DEFINE_FINAL_TYPE (ConcordAccountImport, concord_account_import, G_TYPE_OBJECT)

static void pending_row_free (gpointer data);

static void
problem_free (gpointer data)
{
  ConcordImportProblem *problem = data;

  g_free (problem->reason);
  g_free (problem);
}

static void
concord_account_import_finalize (GObject *object)
{
  ConcordAccountImport *self = (ConcordAccountImport *) object;

  g_clear_pointer (&self->edit, concord_edit_free);
  g_clear_object (&self->workbook);
  g_clear_pointer (&self->reader, concord_csv_reader_free);
  g_free (self->label);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->mapping, g_array_unref);
  g_clear_pointer (&self->domains, g_hash_table_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->emails, g_hash_table_unref);
  g_clear_pointer (&self->people, g_hash_table_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->added_lines, g_array_unref);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_free (self->source_system);
  g_clear_pointer (&self->new_people, g_ptr_array_unref);
  g_clear_pointer (&self->footer, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->dropped, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->choice_words); i++)
    g_clear_pointer (&self->choice_words[i], g_hash_table_unref);

  G_OBJECT_CLASS (concord_account_import_parent_class)->finalize (object);
}

static void
concord_account_import_class_init (ConcordAccountImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = concord_account_import_finalize;
}

static void
concord_account_import_init (ConcordAccountImport *self)
{
  self->mapping = g_array_new (FALSE, FALSE, sizeof (int));
  self->problems = g_ptr_array_new_with_free_func (problem_free);
  self->warnings = g_ptr_array_new_with_free_func (problem_free);
  self->footer = g_ptr_array_new_with_free_func (problem_free);
  self->new_people = g_ptr_array_new_with_free_func (g_free);
}

/* Conventions ---------------------------------------------------------- */

/* How many rows the conventions are guessed from. */
#define CONVENTION_ROWS 2000

typedef struct
{
  guint point_strong, point_weak, comma_strong, comma_weak;
  guint month_first, day_first, dotted, iso, slashed;
} Votes;

/* One cell's say on the decimal mark: "2,100,000.00" and "12,5" are
 * sure; "1,300" or "1.300" only say that the other mark groups digits. */
static void
vote_number (const char *cell,
             Votes      *votes)
{
  const char *start = cell, *end = cell + strlen (cell);
  const char *dot, *comma;
  guint n_dots = 0, n_commas = 0;

  /* "USD 12,500,000.00", "$210,000,000", "1.300 €" */
  while (start < end && !g_ascii_isdigit (*start))
    if (*start == '.' || *start == ',')
      return;
    else
      start++;
  while (end > start && !g_ascii_isdigit (end[-1]))
    end--;
  if (start == end || (start > cell && g_ascii_isdigit (start[-1])))
    return;
  for (const char *p = start; p < end; p++)
    if (*p == '.')
      n_dots++;
    else if (*p == ',')
      n_commas++;
    else if (!g_ascii_isdigit (*p))
      return;

  dot = g_strrstr_len (start, end - start, ".");
  comma = g_strrstr_len (start, end - start, ",");
  if (dot != NULL && comma != NULL)
    {
      if (dot > comma)
        votes->point_strong++;
      else
        votes->comma_strong++;
    }
  else if (n_commas > 1)
    votes->point_strong++;
  else if (n_dots > 1)
    votes->comma_strong++;
  else if (comma != NULL)
    {
      if (end - comma - 1 == 3)
        votes->point_weak++;
      else
        votes->comma_strong++;
    }
  else if (dot != NULL)
    {
      if (end - dot - 1 == 3)
        votes->comma_weak++;
      else
        votes->point_strong++;
    }
}

/* "1/12/2026", "13/1/2026", "12.01.2026", "2026-01-12 10:00" */
static void
vote_date (const char *cell,
           Votes      *votes)
{
  guint a, b, year;
  char sep;
  int n = 0;

  if (sscanf (cell, "%4u-%2u-%2u%n", &year, &a, &b, &n) == 3 && n == 10 && year > 1900)
    {
      votes->iso++;
      return;
    }
  if (sscanf (cell, "%2u%c%2u%*c%4u", &a, &sep, &b, &year) != 4 || year < 1900 || (sep != '/' && sep != '.'))
    return;
  if (sep == '.')
    votes->dotted++;
  else
    votes->slashed++;
  if (a > 12 && b <= 12)
    votes->day_first++;
  else if (b > 12 && a <= 12)
    votes->month_first++;
}

/* Reads the first rows once: the marks a file writes numbers and dates
 * with are a matter of the whole column, not of one cell ("1.300" in a
 * German export is one thousand three hundred). */
static void
guess_conventions (ConcordAccountImport *self)
{
  Votes votes = { 0 };
  GPtrArray *row = NULL;
  guint n_rows = 0;

  while (n_rows < CONVENTION_ROWS)
    {
      if (!concord_csv_reader_next (self->reader, &row, NULL, NULL))
        {
          if (!concord_csv_reader_skip_bad_record (self->reader))
            break;
          continue;
        }
      for (guint i = 0; i < row->len; i++)
        {
          const char *cell = g_ptr_array_index (row, i);

          vote_number (cell, &votes);
          vote_date (cell, &votes);
        }
      g_ptr_array_unref (row);
      n_rows++;
    }
  {
    double fraction = concord_csv_reader_get_fraction (self->reader);

    self->n_rows_guessed = n_rows < CONVENTION_ROWS || fraction <= 0.0 || fraction >= 1.0
                           ? n_rows : (guint) MIN (n_rows / fraction, (double) G_MAXUINT);
  }
  concord_csv_reader_rewind (self->reader);

  if (votes.point_strong + votes.comma_strong > 0)
    self->decimal_mark = votes.comma_strong > votes.point_strong ? ',' : '.';
  else if (votes.point_weak + votes.comma_weak > 0)
    self->decimal_mark = votes.comma_weak > votes.point_weak ? ',' : '.';

  /* No sign either way: the user's own locale, as in the editors. */
  if (self->decimal_mark == '.')
    concord_number_format_init (&self->number_format, ".", ",");
  else if (self->decimal_mark == ',')
    concord_number_format_init (&self->number_format, ",", ".");
  else
    concord_number_format_get_locale (&self->number_format);

  if (votes.iso > votes.slashed + votes.dotted)
    self->date_order = 'y';
  else if (votes.day_first > votes.month_first || (votes.dotted > votes.slashed && votes.month_first == 0))
    self->date_order = 'd';
  else if (votes.slashed > 0)
    self->date_order = 'm';
}

/* Cells are read as the editors read what is typed (concord-values.h),
 * in the number format the file writes (guess_conventions). */
static gboolean
parse_file_count (ConcordAccountImport *self,
                  const char           *text,
                  gint64               *value)
{
  return concord_count_parse_in (&self->number_format, text, value, NULL) && *value >= 0;
}

static gboolean
parse_file_money (ConcordAccountImport *self,
                  const char           *text,
                  gint64               *cents)
{
  g_autoptr(GString) plain = g_string_new (text);
  char *mark = self->decimal_mark != 0 ? strchr (plain->str, self->decimal_mark) : NULL;
  gsize digits = 0;

  /* "1.300" in a file with decimal points is 1.30: the zeros beyond the
   * cents say nothing. */
  while (mark != NULL && strchr (mark + 1, self->decimal_mark) == NULL && g_ascii_isdigit (mark[1 + digits]))
    digits++;
  while (mark != NULL && digits > 2 && mark[digits] == '0')
    {
      g_string_erase (plain, (mark - plain->str) + digits, 1);
      digits--;
    }

  return concord_money_parse_in (&self->number_format, plain->str, cents, NULL);
}

char *
concord_account_import_dup_conventions (ConcordAccountImport *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), NULL);

  if (self->decimal_mark == '.')
    g_ptr_array_add (parts, g_strdup (_("numbers as 1,234.56")));
  else if (self->decimal_mark == ',')
    g_ptr_array_add (parts, g_strdup (_("numbers as 1.234,56")));

  switch (self->date_order)
    {
    case 'm':
      g_ptr_array_add (parts, g_strdup (_("dates month first (1/12/2026 is 12 January)")));
      break;
    case 'd':
      g_ptr_array_add (parts, g_strdup (_("dates day first (12.01.2026 is 12 January)")));
      break;
    case 'y':
      g_ptr_array_add (parts, g_strdup (_("dates as 2026-01-12")));
      break;
    default:
      break;
    }

  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);
  {
    g_autofree char *joined = g_strjoinv (", ", (char **) parts->pdata);

    /* TRANSLATORS: %s is "numbers as 1,234.56, dates month first (…)" */
    return g_strdup_printf (_("The file writes %s."), joined);
  }
}

/* Which CRM wrote the file, from the names it gives the columns; the
 * user can say otherwise (--source). */
static const char *
guess_source_system (GPtrArray *headers)
{
  guint n_dashed = 0;
  gboolean upper = TRUE;

  for (guint i = 0; i < headers->len; i++)
    {
      const char *header = g_ptr_array_index (headers, i);
      g_autofree char *key = normalise_name (header);

      if (g_str_equal (key, "recordid"))
        return "hubspot";
      if (g_strrstr (header, " - ") != NULL)
        n_dashed++;
      for (const char *p = header; *p != '\0'; p++)
        if (g_ascii_islower (*p))
          upper = FALSE;
      if (g_str_equal (key, "accountid") || g_str_equal (key, "accountname") || g_str_equal (key, "accountowner"))
        return "salesforce";
    }

  if (headers->len > 0 && n_dashed * 2 >= headers->len)
    return "pipedrive";
  /* Data Loader writes API names: NAME, WEBSITE, ID. */
  if (headers->len > 0 && upper)
    return "salesforce";

  return "csv";
}

ConcordAccountImport *
concord_account_import_new (ConcordWorkbook    *workbook,
                            ConcordImportKind   kind,
                            GBytes             *csv,
                            GError            **error)
{
  return concord_account_import_new_full (workbook, kind, csv, NULL, error);
}

/* Reads the header of the file @reader reads (taken) and guesses a field
 * for every column it knows. */
static ConcordAccountImport *
import_new_for_reader (ConcordWorkbook    *workbook,
                       ConcordImportKind   kind,
                       ConcordCsvReader   *reader,
                       GError            **error)
{
  g_autoptr(ConcordAccountImport) self = NULL;
  g_autoptr(GPtrArray) header = NULL;
  guint line;

  self = g_object_new (CONCORD_TYPE_ACCOUNT_IMPORT, NULL);
  self->workbook = g_object_ref (workbook);
  self->kind = kind;
  self->reader = reader;

  if (!concord_csv_reader_next (self->reader, &header, &line, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE,
                     _("The file is empty: there is no header row naming the columns."));
      return NULL;
    }

  self->headers = g_steal_pointer (&header);
  for (guint i = 0; i < self->headers->len; i++)
    {
      char *cell = g_ptr_array_index (self->headers, i);
      int field = guess_field_index (kind, g_strstrip (cell));

      /* Two columns for one field: the first wins, the rest stay out. */
      for (guint j = 0; j < self->mapping->len && field >= 0; j++)
        if (g_array_index (self->mapping, int, j) == field)
          field = -1;
      g_array_append_val (self->mapping, field);
    }

  self->label = g_strdup (kind == CONCORD_IMPORT_ACCOUNTS ? _("Import Accounts") : _("Import Contacts"));
  self->source_system = g_strdup (guess_source_system (self->headers));
  guess_conventions (self);

  return g_steal_pointer (&self);
}

ConcordAccountImport *
concord_account_import_new_full (ConcordWorkbook    *workbook,
                                 ConcordImportKind   kind,
                                 GBytes             *csv,
                                 const char         *encoding,
                                 GError            **error)
{
  ConcordCsvReader *reader;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (csv != NULL, NULL);

  reader = concord_csv_reader_new_with_encoding (csv, encoding, error);
  if (reader == NULL)
    return NULL;

  return import_new_for_reader (workbook, kind, reader, error);
}

ConcordAccountImport *
concord_account_import_new_for_path (ConcordWorkbook    *workbook,
                                     ConcordImportKind   kind,
                                     const char         *path,
                                     GError            **error)
{
  return concord_account_import_new_for_path_full (workbook, kind, path, NULL, error);
}

ConcordAccountImport *
concord_account_import_new_for_path_full (ConcordWorkbook    *workbook,
                                          ConcordImportKind   kind,
                                          const char         *path,
                                          const char         *encoding,
                                          GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = NULL;
  ConcordAccountImport *self = NULL;
  ConcordCsvReader *reader;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  /* The file is mapped, not copied: a large export costs little memory. */
  reader = concord_csv_reader_new_for_path_with_encoding (path, encoding, &local_error);
  if (reader != NULL)
    self = import_new_for_reader (workbook, kind, reader, &local_error);
  else if (g_error_matches (local_error, CONCORD_ERROR, CONCORD_ERROR_IO))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  basename = g_path_get_basename (path);
  if (self == NULL)
    {
      /* Name the file: "sales.csv: Line 3 is not UTF-8 text …". */
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", basename, local_error->message);
      return NULL;
    }

  g_free (self->label);
  self->label = g_strdup_printf (kind == CONCORD_IMPORT_ACCOUNTS
                                   ? _("Import Accounts from “%s”")
                                   : _("Import Contacts from “%s”"),
                                 basename);

  return self;
}

const char *
concord_account_import_get_source_system (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), NULL);

  return self->source_system;
}

gboolean
concord_account_import_set_source_system (ConcordAccountImport  *self,
                                          const char            *system,
                                          GError               **error)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), FALSE);
  g_return_val_if_fail (system != NULL, FALSE);

  if (*system == '\0' || strlen (system) > 40 || strchr (system, '\037') != NULL ||
      !g_utf8_validate (system, -1, NULL))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” cannot name a source system; use a short name such as hubspot, salesforce or pipedrive."),
                   system);
      return FALSE;
    }

  g_free (self->source_system);
  self->source_system = g_ascii_strdown (system, -1);
  return TRUE;
}

const char *
concord_account_import_get_encoding (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), NULL);

  return concord_csv_reader_get_encoding (self->reader);
}

ConcordImportKind
concord_account_import_get_kind (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), CONCORD_IMPORT_ACCOUNTS);

  return self->kind;
}

guint
concord_account_import_get_n_columns (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), 0);

  return self->headers->len;
}

const char *
concord_account_import_get_header (ConcordAccountImport *self,
                                   guint                 column)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->headers->len, NULL);

  return g_ptr_array_index (self->headers, column);
}

const char *
concord_account_import_get_mapping (ConcordAccountImport *self,
                                    guint                 column)
{
  guint n;
  const ConcordImportField *fields;
  int field;

  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->mapping->len, NULL);

  fields = concord_account_import_fields (self->kind, &n);
  field = g_array_index (self->mapping, int, column);

  return field < 0 ? NULL : fields[field].id;
}

gboolean
concord_account_import_set_mapping (ConcordAccountImport  *self,
                                    guint                  column,
                                    const char            *field,
                                    GError               **error)
{
  guint n;
  const ConcordImportField *fields;
  int index = -1;

  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), FALSE);
  g_return_val_if_fail (column < self->mapping->len, FALSE);
  g_return_val_if_fail (self->edit == NULL, FALSE);

  fields = concord_account_import_fields (self->kind, &n);
  if (field != NULL && *field != '\0' && !g_str_equal (field, "-"))
    {
      for (guint i = 0; i < n; i++)
        if (g_str_equal (fields[i].id, field))
          index = (int) i;

      if (index < 0)
        {
          g_autoptr(GString) allowed = g_string_new (NULL);

          for (guint i = 0; i < n; i++)
            g_string_append_printf (allowed, "%s%s", i ? ", " : "", fields[i].id);
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                       _("“%s” is not a field Concord can import; use one of %s, or “-” to leave the column out."),
                       field, allowed->str);
          return FALSE;
        }

      /* One column per field: the new choice takes it from any other. */
      for (guint i = 0; i < self->mapping->len; i++)
        if (g_array_index (self->mapping, int, i) == index)
          g_array_index (self->mapping, int, i) = -1;
    }

  g_array_index (self->mapping, int, column) = index;
  return TRUE;
}

gboolean
concord_account_import_map_column (ConcordAccountImport  *self,
                                   const char            *column,
                                   const char            *field,
                                   GError               **error)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  for (guint i = 0; i < self->headers->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->headers, i), column) == 0)
      return concord_account_import_set_mapping (self, i, field, error);

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
               _("The file has no column “%s”."), column);
  return FALSE;
}

GPtrArray *
concord_account_import_preview (ConcordAccountImport *self,
                                guint                 n_rows)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = NULL;

  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), rows);
  g_return_val_if_fail (self->edit == NULL, rows);

  concord_csv_reader_rewind (self->reader);
  if (concord_csv_reader_next (self->reader, &row, NULL, NULL))
    g_ptr_array_unref (row);

  while (rows->len < n_rows)
    {
      if (concord_csv_reader_next (self->reader, &row, NULL, NULL))
        g_ptr_array_add (rows, row);
      else if (!concord_csv_reader_skip_bad_record (self->reader))
        break;
    }

  return rows;
}

void
concord_account_import_set_duplicate_mode (ConcordAccountImport *self,
                                           ConcordDuplicateMode  mode)
{
  g_return_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self));

  self->duplicate_mode = mode;
}

void
concord_account_import_set_skip_rejected (ConcordAccountImport *self,
                                          gboolean              skip)
{
  g_return_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self));

  self->skip_rejected = skip;
}

/* Values --------------------------------------------------------------- */

/* "https://www.Example.com/about" -> "example.com"; NULL when empty. */
static char *
normalise_domain (const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  char *p = g_strstrip (lower);
  char *end;

  if (g_str_has_prefix (p, "http://"))
    p += 7;
  else if (g_str_has_prefix (p, "https://"))
    p += 8;
  if (g_str_has_prefix (p, "www."))
    p += 4;
  end = strpbrk (p, "/?#:");
  if (end != NULL)
    *end = '\0';
  while (*p != '\0' && p[strlen (p) - 1] == '.')
    p[strlen (p) - 1] = '\0';

  return *p != '\0' ? g_strdup (p) : NULL;
}

static gboolean
parse_score (const char *text,
             gint64     *value)
{
  double d;

  if (!concord_number_parse (text, &d, NULL))
    return FALSE;

  *value = (gint64) (d + 0.5);
  return TRUE;
}

/* Matches a stored value, its label, or a CRM's word for it. */
static const char *
parse_choice (ConcordAccountImport *self,
              ConcordChoiceKind     kind,
              const char           *text)
{
  static const struct { ConcordChoiceKind kind; const char *word; const char *id; } synonyms[] = {
    { CONCORD_CHOICE_TIER, "11", "strategic" },
    { CONCORD_CHOICE_TIER, "1", "strategic" },
    { CONCORD_CHOICE_TIER, "tier1", "strategic" },
    { CONCORD_CHOICE_TIER, "11strategic", "strategic" },
    { CONCORD_CHOICE_TIER, "1few", "few" },
    { CONCORD_CHOICE_TIER, "2", "few" },
    { CONCORD_CHOICE_TIER, "tier2", "few" },
    { CONCORD_CHOICE_TIER, "1many", "many" },
    { CONCORD_CHOICE_TIER, "3", "many" },
    { CONCORD_CHOICE_TIER, "tier3", "many" },
    /* HubSpot lifecycle stages */
    { CONCORD_CHOICE_STAGE, "subscriber", "target" },
    { CONCORD_CHOICE_STAGE, "lead", "target" },
    { CONCORD_CHOICE_STAGE, "prospect", "target" },
    { CONCORD_CHOICE_STAGE, "marketingqualifiedlead", "engaged" },
    { CONCORD_CHOICE_STAGE, "salesqualifiedlead", "engaged" },
    { CONCORD_CHOICE_STAGE, "evangelist", "customer" },
    { CONCORD_CHOICE_STAGE, "customerdirect", "customer" },
    { CONCORD_CHOICE_STAGE, "customerchannel", "customer" },
    { CONCORD_CHOICE_STAGE, "closedlost", "lost" },
    { CONCORD_CHOICE_ROLE, "economicbuyer", "economic_buyer" },
    { CONCORD_CHOICE_ROLE, "budgetholder", "economic_buyer" },
    { CONCORD_CHOICE_ROLE, "decisionmaker", "decision_maker" },
    { CONCORD_CHOICE_ROLE, "technicalevaluator", "technical_evaluator" },
    { CONCORD_CHOICE_ROLE, "technicalbuyer", "technical_evaluator" },
    { CONCORD_CHOICE_ROLE, "enduser", "end_user" },
    { CONCORD_CHOICE_ROLE, "user", "end_user" },
    /* HubSpot's buying roles */
    { CONCORD_CHOICE_ROLE, "legalcompliance", "legal_compliance" },
    { CONCORD_CHOICE_ROLE, "legal", "legal_compliance" },
    { CONCORD_CHOICE_ROLE, "purchasing", "procurement" },
    { CONCORD_CHOICE_ROLE, "sponsor", "executive_sponsor" },
  };
  g_autofree char *key = normalise_name (text);
  GHashTable **words;

  g_assert ((guint) kind < G_N_ELEMENTS (self->choice_words));
  words = &self->choice_words[kind];

  /* Every word for every choice, normalised once per import, not per
   * cell; the first choice a word names wins, as in the lists' order. */
  if (*words == NULL)
    {
      guint n;
      const ConcordChoice *choices = concord_accounts_choices (kind, &n);

      *words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < n; i++)
        {
          char *forms[] = { normalise_name (choices[i].id), normalise_name (choices[i].label),
                            normalise_name (_(choices[i].label)) };

          for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
            if (g_hash_table_contains (*words, forms[f]))
              g_free (forms[f]);
            else
              g_hash_table_insert (*words, forms[f], (gpointer) choices[i].id);
        }
      for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
        if (synonyms[i].kind == kind && !g_hash_table_contains (*words, synonyms[i].word))
          g_hash_table_insert (*words, g_strdup (synonyms[i].word), (gpointer) synonyms[i].id);
    }

  return g_hash_table_lookup (*words, key);
}

static gboolean
parse_bool (const char *text,
            gboolean   *value)
{
  g_autofree char *key = normalise_name (text);
  static const char *const yes[] = { "yes", "y", "true", "1", "x", "primary", NULL };
  static const char *const no[] = { "no", "n", "false", "0", NULL };

  if (g_strv_contains (yes, key))
    *value = TRUE;
  else if (g_strv_contains (no, key))
    *value = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* Loading -------------------------------------------------------------- */

typedef enum
{
  FOLD_ASCII,    /* domains and emails */
  FOLD_UNICODE,  /* names */
  FOLD_NONE,     /* a CRM's record ids: Salesforce's are case-sensitive */
} Fold;

static char *
fold_key (const char *text,
          Fold        fold)
{
  switch (fold)
    {
    case FOLD_ASCII:
      return g_ascii_strdown (text, -1);
    case FOLD_UNICODE:
      return g_utf8_casefold (text, -1);
    case FOLD_NONE:
    default:
      return g_strdup (text);
    }
}

/* The maps hold ids in place of pointers, not a box per record: a large
 * file adds one entry to several maps per row. */
G_STATIC_ASSERT (sizeof (gpointer) >= sizeof (gint64));

static inline gpointer
id_to_pointer (gint64 id)
{
  return (gpointer) (gintptr) id;
}

static gboolean
load_map (ConcordAccountImport  *self,
          const char            *sql,
          GHashTable            *map,
          Fold                   fold,
          GError               **error)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (self->workbook, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 1);
      char *key;

      if (text == NULL || *text == '\0')
        continue;
      key = fold_key (text, fold);
      if (g_hash_table_contains (map, key))
        g_free (key);
      else
        g_hash_table_insert (map, key, id_to_pointer (sqlite3_column_int64 (stmt, 0)));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (self->workbook, rc, error, "Could not read the workbook");
      return FALSE;
    }

  return TRUE;
}

static GHashTable *
new_map (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gint64
map_lookup (GHashTable *map,
            const char *key)
{
  return key ? (gint64) (gintptr) g_hash_table_lookup (map, key) : 0;
}

static void
map_add (GHashTable *map,
         char       *key,    /* taken */
         gint64      id)
{
  if (key == NULL || g_hash_table_contains (map, key))
    {
      g_free (key);
      return;
    }

  g_hash_table_insert (map, key, id_to_pointer (id));
}

static void
restore_cache_size (ConcordAccountImport *self)
{
  concord_workbook_set_cache_size (self->workbook, self->cache_size);
  self->cache_size = 0;
}

/* Large imports ------------------------------------------------------ */

/* An import that adds at least this many rows, and at least a quarter of
 * what the table holds, builds the table's indexes once after its rows:
 * one sort per index instead of a search per row and index. */
#define BULK_INDEX_ROWS 2000

/* The tables an accounts import adds rows to, whose indexes it rebuilds. */
static const char *const bulk_index_tables[] = { "accounts", "account_stage_changes" };

/* Inside the import's edit: takes the plain indexes of the tables it
 * fills off until concord_account_import_commit() builds them again. A
 * rollback puts them back with everything else. */
static gboolean
drop_indexes (ConcordAccountImport  *self,
              GError               **error)
{
  g_clear_pointer (&self->dropped, g_ptr_array_unref);
  self->dropped = g_ptr_array_new_with_free_func (g_free);

  for (guint t = 0; t < G_N_ELEMENTS (bulk_index_tables); t++)
    {
      if (!concord_workbook_drop_plain_indexes (self->workbook, bulk_index_tables[t], self->dropped, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
create_dropped_indexes (ConcordAccountImport  *self,
                        GError               **error)
{
  gboolean ok = self->dropped == NULL || concord_workbook_create_indexes (self->workbook, self->dropped, error);

  g_clear_pointer (&self->dropped, g_ptr_array_unref);
  return ok;
}

static gint64
query_int (ConcordAccountImport  *self,
           const char            *sql,
           GError               **error)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (self->workbook, sql, error);
  gint64 value = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    concord_workbook_set_error (self->workbook, rc, error, "Could not read the workbook");
  sqlite3_reset (stmt);

  return value;
}

/* The table whose new rows the import keeps out of its undo changeset:
 * the records it adds, accounts or contacts. Its other writes (updates,
 * new people, a contact's new account) are recorded as usual. */
static const char *
added_table (ConcordAccountImport *self)
{
  return self->kind == CONCORD_IMPORT_ACCOUNTS ? "accounts" : "contacts";
}

/* Around the INSERTs of the records the import adds: only those go
 * unrecorded (see concord_workbook_pause_untracked_inserts()). */
static void
set_adding (ConcordAccountImport *self,
            gboolean              adding)
{
  concord_workbook_pause_untracked_inserts (self->workbook, !adding);
}

/* The added records' untracked part ends here. New accounts' initial
 * stages come in one statement at the end instead of one per row (every
 * account above the largest id at the start is the import's), untracked
 * too. */
static gboolean
end_added_records (ConcordAccountImport  *self,
                   GError               **error)
{
  static const char sql[] =
    "INSERT INTO account_stage_changes (account_id, to_stage, changed_on) "
    "SELECT id, stage, ?2 FROM accounts WHERE id >= ?1 AND stage <> 'target' ORDER BY id";
  g_autofree char *today = concord_date_today ();
  sqlite3_stmt *stmt;

  /* The new records end here; the stages are new rows of their own. */
  if (!concord_workbook_end_untracked_inserts (self->workbook, error))
    return FALSE;
  if (self->kind != CONCORD_IMPORT_ACCOUNTS || self->n_created == 0)
    return TRUE;

  stmt = concord_workbook_prepare (self->workbook, sql, error);
  if (stmt == NULL ||
      !concord_workbook_begin_untracked_inserts (self->workbook, "account_stage_changes", error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->first_new_id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);

  return concord_workbook_step_done (self->workbook, stmt, error) &&
         concord_workbook_end_untracked_inserts (self->workbook, error);
}

gboolean
concord_account_import_begin (ConcordAccountImport  *self,
                              GError               **error)
{
  static const char domains_sql[] = "SELECT id, domain FROM accounts WHERE domain IS NOT NULL ORDER BY id";
  static const char names_sql[] = "SELECT id, name FROM accounts ORDER BY id";
  static const char emails_sql[] = "SELECT id, email FROM contacts WHERE email IS NOT NULL ORDER BY id";
  static const char people_names_sql[] = "SELECT id, name FROM people ORDER BY id";
  static const char people_emails_sql[] = "SELECT id, email FROM people WHERE email IS NOT NULL ORDER BY id";
  /* A name two accounts share tells them apart from nothing. */
  static const char unique_names_sql[] =
    "SELECT min (id), min (name) FROM accounts GROUP BY name COLLATE NOCASE HAVING count (*) = 1";
  static const char account_sources_sql[] =
    "SELECT id, source_system || char (31) || source_id FROM accounts "
    "WHERE source_system IS NOT NULL AND source_id IS NOT NULL ORDER BY id";
  static const char contact_sources_sql[] =
    "SELECT id, source_system || char (31) || source_id FROM contacts "
    "WHERE source_system IS NOT NULL AND source_id IS NOT NULL ORDER BY id";
  g_autoptr(ConcordEdit) edit = NULL;
  gboolean has_name = FALSE;
  GPtrArray *header = NULL;

  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), FALSE);
  g_return_val_if_fail (self->edit == NULL, FALSE);

  for (guint i = 0; i < self->mapping->len; i++)
    {
      int field = g_array_index (self->mapping, int, i);

      if (self->kind == CONCORD_IMPORT_ACCOUNTS ? field == A_NAME
          : (field == C_NAME || field == C_FIRST_NAME || field == C_LAST_NAME))
        has_name = TRUE;
    }

  if (!has_name)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   self->kind == CONCORD_IMPORT_ACCOUNTS
                     ? _("No column holds the account name; map one to “name” (for example --map \"Company=name\").")
                     : _("No column holds the contact’s name; map one to “name”, “first_name” or “last_name”."));
      return FALSE;
    }

  self->domains = new_map ();
  self->names = new_map ();
  self->emails = new_map ();
  self->people = new_map ();
  g_clear_pointer (&self->touched, g_hash_table_unref);
  self->touched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_clear_pointer (&self->added_lines, g_array_unref);
  self->added_lines = g_array_new (FALSE, TRUE, sizeof (guint));
  self->added_base = 0;

  g_clear_pointer (&self->sources, g_hash_table_unref);
  self->sources = new_map ();

  if (!load_map (self, domains_sql, self->domains, FOLD_ASCII, error) ||
      (self->kind == CONCORD_IMPORT_CONTACTS &&
       (!load_map (self, names_sql, self->names, FOLD_UNICODE, error) ||
        !load_map (self, emails_sql, self->emails, FOLD_ASCII, error) ||
        !load_map (self, contact_sources_sql, self->sources, FOLD_NONE, error))) ||
      (self->kind == CONCORD_IMPORT_ACCOUNTS &&
       (!load_map (self, account_sources_sql, self->sources, FOLD_NONE, error) ||
        !load_map (self, unique_names_sql, self->names, FOLD_UNICODE, error))) ||
      !load_map (self, people_names_sql, self->people, FOLD_UNICODE, error) ||
      !load_map (self, people_emails_sql, self->people, FOLD_UNICODE, error))
    return FALSE;

  /* A large file is one transaction; with SQLite's default 2 MB cache its
   * dirty pages spill to the WAL again and again. Room for them while the
   * import runs; put back when it ends. */
  self->cache_size = concord_workbook_set_cache_size (self->workbook, -32768);

  edit = concord_workbook_edit (self->workbook, self->label, error);
  /* Index the imported accounts once, at the commit, not row by row. */
  if (edit == NULL || !concord_workbook_begin_bulk (self->workbook, error))
    {
      g_clear_pointer (&edit, concord_edit_free);
      restore_cache_size (self);
      return FALSE;
    }

  /* The records this import adds come after every one there is now.
   * They are kept out of the undo changeset: the step remembers them as
   * the ids after the largest (see added_table ()). */
  self->first_new_id = query_int (self, "SELECT coalesce (max (id), 0) + 1 FROM accounts", error);
  if (self->first_new_id < 0 ||
      (self->kind == CONCORD_IMPORT_ACCOUNTS && self->n_rows_guessed >= BULK_INDEX_ROWS &&
       (gint64) self->n_rows_guessed * 4 >= self->first_new_id - 1 && !drop_indexes (self, error)) ||
      !concord_workbook_begin_untracked_inserts (self->workbook, added_table (self), error))
    {
      g_clear_pointer (&edit, concord_edit_free);
      restore_cache_size (self);
      return FALSE;
    }
  set_adding (self, FALSE);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  self->pending = g_ptr_array_new_with_free_func (pending_row_free);
  self->next_new_id = self->first_new_id;

  self->edit = g_steal_pointer (&edit);
  self->done = FALSE;
  self->n_rows = self->n_created = self->n_updated = self->n_skipped = 0;
  self->n_rejected = self->n_new_accounts = self->n_overwritten = 0;
  g_ptr_array_set_size (self->problems, 0);
  g_ptr_array_set_size (self->warnings, 0);
  g_ptr_array_set_size (self->footer, 0);
  g_ptr_array_set_size (self->new_people, 0);

  concord_csv_reader_rewind (self->reader);
  if (concord_csv_reader_next (self->reader, &header, NULL, NULL))
    g_ptr_array_unref (header);

  return TRUE;
}

static void
add_problem (GPtrArray  *list,
             guint       line,
             char       *reason)  /* taken */
{
  ConcordImportProblem *problem;

  if (list->len >= MAX_PROBLEMS)
    {
      g_free (reason);
      return;
    }

  problem = g_new0 (ConcordImportProblem, 1);
  problem->line = line;
  problem->reason = reason;
  g_ptr_array_add (list, problem);
}

static void
reject (ConcordAccountImport *self,
        guint                 line,
        char                 *reason)  /* taken */
{
  self->n_rejected++;
  add_problem (self->problems, line, reason);
}

/* The column a field came from, for messages. */
static const char *
column_of (ConcordAccountImport *self,
           int                   field)
{
  for (guint i = 0; i < self->mapping->len; i++)
    if (g_array_index (self->mapping, int, i) == field)
      return g_ptr_array_index (self->headers, i);

  return "?";
}

static char *
column_problem (ConcordAccountImport *self,
                int                   field,
                const char           *value,
                const char           *what)
{
  return g_strdup_printf (_("column “%s”: “%s” is not %s."), column_of (self, field), value, what);
}

/* The person an owner column names; someone People does not know yet is
 * added, in the team the column speaks for, and listed in the summary. */
static gint64
find_person (ConcordAccountImport  *self,
             const char            *text,
             const char            *team_kind,
             GError               **error)
{
  static const char sql[] =
    "INSERT INTO people (name, team_id) "
    "VALUES (?1, (SELECT id FROM teams WHERE kind = ?2 ORDER BY position, id LIMIT 1))";
  g_autofree char *key = g_utf8_casefold (text, -1);
  gint64 id = map_lookup (self->people, key);
  sqlite3_stmt *stmt;

  if (id != 0)
    return id;

  stmt = concord_workbook_prepare (self->workbook, sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, team_kind, -1, SQLITE_STATIC);
  if (!concord_workbook_step_done (self->workbook, stmt, error))
    return 0;

  id = sqlite3_last_insert_rowid (concord_workbook_get_db (self->workbook));
  map_add (self->people, g_steal_pointer (&key), id);
  g_ptr_array_add (self->new_people, g_strdup (text));

  return id;
}

/* Two rows of one file for one record would be merged into it silently:
 * the second is rejected, naming the first. */
static gboolean
check_touched (ConcordAccountImport *self,
               gint64                id,
               guint                 line,
               const char           *what)
{
  gpointer first = NULL;

  if (id == 0 || self->duplicate_mode == CONCORD_DUPLICATE_CREATE)
    return TRUE;

  if (self->added_base != 0 && id >= self->added_base && (guint64) (id - self->added_base) < self->added_lines->len)
    first = GUINT_TO_POINTER (g_array_index (self->added_lines, guint, id - self->added_base));
  if (first == NULL)
    first = g_hash_table_lookup (self->touched, &id);
  if (first == NULL)
    return TRUE;

  reject (self, line, g_strdup_printf (what, GPOINTER_TO_UINT (first)));
  return FALSE;
}

/* A record the file updated, remembered with the line that did. */
static void
touch (ConcordAccountImport *self,
       gint64                id,
       guint                 line)
{
  if (!g_hash_table_contains (self->touched, &id))
    g_hash_table_insert (self->touched, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (line));
}

/* A record the file added. New rows take the ids after the last, so the
 * lines that added them are an array from the first, not a map; an id
 * out of that order goes to the map. */
static void
touch_added (ConcordAccountImport *self,
             gint64                id,
             guint                 line)
{
  if (self->added_base == 0)
    self->added_base = id;
  if (id < self->added_base || id - self->added_base > (gint64) self->added_lines->len + 1024)
    {
      touch (self, id, line);
      return;
    }
  if ((guint64) (id - self->added_base) >= self->added_lines->len)
    g_array_set_size (self->added_lines, (guint) (id - self->added_base) + 1);
  g_array_index (self->added_lines, guint, id - self->added_base) = line;
}

/* How many filled fields an update would change: bound like the UPDATE. */
static gboolean
count_overwrites (ConcordAccountImport  *self,
                  sqlite3_stmt          *stmt,
                  GError               **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    self->n_overwritten += (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      concord_workbook_set_error (self->workbook, rc, error, "Could not compare with the workbook");
      return FALSE;
    }

  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           index,
                  gboolean      set,
                  gint64        value)
{
  if (set)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

/* The first non-empty cell of each field. */
static void
collect_values (ConcordAccountImport  *self,
                GPtrArray             *cells,
                const char           **values,
                guint                  n_values)
{
  for (guint i = 0; i < n_values; i++)
    values[i] = NULL;

  for (guint i = 0; i < cells->len && i < self->mapping->len; i++)
    {
      int field = g_array_index (self->mapping, int, i);
      char *cell = g_strstrip ((char *) g_ptr_array_index (cells, i));

      if (field >= 0 && (guint) field < n_values && values[field] == NULL && *cell != '\0')
        values[field] = cell;
    }
}

/* Rows that only differ by trailing empty cells are fine (spreadsheets
 * drop them); extra cells with data mean the columns no longer line up. */
static gboolean
check_ragged (ConcordAccountImport *self,
              GPtrArray            *cells,
              guint                 line)
{
  for (guint i = self->headers->len; i < cells->len; i++)
    if (*(const char *) g_ptr_array_index (cells, i) != '\0')
      {
        reject (self, line,
                g_strdup_printf (_("the row has %u fields but the header names %u; is a delimiter inside an unquoted field?"),
                                 cells->len, self->headers->len));
        return FALSE;
      }

  return TRUE;
}

typedef struct
{
  gint64   employees, revenue, fit, engagement, pipeline, sales_owner, marketing_owner;
  gboolean has_employees, has_revenue, has_fit, has_engagement, has_pipeline;
  const char *tier, *stage;
  char    *domain;
  char    *notes;   /* the file's notes, with what Concord has no field for */
} AccountRow;

static gboolean
parse_account_row (ConcordAccountImport  *self,
                   const char           **values,
                   guint                  line,
                   AccountRow            *row)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  if (values[A_NAME] == NULL)
    {
      reject (self, line, g_strdup_printf (_("column “%s”: the account name is empty."), column_of (self, A_NAME)));
      return FALSE;
    }

  if (values[A_DOMAIN] != NULL)
    row->domain = normalise_domain (values[A_DOMAIN]);

#define parse_count(TEXT, VALUE) parse_file_count (self, TEXT, VALUE)
#define parse_money(TEXT, CENTS) parse_file_money (self, TEXT, CENTS)
#define PARSE(FIELD, PARSER, TARGET, FLAG, WHAT) \
  if (values[FIELD] != NULL) \
    { \
      if (!PARSER (values[FIELD], &row->TARGET)) \
        { \
          reject (self, line, column_problem (self, FIELD, values[FIELD], WHAT)); \
          return FALSE; \
        } \
      row->FLAG = TRUE; \
    }
  PARSE (A_EMPLOYEES, parse_count, employees, has_employees, _("a number of employees"))
  PARSE (A_REVENUE, parse_money, revenue, has_revenue, _("an amount of money"))
  PARSE (A_PIPELINE, parse_money, pipeline, has_pipeline, _("an amount of money"))
  PARSE (A_FIT, parse_score, fit, has_fit, _("a score from 0 to 100"))
  PARSE (A_ENGAGEMENT, parse_score, engagement, has_engagement, _("a score from 0 to 100"))
#undef PARSE
#undef parse_money
#undef parse_count

  if (values[A_TIER] != NULL && (row->tier = parse_choice (self, CONCORD_CHOICE_TIER, values[A_TIER])) == NULL)
    {
      reject (self, line, column_problem (self, A_TIER, values[A_TIER], _("a tier (1:1, 1:few or 1:many)")));
      return FALSE;
    }
  /* A Salesforce "Type" or HubSpot lifecycle stage with no clear
   * counterpart ("Channel Partner / Reseller", "Other") is kept where the
   * user reads it, not refused. */
  if (values[A_STAGE] != NULL && (row->stage = parse_choice (self, CONCORD_CHOICE_STAGE, values[A_STAGE])) == NULL)
    {
      g_autofree char *kept = g_strdup_printf ("%s: %s", column_of (self, A_STAGE), values[A_STAGE]);

      row->notes = values[A_NOTES] != NULL ? g_strconcat (values[A_NOTES], "\n", kept, NULL) : g_steal_pointer (&kept);
      add_problem (self->warnings, line,
                   g_strdup_printf (_("column “%s”: “%s” is not one of Concord’s stages, so it was kept in the notes."),
                                    column_of (self, A_STAGE), values[A_STAGE]));
    }
  else
    row->notes = g_strdup (values[A_NOTES]);

  /* The same rules as an edit in the app, so imported data is never
   * something the editor would refuse. */
  concord_fields_set_string (fields, "name", values[A_NAME]);
  if (row->domain != NULL)
    concord_fields_set_string (fields, "domain", row->domain);
  for (int f = A_INDUSTRY; f < A_NOTES; f++)
    if (values[f] != NULL && (f == A_INDUSTRY || f == A_REGION || f >= A_GOALS))
      concord_fields_set_string (fields, account_sql ()->columns[f]->name, values[f]);
  if (row->notes != NULL)
    concord_fields_set_string (fields, "notes", row->notes);
  if (row->has_fit)
    concord_fields_set_int (fields, "fit", row->fit);
  if (row->has_engagement)
    concord_fields_set_int (fields, "engagement", row->engagement);

  if (!concord_accounts_validate ("accounts", fields, &error))
    {
      reject (self, line, g_strdup (error->message));
      return FALSE;
    }

  return TRUE;
}

/* The key of a record id in the sources map, or NULL without one. */
static char *
source_key (ConcordAccountImport *self,
            const char           *system,
            const char           *id)
{
  return id != NULL ? g_strconcat (system ? system : self->source_system, "\037", id, NULL) : NULL;
}

/* The record a row is for: by the CRM's record id first, so a file
 * without domains (HubSpot's default view) imports again onto the same
 * records, then by @key in @map; a row with neither, by @name if one
 * record has it. -1 when an earlier row of the file was for the same
 * record: the row is rejected with @twice. */
static gint64
find_existing (ConcordAccountImport *self,
               const char           *source,
               GHashTable           *map,
               const char           *key,
               const char           *name,
               guint                 line,
               const char           *twice)
{
  gint64 existing = map_lookup (self->sources, source);

  if (existing == 0)
    existing = map_lookup (map, key);
  if (existing == 0 && source == NULL && key == NULL && name != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (name, -1);

      existing = map_lookup (self->names, folded);
    }

  return check_touched (self, existing, line, twice) ? existing : -1;
}

/* What the schema keeps of a record id, said before SQLite's CHECK would. */
static gboolean
check_source (ConcordAccountImport  *self,
              const char           **values,
              int                    system_field,
              int                    id_field,
              guint                  line)
{
  if (values[system_field] != NULL && g_utf8_strlen (values[system_field], -1) > 40)
    reject (self, line, column_problem (self, system_field, values[system_field],
                                        _("the short name of a CRM (up to 40 characters)")));
  else if (values[id_field] != NULL && g_utf8_strlen (values[id_field], -1) > 200)
    reject (self, line, column_problem (self, id_field, values[id_field],
                                        _("a record id (up to 200 characters)")));
  else
    return TRUE;

  return FALSE;
}

/* A row's own system (Concord's export names one per row) or the file's. */
static void
bind_source (ConcordAccountImport *self,
             sqlite3_stmt         *stmt,
             int                   index,
             const char           *system,
             const char           *id)
{
  bind_text_or_null (stmt, index, id == NULL ? NULL : system ? system : self->source_system);
  bind_text_or_null (stmt, index + 1, id);
}

/* Binds ?@base+1 … ?@base+A_N_FIELDS but the record ids (bind_source ()). */
static void
bind_account_row (sqlite3_stmt      *stmt,
                  int                base,
                  const char       **values,
                  const AccountRow  *row)
{
  for (int f = 0; f < A_N_FIELDS; f++)
    {
      int n = base + f + 1;

      switch (f)
        {
        case A_DOMAIN: bind_text_or_null (stmt, n, row->domain); break;
        case A_EMPLOYEES: bind_int_or_null (stmt, n, row->has_employees, row->employees); break;
        case A_REVENUE: bind_int_or_null (stmt, n, row->has_revenue, row->revenue); break;
        case A_TIER: bind_text_or_null (stmt, n, row->tier); break;
        case A_STAGE: bind_text_or_null (stmt, n, row->stage); break;
        case A_FIT: bind_int_or_null (stmt, n, row->has_fit, row->fit); break;
        case A_ENGAGEMENT: bind_int_or_null (stmt, n, row->has_engagement, row->engagement); break;
        case A_PIPELINE: bind_int_or_null (stmt, n, row->has_pipeline, row->pipeline); break;
        case A_SALES_OWNER: bind_int_or_null (stmt, n, row->sales_owner != 0, row->sales_owner); break;
        case A_MARKETING_OWNER: bind_int_or_null (stmt, n, row->marketing_owner != 0, row->marketing_owner); break;
        case A_NOTES: bind_text_or_null (stmt, n, row->notes); break;
        case A_SOURCE_SYSTEM: case A_SOURCE_ID: break; /* bind_source () */
        default: bind_text_or_null (stmt, n, values[f]); break;
        }
    }
}

typedef struct
{
  GPtrArray  *cells;
  AccountRow  row;
  guint       line;
} PendingRow;

static void
pending_row_free (gpointer data)
{
  PendingRow *pending = data;

  g_ptr_array_unref (pending->cells);
  g_free (pending->row.domain);
  g_free (pending->row.notes);
  g_free (pending);
}

static void
bind_pending (ConcordAccountImport *self,
              sqlite3_stmt         *stmt,
              int                   base,
              PendingRow           *pending)
{
  const char *values[A_N_FIELDS];

  collect_values (self, pending->cells, values, A_N_FIELDS);
  bind_account_row (stmt, base, values, &pending->row);
  bind_source (self, stmt, base + A_SOURCE_SYSTEM + 1, values[A_SOURCE_SYSTEM], values[A_SOURCE_ID]);
}

/* Writes the new accounts waiting, in one statement. When it fails, one
 * row at a time finds the line to name in @failed_line. */
static gboolean
write_pending (ConcordAccountImport  *self,
               guint                 *failed_line,
               GError               **error)
{
  sqlite3 *db = concord_workbook_get_db (self->workbook);
  sqlite3_stmt *stmt;
  guint n = self->pending->len;
  gboolean ok;
  int rc;

  if (n == 0)
    return TRUE;

  stmt = concord_workbook_prepare (self->workbook, account_sql ()->batch_sql, NULL);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    bind_pending (self, stmt, (int) i * A_N_FIELDS, g_ptr_array_index (self->pending, i));
  sqlite3_bind_int (stmt, INSERT_BATCH * A_N_FIELDS + 1, (int) n);

  set_adding (self, TRUE);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  ok = rc == SQLITE_DONE;
  if (!ok)
    {
      /* The statement left nothing behind: the rows again, one by one,
       * say which line the schema refuses. */
      g_autoptr(GError) row_error = NULL;
      sqlite3_stmt *single = concord_workbook_prepare (self->workbook, account_sql ()->insert_sql, NULL);

      for (guint i = 0; single != NULL && i < n && row_error == NULL; i++)
        {
          PendingRow *pending = g_ptr_array_index (self->pending, i);

          bind_pending (self, single, 0, pending);
          *failed_line = pending->line;
          concord_workbook_step_done (self->workbook, single, &row_error);
        }
      if (row_error != NULL)
        g_propagate_error (error, g_steal_pointer (&row_error));
      else
        concord_workbook_set_error (self->workbook, rc, error, _("Could not record the change"));
    }
  set_adding (self, FALSE);
  if (!ok)
    return FALSE;

  /* Never expected: the ids in the maps would name other records. */
  if (sqlite3_last_insert_rowid (db) != self->next_new_id - 1)
    {
      concord_workbook_set_error (self->workbook, SQLITE_INTERNAL, error, _("Could not record the change"));
      return FALSE;
    }
  g_ptr_array_set_size (self->pending, 0);

  return TRUE;
}

static gboolean
import_account_row (ConcordAccountImport  *self,
                    GPtrArray             *cells,
                    guint                  line,
                    guint                 *failed_line,
                    GError               **error)
{
  const AccountSql *sql = account_sql ();
  const char *values[A_N_FIELDS];
  AccountRow row = { 0 };
  g_autofree char *domain = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *source = NULL;
  gboolean updating, ok;
  gint64 existing;
  sqlite3_stmt *stmt;

  collect_values (self, cells, values, A_N_FIELDS);
  ok = parse_account_row (self, values, line, &row);
  domain = row.domain;
  notes = row.notes;
  if (!ok)
    return TRUE;

  if (!check_source (self, values, A_SOURCE_SYSTEM, A_SOURCE_ID, line))
    return TRUE;
  source = source_key (self, values[A_SOURCE_SYSTEM], values[A_SOURCE_ID]);
  existing = find_existing (self, source, self->domains, domain, values[A_NAME], line,
                            _("this row is for the same account (by its record id, domain or name) as line %u; keep one of the two rows."));
  if (existing < 0)
    return TRUE;

  if (existing != 0 && self->duplicate_mode == CONCORD_DUPLICATE_SKIP)
    {
      self->n_skipped++;
      return TRUE;
    }

  /* Owners People does not know are added only for rows that are kept. */
  if (values[A_SALES_OWNER] != NULL &&
      (row.sales_owner = find_person (self, values[A_SALES_OWNER], "sales", error)) == 0)
    return FALSE;
  if (values[A_MARKETING_OWNER] != NULL &&
      (row.marketing_owner = find_person (self, values[A_MARKETING_OWNER], "marketing", error)) == 0)
    return FALSE;

  updating = existing != 0 && self->duplicate_mode != CONCORD_DUPLICATE_CREATE;
  if (updating && self->duplicate_mode == CONCORD_DUPLICATE_UPDATE)
    {
      stmt = concord_workbook_prepare (self->workbook, sql->overwrites_sql, error);
      if (stmt == NULL)
        return FALSE;
      bind_account_row (stmt, 0, values, &row);
      sqlite3_bind_int64 (stmt, A_N_FIELDS + 1, existing);
      if (!count_overwrites (self, stmt, error))
        return FALSE;

      if (row.stage != NULL &&
          !concord_accounts_record_stage_change (self->workbook, existing, row.stage, error))
        return FALSE;
    }

  if (updating)
    {
      stmt = concord_workbook_prepare (self->workbook,
                                       self->duplicate_mode == CONCORD_DUPLICATE_FILL ? sql->fill_sql : sql->update_sql,
                                       error);
      if (stmt == NULL)
        return FALSE;
      bind_account_row (stmt, 0, values, &row);
      bind_source (self, stmt, A_SOURCE_SYSTEM + 1, values[A_SOURCE_SYSTEM], values[A_SOURCE_ID]);
      sqlite3_bind_int64 (stmt, A_N_FIELDS + 1, existing);
      if (!concord_workbook_step_done (self->workbook, stmt, error))
        return FALSE;
      self->n_updated++;
      touch (self, existing, line);
      map_add (self->sources, g_steal_pointer (&source), existing);
      return TRUE;
    }

  /* The row waits for the next batch, under the id it will get: new
   * rows take the ids after the last (write_pending () checks). */
  {
    PendingRow *pending = g_new0 (PendingRow, 1);

    pending->cells = g_ptr_array_ref (cells);
    pending->row = row;
    pending->row.domain = g_strdup (row.domain);
    pending->row.notes = g_strdup (row.notes);
    pending->line = line;
    g_ptr_array_add (self->pending, pending);
  }
  existing = self->next_new_id++;
  if (self->pending->len == INSERT_BATCH && !write_pending (self, failed_line, error))
    return FALSE;

  /* Its initial stage is recorded at the end (end_added_records). */
  self->n_created++;
  touch_added (self, existing, line);
  map_add (self->domains, g_steal_pointer (&domain), existing);
  map_add (self->sources, g_steal_pointer (&source), existing);
  map_add (self->names, g_utf8_casefold (values[A_NAME], -1), existing);

  return TRUE;
}

static gint64
create_account_for_contact (ConcordAccountImport  *self,
                            const char            *name,
                            const char            *domain,
                            GError               **error)
{
  static const char sql[] = "INSERT INTO accounts (name, domain) VALUES (?1, ?2)";
  sqlite3_stmt *stmt = concord_workbook_prepare (self->workbook, sql, error);
  gint64 id;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 2, domain);
  if (!concord_workbook_step_done (self->workbook, stmt, error))
    return 0;

  id = sqlite3_last_insert_rowid (concord_workbook_get_db (self->workbook));
  map_add (self->names, g_utf8_casefold (name, -1), id);
  if (domain != NULL)
    map_add (self->domains, g_strdup (domain), id);
  self->n_new_accounts++;

  return id;
}

static gboolean
import_contact_row (ConcordAccountImport  *self,
                    GPtrArray             *cells,
                    guint                  line,
                    GError               **error)
{
  static const char insert_sql[] =
    "INSERT INTO contacts (account_id, name, title, email, phone, role, influence, sentiment, "
    "  is_primary, owner_id, notes, source_system, source_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce (?9, 0), ?10, ?11, ?13, ?14)";
  static const char update_sql[] =
    "UPDATE contacts SET account_id = coalesce (?1, account_id), name = coalesce (?2, name), "
    "  title = coalesce (?3, title), email = coalesce (?4, email), phone = coalesce (?5, phone), "
    "  role = coalesce (?6, role), influence = coalesce (?7, influence), "
    "  sentiment = coalesce (?8, sentiment), is_primary = coalesce (?9, is_primary), "
    "  owner_id = coalesce (?10, owner_id), notes = coalesce (?11, notes), "
    "  source_system = coalesce (source_system, ?13), source_id = coalesce (source_id, ?14), "
    "  updated_at = " NOW_SQL " WHERE id = ?12";
  /* "Fill empty fields only": the account and the name stay. */
  static const char fill_sql[] =
    "UPDATE contacts SET title = coalesce (title, ?3), email = coalesce (email, ?4), "
    "  phone = coalesce (phone, ?5), role = coalesce (role, ?6), influence = coalesce (influence, ?7), "
    "  sentiment = coalesce (sentiment, ?8), owner_id = coalesce (owner_id, ?10), "
    "  notes = coalesce (notes, ?11), source_system = coalesce (source_system, ?13), "
    "  source_id = coalesce (source_id, ?14), updated_at = " NOW_SQL " WHERE id = ?12";
  static const char overwrites_sql[] =
    "SELECT " CHANGED ("account_id", 1) " + " CHANGED ("name", 2) " + " CHANGED ("title", 3) " + "
    CHANGED ("email", 4) " + " CHANGED ("phone", 5) " + " CHANGED ("role", 6) " + "
    CHANGED ("influence", 7) " + " CHANGED ("sentiment", 8) " + " CHANGED ("is_primary", 9) " + "
    CHANGED ("owner_id", 10) " + " CHANGED ("notes", 11) " FROM contacts WHERE id = ?12";
  const char *values[C_N_FIELDS];
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *source = NULL;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) local_error = NULL;
  const char *role = NULL, *influence = NULL, *sentiment = NULL;
  gboolean primary = FALSE, has_primary = FALSE;
  gint64 account_id = 0, owner_id = 0, existing;
  gboolean updating, ok;
  sqlite3_stmt *stmt;

  collect_values (self, cells, values, C_N_FIELDS);

  if (values[C_NAME] != NULL)
    name = g_strdup (values[C_NAME]);
  else if (values[C_FIRST_NAME] != NULL || values[C_LAST_NAME] != NULL)
    name = g_strjoin (" ", values[C_FIRST_NAME] ? values[C_FIRST_NAME] : values[C_LAST_NAME],
                      values[C_FIRST_NAME] ? values[C_LAST_NAME] : NULL, NULL);
  if (name == NULL)
    {
      reject (self, line, g_strdup (_("the contact’s name is empty.")));
      return TRUE;
    }

  if (values[C_EMAIL] != NULL)
    email = g_ascii_strdown (values[C_EMAIL], -1);

#define CHOICE(FIELD, KIND, TARGET, WHAT) \
  if (values[FIELD] != NULL && (TARGET = parse_choice (self, KIND, values[FIELD])) == NULL) \
    { \
      reject (self, line, column_problem (self, FIELD, values[FIELD], WHAT)); \
      return TRUE; \
    }
  CHOICE (C_ROLE, CONCORD_CHOICE_ROLE, role,
          _("a buying role (champion, economic buyer, decision maker, technical evaluator, influencer, end user, "
            "blocker, coach, executive sponsor, legal and compliance, procurement or other)"))
  CHOICE (C_INFLUENCE, CONCORD_CHOICE_INFLUENCE, influence, _("an influence (high, medium or low)"))
  CHOICE (C_SENTIMENT, CONCORD_CHOICE_SENTIMENT, sentiment, _("a sentiment (positive, neutral or negative)"))
#undef CHOICE

  if (values[C_PRIMARY] != NULL)
    {
      if (!parse_bool (values[C_PRIMARY], &primary))
        {
          reject (self, line, column_problem (self, C_PRIMARY, values[C_PRIMARY], _("yes or no")));
          return TRUE;
        }
      has_primary = TRUE;
    }

  /* The account: by its domain, then its name, then the email's domain. */
  if (values[C_COMPANY_DOMAIN] != NULL)
    domain = normalise_domain (values[C_COMPANY_DOMAIN]);
  account_id = map_lookup (self->domains, domain);
  if (account_id == 0 && values[C_COMPANY] != NULL)
    {
      g_autofree char *key = g_utf8_casefold (values[C_COMPANY], -1);
      account_id = map_lookup (self->names, key);
    }
  if (account_id == 0 && email != NULL && strchr (email, '@') != NULL && values[C_COMPANY] == NULL)
    account_id = map_lookup (self->domains, strchr (email, '@') + 1);

  concord_fields_set_string (fields, "name", name);
  for (int f = C_EMAIL; f <= C_PHONE; f++)
    if (values[f] != NULL)
      concord_fields_set_string (fields, contact_fields[f].id, values[f]);
  if (values[C_NOTES] != NULL)
    concord_fields_set_string (fields, "notes", values[C_NOTES]);
  if (!concord_accounts_validate ("contacts", fields, &local_error))
    {
      reject (self, line, g_strdup (local_error->message));
      return TRUE;
    }

  if (account_id == 0 && values[C_COMPANY] == NULL)
    {
      reject (self, line, g_strdup (_("no account: the row names no company (map a column to “account” or “account_domain”).")));
      return TRUE;
    }

  if (!check_source (self, values, C_SOURCE_SYSTEM, C_SOURCE_ID, line))
    return TRUE;
  source = source_key (self, values[C_SOURCE_SYSTEM], values[C_SOURCE_ID]);
  existing = find_existing (self, source, self->emails, email, NULL, line,
                            _("this row is for the same contact (by its record id or email) as line %u; keep one of the two rows."));
  if (existing < 0)
    return TRUE;
  if (existing != 0 && self->duplicate_mode == CONCORD_DUPLICATE_SKIP)
    {
      self->n_skipped++;
      return TRUE;
    }

  /* The relationship owner is someone in sales, as CRMs mean it. */
  if (values[C_OWNER] != NULL && (owner_id = find_person (self, values[C_OWNER], "sales", error)) == 0)
    return FALSE;

  if (account_id == 0)
    {
      account_id = create_account_for_contact (self, values[C_COMPANY], domain, error);
      if (account_id == 0)
        return FALSE;
    }

#define BIND_CONTACT(STMT) \
  G_STMT_START { \
    sqlite3_bind_int64 (STMT, 1, account_id); \
    bind_text_or_null (STMT, 2, name); \
    bind_text_or_null (STMT, 3, values[C_TITLE]); \
    bind_text_or_null (STMT, 4, values[C_EMAIL]); \
    bind_text_or_null (STMT, 5, values[C_PHONE]); \
    bind_text_or_null (STMT, 6, role); \
    bind_text_or_null (STMT, 7, influence); \
    bind_text_or_null (STMT, 8, sentiment); \
    bind_int_or_null (STMT, 9, has_primary, primary); \
    bind_int_or_null (STMT, 10, owner_id != 0, owner_id); \
    bind_text_or_null (STMT, 11, values[C_NOTES]); \
    bind_int_or_null (STMT, 12, updating, existing); \
    if (sqlite3_bind_parameter_count (STMT) >= 14) /* not in the comparison */ \
      bind_source (self, STMT, 13, values[C_SOURCE_SYSTEM], values[C_SOURCE_ID]); \
  } G_STMT_END

  /* An update first counts the filled fields it changes. */
  updating = existing != 0 && self->duplicate_mode != CONCORD_DUPLICATE_CREATE;
  if (updating && self->duplicate_mode == CONCORD_DUPLICATE_UPDATE)
    {
      stmt = concord_workbook_prepare (self->workbook, overwrites_sql, error);
      if (stmt == NULL)
        return FALSE;
      BIND_CONTACT (stmt);
      if (!count_overwrites (self, stmt, error))
        return FALSE;
    }

  stmt = concord_workbook_prepare (self->workbook,
                                   !updating ? insert_sql
                                   : self->duplicate_mode == CONCORD_DUPLICATE_FILL ? fill_sql : update_sql,
                                   error);
  if (stmt == NULL)
    return FALSE;
  BIND_CONTACT (stmt);
#undef BIND_CONTACT

  if (updating)
    {
      if (!concord_workbook_step_done (self->workbook, stmt, error))
        return FALSE;
      self->n_updated++;
      touch (self, existing, line);
      map_add (self->sources, g_steal_pointer (&source), existing);
      return TRUE;
    }

  set_adding (self, TRUE);
  ok = concord_workbook_step_done (self->workbook, stmt, error);
  set_adding (self, FALSE);
  if (!ok)
    return FALSE;

  existing = sqlite3_last_insert_rowid (concord_workbook_get_db (self->workbook));
  self->n_created++;
  touch_added (self, existing, line);
  map_add (self->emails, g_steal_pointer (&email), existing);
  map_add (self->sources, g_steal_pointer (&source), existing);

  return TRUE;
}

/* Spreadsheets write blank rows as a row of empty cells. */
static gboolean
is_blank (GPtrArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    if (*g_strstrip ((char *) g_ptr_array_index (cells, i)) != '\0')
      return FALSE;

  return TRUE;
}

/* A report's footer ("Grand Totals (3 records)", "Confidential
 * Information - Do Not Distribute", a copyright line) is rows of one
 * cell under a header of several columns; data rows always have them
 * all. Whether they end the file is known only later. */
static gboolean
is_footer (ConcordAccountImport *self,
           GPtrArray            *cells)
{
  return cells->len == 1 && self->headers->len >= 3;
}

/* One-cell rows followed by data were rows after all, and too short. */
static void
end_footer (ConcordAccountImport *self)
{
  for (guint i = 0; i < self->footer->len; i++)
    {
      ConcordImportProblem *row = g_ptr_array_index (self->footer, i);

      self->n_rows++;
      reject (self, row->line,
              g_strdup_printf (_("the row has 1 field but the header names %u; is a delimiter missing?"),
                               self->headers->len));
    }
  g_ptr_array_set_size (self->footer, 0);
}

/* One-cell rows that end the file were the footer. */
static void
note_footer (ConcordAccountImport *self)
{
  ConcordImportProblem *first;

  if (self->footer->len == 0)
    return;

  first = g_ptr_array_index (self->footer, 0);
  add_problem (self->warnings, first->line,
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "the %u line from here on (“%s”) is the report’s footer, not data; it was left out.",
                                             "the %u lines from here on (“%s” …) are the report’s footer, not data; they were left out.",
                                             self->footer->len),
                                self->footer->len, first->reason));
  g_ptr_array_set_size (self->footer, 0);
}

/* The rows of the last batch; a refusal names its
 * line as a row's own would (concord_account_import_step ()). */
static gboolean
write_last_rows (ConcordAccountImport  *self,
                 GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  guint line = 0;

  if (self->pending == NULL || write_pending (self, &line, &local_error))
    return TRUE;

  g_set_error (error, CONCORD_ERROR, local_error->code, _("Line %u: %s"), line, local_error->message);
  return FALSE;
}

gboolean
concord_account_import_step (ConcordAccountImport  *self,
                             guint                  max_rows,
                             GError               **error)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), FALSE);
  g_return_val_if_fail (self->edit != NULL, FALSE);

  for (guint i = 0; i < max_rows; i++)
    {
      g_autoptr(GPtrArray) cells = NULL;
      g_autoptr(GError) local_error = NULL;
      guint line = 0;
      gboolean ok;

      if (!concord_csv_reader_next (self->reader, &cells, &line, &local_error))
        {
          if (local_error == NULL)
            {
              self->done = TRUE;
              write_last_rows (self, error);
              return FALSE;
            }

          /* The file itself went away under the reader: nothing is
           * imported from what is left of it. */
          if (g_error_matches (local_error, CONCORD_ERROR, CONCORD_ERROR_IO))
            {
              self->done = TRUE;
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          /* A malformed line is one rejected row; the rest is read. */
          self->n_rows++;
          reject (self, line, g_strdup (concord_csv_reader_get_bad_record_reason (self->reader)));
          if (!concord_csv_reader_skip_bad_record (self->reader))
            {
              self->done = TRUE;
              return FALSE;
            }
          continue;
        }

      if (is_blank (cells))
        continue;
      if (is_footer (self, cells))
        {
          add_problem (self->footer, line, g_strdup (g_ptr_array_index (cells, 0)));
          continue;
        }
      end_footer (self);

      self->n_rows++;
      if (!check_ragged (self, cells, line))
        continue;

      if (self->kind == CONCORD_IMPORT_ACCOUNTS)
        ok = import_account_row (self, cells, line, &line, &local_error);
      else
        ok = import_contact_row (self, cells, line, &local_error);

      if (!ok)
        {
          self->done = TRUE;
          g_set_error (error, CONCORD_ERROR, local_error->code,
                       _("Line %u: %s"), line, local_error->message);
          return FALSE;
        }
    }

  /* What a step read is in the workbook when it returns. */
  if (!write_last_rows (self, error))
    {
      self->done = TRUE;
      return FALSE;
    }

  return TRUE;
}

gboolean
concord_account_import_commit (ConcordAccountImport  *self,
                               GError               **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  gboolean ok;

  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), FALSE);
  g_return_val_if_fail (self->edit != NULL, FALSE);

  edit = g_steal_pointer (&self->edit);

  note_footer (self);

  if (self->n_rejected > 0 && !self->skip_rejected)
    {
      ConcordImportProblem *first = g_ptr_array_index (self->problems, 0);

      g_clear_pointer (&edit, concord_edit_free);
      restore_cache_size (self);
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row was rejected, so nothing was imported. Line %u: %s",
                                "%u rows were rejected, so nothing was imported. First, line %u: %s",
                                self->n_rejected),
                   self->n_rejected, first->line, first->reason);
      return FALSE;
    }

  ok = write_last_rows (self, error) && end_added_records (self, error) &&
       create_dropped_indexes (self, error) && concord_edit_commit (edit, error);
  g_clear_pointer (&edit, concord_edit_free);
  g_clear_pointer (&self->dropped, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  restore_cache_size (self);

  return ok;
}

void
concord_account_import_cancel (ConcordAccountImport *self)
{
  g_return_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self));

  if (self->edit == NULL)
    return;

  g_clear_pointer (&self->edit, concord_edit_free);
  g_clear_pointer (&self->dropped, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  restore_cache_size (self);
}

double
concord_account_import_get_fraction (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), 0.0);

  return self->done ? 1.0 : concord_csv_reader_get_fraction (self->reader);
}

gboolean
concord_account_import_run (ConcordAccountImport  *self,
                            GCancellable          *cancellable,
                            GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), FALSE);

  if (!concord_account_import_begin (self, error))
    return FALSE;

  while (concord_account_import_step (self, 1000, &local_error))
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          concord_account_import_cancel (self);
          return FALSE;
        }
    }

  if (local_error != NULL)
    {
      concord_account_import_cancel (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return concord_account_import_commit (self, error);
}

guint
concord_account_import_get_n_rows (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), 0);
  return self->n_rows;
}

guint
concord_account_import_get_n_created (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), 0);
  return self->n_created;
}

guint
concord_account_import_get_n_updated (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), 0);
  return self->n_updated;
}

guint
concord_account_import_get_n_skipped (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), 0);
  return self->n_skipped;
}

guint
concord_account_import_get_n_rejected (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), 0);
  return self->n_rejected;
}

guint
concord_account_import_get_n_overwritten (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), 0);
  return self->n_overwritten;
}

GPtrArray *
concord_account_import_get_new_people (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), NULL);
  return self->new_people;
}

void
concord_account_import_end_count (ConcordAccountImport *self)
{
  g_return_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self));

  /* The footer is known only at the end, as in a real run. */
  if (self->done)
    note_footer (self);
  concord_account_import_cancel (self);
}

gboolean
concord_account_import_count (ConcordAccountImport  *self,
                              GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), FALSE);

  if (!concord_account_import_begin (self, error))
    return FALSE;

  while (concord_account_import_step (self, 1000, &local_error))
    ;

  concord_account_import_end_count (self);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

guint
concord_account_import_get_n_new_accounts (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), 0);
  return self->n_new_accounts;
}

GPtrArray *
concord_account_import_get_problems (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), NULL);
  return self->problems;
}

GPtrArray *
concord_account_import_get_warnings (ConcordAccountImport *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), NULL);
  return self->warnings;
}

char *
concord_account_import_dup_summary (ConcordAccountImport *self)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT (self), NULL);

  g_string_append_printf (out, _("%u added, %u updated, %u skipped, %u rejected"),
                          self->n_created, self->n_updated, self->n_skipped, self->n_rejected);
  if (self->n_new_accounts > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, " (%u new account)",
                                              " (%u new accounts)", self->n_new_accounts),
                            self->n_new_accounts);
  if (self->new_people->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      guint n = self->new_people->len;

      /* A few names say who; fifty would be a wall of text. */
      for (guint i = 0; i < n && i < MAX_NAMED_PEOPLE; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (self->new_people, i));
      if (n > MAX_NAMED_PEOPLE)
        g_string_append_printf (names, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more",
                                                    n - MAX_NAMED_PEOPLE),
                                n - MAX_NAMED_PEOPLE);
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "; added to People: %s",
                                                "; added to People: %s", n),
                              names->str);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
