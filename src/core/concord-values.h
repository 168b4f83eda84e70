/* concord-values.h: the values every area shares: choices, dates, money */
#pragma once

#include "concord-workbook.h"

G_BEGIN_DECLS

/* A stored value and its translated label, for combo rows and filters. */
typedef struct
{
  const char *id;
  const char *label;   /* untranslated; pass through gettext */
} ConcordChoice;

/* The translated label of @id, or @id itself when it is not a choice. */
const char          *concord_choice_label     (const ConcordChoice *choices,
                                               guint                n_choices,
                                               const char          *id);
int                  concord_choice_index     (const ConcordChoice *choices,
                                               guint                n_choices,
                                               const char          *id);

/* Values -------------------------------------------------------------------- */

/* TRUE when @text is a real calendar date written YYYY-MM-DD. */
gboolean  concord_date_parse        (const char  *text,
                                     GDate       *date);
char     *concord_date_format       (const char  *text);   /* "12 Mar 2027" */
char     *concord_date_today        (void);                /* YYYY-MM-DD, local */

/* Numbers and money ----------------------------------------------------------
 *
 * One reading and one writing of numbers for the whole application: every
 * editor, the CSV importer and the reports. Both follow a number format,
 * by default the locale's (LC_NUMERIC). The decimal mark is the locale's;
 * thousands may be grouped with the locale's separator or with a space
 * (U+0020, U+00A0, U+202F), always in groups of three. Anything else a
 * reader could take two ways ("1,50" where "," groups thousands) is
 * refused with the reason, never guessed.
 */
typedef struct
{
  gunichar decimal;   /* '.' or ',' */
  gunichar group;     /* what the locale groups thousands with */
} ConcordNumberFormat;

/* From localeconv ()'s decimal_point and thousands_sep. A locale that
 * groups with nothing (C, POSIX) is read as grouping with "," when its
 * decimal mark is ".", and with a space otherwise. */
void      concord_number_format_init       (ConcordNumberFormat       *format,
                                            const char                *decimal_point,
                                            const char                *thousands_sep);
void      concord_number_format_get_locale (ConcordNumberFormat       *format);

gboolean  concord_number_parse_in   (const ConcordNumberFormat *format,
                                     const char                *text,
                                     double                    *value,
                                     GError                   **error);
/* Whole numbers ("1,200" employees); "1200.0" from spreadsheets too. */
gboolean  concord_count_parse_in    (const ConcordNumberFormat *format,
                                     const char                *text,
                                     gint64                    *value,
                                     GError                   **error);
/* "1,250.50", "$1250" or "1250 EUR" -> 125050 cents; at most two
 * decimals, never negative. */
gboolean  concord_money_parse_in    (const ConcordNumberFormat *format,
                                     const char                *text,
                                     gint64                    *cents,
                                     GError                   **error);
/* 12.5 -> "12.5" (en) or "12,5" (de): what an editor shows to edit. */
char     *concord_number_format_in  (const ConcordNumberFormat *format,
                                     double                     value);
/* -125050 -> "-1250.50", or "-1,250.50" when @grouped. */
char     *concord_money_format_plain_in (const ConcordNumberFormat *format,
                                         gint64                     cents,
                                         gboolean                   grouped);

/* The same in the locale's format. */
gboolean  concord_number_parse      (const char  *text,
                                     double      *value,
                                     GError     **error);
gboolean  concord_count_parse       (const char  *text,
                                     gint64      *value,
                                     GError     **error);
gboolean  concord_money_parse       (const char  *text,
                                     gint64      *cents,
                                     GError     **error);
char     *concord_number_format     (double       value);
char     *concord_money_format_plain (gint64      cents);    /* "-1250.50" */
char     *concord_money_format_grouped (gint64    cents);    /* "-1,250.50" */
/* 125050 in USD -> "$1,250.50"; the currency is the workbook's meta. */
char     *concord_money_format      (ConcordWorkbook *workbook,
                                     gint64       cents);

G_END_DECLS
