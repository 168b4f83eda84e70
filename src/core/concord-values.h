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
/* "1,250.50" or "$1250" -> 125050 cents; refuses negatives and words. */
gboolean  concord_money_parse       (const char  *text,
                                     gint64      *cents,
                                     GError     **error);
/* 125050 in USD -> "$1,250.50"; the currency is the workbook's meta. */
char     *concord_money_format      (ConcordWorkbook *workbook,
                                     gint64       cents);
char     *concord_money_format_plain (gint64      cents);  /* "1250.50" */
gboolean  concord_number_parse      (const char  *text,
                                     double      *value,
                                     GError     **error);

G_END_DECLS
