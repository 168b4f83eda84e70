/* concord-values.c
 *
 * Choices (a stored id and its label), dates written YYYY-MM-DD, money in
 * integer cents and plain numbers: parsed with a message a user can act
 * on, and formatted the way people read them. Every area uses these, so a
 * date or an amount reads the same on every page and in every report.
 */
#define G_LOG_DOMAIN "concord-values"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concord-values.h"

int
concord_choice_index (const ConcordChoice *choices,
                      guint                n_choices,
                      const char          *id)
{
  for (guint i = 0; i < n_choices; i++)
    if (g_strcmp0 (choices[i].id, id) == 0)
      return (int) i;

  return -1;
}

const char *
concord_choice_label (const ConcordChoice *choices,
                      guint                n_choices,
                      const char          *id)
{
  int index = concord_choice_index (choices, n_choices, id);

  return index >= 0 ? g_dgettext (GETTEXT_PACKAGE, choices[index].label) : id;
}

/* Values -------------------------------------------------------------------- */

gboolean
concord_date_parse (const char *text,
                    GDate      *date)
{
  unsigned y, m, d;
  char extra;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &extra) != 3 ||
      text[4] != '-' || text[7] != '-' ||
      !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[8]) ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;

  if (date != NULL)
    g_date_set_dmy (date, d, m, y);

  return TRUE;
}

char *
concord_date_format (const char *text)
{
  GDate date;
  char buffer[64];

  if (!concord_date_parse (text, &date))
    return g_strdup (text ? text : "");

  /* Translators: a date as strftime() formats it, "12 Mar 2027" */
  if (g_date_strftime (buffer, sizeof buffer, _("%e %b %Y"), &date) == 0)
    return g_strdup (text);

  return g_strdup (g_strchug (buffer));
}

/* Reading the local time zone stats /etc/localtime on every call, which a
 * 100,000-row import would feel; the date is kept for a second. */
G_LOCK_DEFINE_STATIC (today);

char *
concord_date_today (void)
{
  static char cached[16];
  static gint64 cached_at;
  gint64 now = g_get_monotonic_time ();
  char *result;

  G_LOCK (today);
  if (cached[0] == '\0' || now - cached_at > G_USEC_PER_SEC)
    {
      g_autoptr(GDateTime) local = g_date_time_new_now_local ();
      g_autofree char *text = g_date_time_format (local, "%Y-%m-%d");

      g_strlcpy (cached, text, sizeof cached);
      cached_at = now;
    }
  result = g_strdup (cached);
  G_UNLOCK (today);

  return result;
}

static char *
clean_number_text (const char *text)
{
  GString *clean = g_string_new (NULL);

  /* Thousands separators, spaces and currency signs are what people paste
   * from spreadsheets; they carry no value. */
  for (const char *p = text ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ',' || g_unichar_isspace (c) || c == '$' || c == 0x20AC ||
          c == 0xA3 || c == 0xA5 || c == '%')
        continue;
      g_string_append_unichar (clean, c);
    }

  return g_string_free (clean, FALSE);
}

gboolean
concord_number_parse (const char  *text,
                      double      *value,
                      GError     **error)
{
  g_autofree char *clean = clean_number_text (text);
  char *end = NULL;
  double result;

  result = g_ascii_strtod (clean, &end);
  if (*clean == '\0' || end == NULL || *end != '\0' || !isfinite (result))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” is not a number; type digits such as 1250 or 12.5."),
                   text ? text : "");
      return FALSE;
    }

  *value = result;
  return TRUE;
}

gboolean
concord_money_parse (const char  *text,
                     gint64      *cents,
                     GError     **error)
{
  g_autofree char *clean = clean_number_text (text);
  const char *p = clean;
  gint64 units = 0;
  gint64 fraction = 0;
  int n_fraction = 0;

  if (*p == '-')
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("An amount cannot be negative."));
      return FALSE;
    }

  if (*p == '\0')
    goto invalid;

  for (; g_ascii_isdigit (*p); p++)
    {
      if (units > G_MAXINT64 / 1000)
        goto invalid;
      units = units * 10 + (*p - '0');
    }

  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++, n_fraction++)
        {
          if (n_fraction >= 2)
            goto invalid;
          fraction = fraction * 10 + (*p - '0');
        }
    }

  if (*p != '\0' || (p == clean + 1 && clean[0] == '.'))
    goto invalid;

  if (n_fraction == 1)
    fraction *= 10;

  *cents = units * 100 + fraction;
  return TRUE;

invalid:
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
               _("“%s” is not an amount; type a number such as 1250 or 1250.50."),
               text ? text : "");
  return FALSE;
}

static void
append_grouped (GString *out,
                guint64  value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

char *
concord_money_format_plain (gint64 cents)
{
  if (cents % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, cents / 100);

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (llabs (cents) % 100));
}

char *
concord_money_format (ConcordWorkbook *workbook,
                      gint64           cents)
{
  g_autofree char *currency = NULL;
  GString *out = g_string_new (NULL);
  const char *symbol = NULL;
  guint64 magnitude = (guint64) (cents < 0 ? -cents : cents);

  if (workbook != NULL)
    currency = concord_workbook_dup_meta (workbook, "currency");
  if (currency == NULL || *currency == '\0')
    {
      g_free (currency);
      currency = g_strdup ("USD");
    }

  if (g_str_equal (currency, "USD"))
    symbol = "$";
  else if (g_str_equal (currency, "EUR"))
    symbol = "€";
  else if (g_str_equal (currency, "GBP"))
    symbol = "£";

  if (cents < 0)
    g_string_append_c (out, '-');
  if (symbol != NULL)
    g_string_append (out, symbol);
  else
    g_string_append_printf (out, "%s ", currency);

  append_grouped (out, magnitude / 100);
  if (magnitude % 100 != 0)
    g_string_append_printf (out, ".%02u", (guint) (magnitude % 100));

  return g_string_free (out, FALSE);
}

