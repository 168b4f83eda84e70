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
#include <locale.h>
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

/* Numbers ------------------------------------------------------------------- */

void
concord_number_format_init (ConcordNumberFormat *format,
                            const char          *decimal_point,
                            const char          *thousands_sep)
{
  g_return_if_fail (format != NULL);

  format->decimal = decimal_point != NULL && *decimal_point != '\0' &&
                    g_utf8_validate (decimal_point, -1, NULL)
                    ? g_utf8_get_char (decimal_point) : '.';
  if (format->decimal != ',')
    format->decimal = '.';

  format->group = thousands_sep != NULL && *thousands_sep != '\0' &&
                  g_utf8_validate (thousands_sep, -1, NULL)
                  ? g_utf8_get_char (thousands_sep) : 0;
  if (format->group == format->decimal || format->group == 0)
    format->group = format->decimal == '.' ? ',' : 0x202F;
}

void
concord_number_format_get_locale (ConcordNumberFormat *format)
{
  struct lconv *conv = localeconv ();

  g_return_if_fail (format != NULL);

  concord_number_format_init (format, conv->decimal_point, conv->thousands_sep);
}

static gboolean
is_space_group (gunichar c)
{
  return c == ' ' || c == 0xA0 || c == 0x202F || c == 0x2009;
}

static gboolean
is_group (const ConcordNumberFormat *format,
          gunichar                   c)
{
  return c == format->group || is_space_group (c);
}

/* What may stand around a number: spaces, currency signs, a percent. */
static gboolean
is_decoration (gunichar c)
{
  return g_unichar_isspace (c) || c == 0xA0 || c == 0x202F || c == '$' || c == 0x20AC ||
         c == 0xA3 || c == 0xA5 || c == '%';
}

/* The length of a currency code ("EUR") at @p, or 0. */
static gsize
code_length (const char *p,
             const char *end)
{
  gsize n = 0;

  while (p + n < end && g_ascii_isalpha (p[n]))
    n++;

  return n == 3 ? n : 0;
}

static char *
example (const ConcordNumberFormat *format)
{
  GString *out = g_string_new ("1250");

  g_string_append_unichar (out, format->decimal);
  g_string_append_c (out, '5');
  return g_string_free (out, FALSE);
}

static gboolean
refuse (const ConcordNumberFormat  *format,
        const char                 *text,
        gunichar                    mark,
        GError                    **error)
{
  g_autofree char *sample = example (format);
  char mark_text[8] = { 0 };
  char decimal_text[8] = { 0 };

  g_unichar_to_utf8 (format->decimal, decimal_text);
  if (mark == 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” is not a number; type digits such as %s."), text, sample);
      return FALSE;
    }

  g_unichar_to_utf8 (mark, mark_text);
  if (mark == format->decimal)
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                 _("“%s” has the decimal mark “%s” more than once, or a separator after it; "
                   "type a number such as %s."), text, decimal_text, sample);
  else if (is_group (format, mark))
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                 _("“%s” is ambiguous: “%s” groups thousands here, so three digits must follow it; "
                   "the decimal mark is “%s”, as in %s."), text, mark_text, decimal_text, sample);
  else
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                 _("“%s” is ambiguous: “%s” is not the decimal mark here; "
                   "the decimal mark is “%s”, as in %s."), text, mark_text, decimal_text, sample);
  return FALSE;
}

/* Splits @text into a sign and the digits on either side of the decimal
 * mark, checking every separator against @format. */
static gboolean
read_decimal (const ConcordNumberFormat  *format,
              const char                 *text,
              gboolean                   *negative,
              GString                    *whole,
              GString                    *fraction,
              GError                    **error)
{
  const char *p = text != NULL ? text : "";
  const char *end = p + strlen (p);
  gunichar group_used = 0;
  guint group_digits = 0;
  gboolean in_fraction = FALSE;
  gboolean grouped = FALSE;

  *negative = FALSE;

  if (!g_utf8_validate (p, -1, NULL))
    return refuse (format, "", 0, error);

  /* Signs and decorations on the left ("-$ 50", "$-50", "EUR 50"). */
  for (;;)
    {
      gunichar c;

      if (p >= end)
        break;
      c = g_utf8_get_char (p);
      if ((c == '-' || c == 0x2212) && !*negative)
        *negative = TRUE;
      else if (code_length (p, end) > 0)
        {
          p += 3;
          continue;
        }
      else if (!is_decoration (c))
        break;
      p = g_utf8_next_char (p);
    }

  /* Decorations on the right ("1200 USD", "40 %"). */
  while (end > p)
    {
      const char *prev = g_utf8_find_prev_char (p, end);

      if (end - p >= 3 && code_length (end - 3, end) == 3 &&
          (end - 3 == p || !g_ascii_isalpha (end[-4])))
        {
          end -= 3;
          continue;
        }
      if (prev == NULL || !is_decoration (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_isdigit (c))
        {
          g_string_append_c (in_fraction ? fraction : whole, (char) c);
          group_digits++;
        }
      else if (c == format->decimal && !in_fraction)
        {
          if (grouped && group_digits != 3)
            return refuse (format, text, group_used, error);
          in_fraction = TRUE;
        }
      else if (is_group (format, c) && !in_fraction)
        {
          gunichar kind = is_space_group (c) ? ' ' : c;

          /* 1 to 3 digits before the first mark, exactly 3 after each. */
          if (whole->len == 0 || (group_used != 0 && kind != group_used) ||
              (grouped ? group_digits != 3 : group_digits > 3))
            return refuse (format, text, c, error);
          group_used = kind;
          grouped = TRUE;
          group_digits = 0;
        }
      else
        return refuse (format, text, c == '.' || c == ',' ? c : 0, error);
    }

  if (grouped && !in_fraction && group_digits != 3)
    return refuse (format, text, group_used == ' ' ? format->group : group_used, error);
  if (whole->len == 0 && fraction->len == 0)
    return refuse (format, text, 0, error);
  if (whole->len == 0)
    g_string_append_c (whole, '0');

  return TRUE;
}

gboolean
concord_number_parse_in (const ConcordNumberFormat  *format,
                         const char                 *text,
                         double                     *value,
                         GError                    **error)
{
  g_autoptr(GString) whole = g_string_new (NULL);
  g_autoptr(GString) fraction = g_string_new (NULL);
  g_autofree char *ascii = NULL;
  gboolean negative;
  double result;

  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!read_decimal (format, text, &negative, whole, fraction, error))
    return FALSE;

  ascii = g_strdup_printf ("%s%s.%s0", negative ? "-" : "", whole->str, fraction->str);
  result = g_ascii_strtod (ascii, NULL);
  if (!isfinite (result))
    return refuse (format, text, 0, error);

  *value = result;
  return TRUE;
}

gboolean
concord_count_parse_in (const ConcordNumberFormat  *format,
                        const char                 *text,
                        gint64                     *value,
                        GError                    **error)
{
  g_autoptr(GString) whole = g_string_new (NULL);
  g_autoptr(GString) fraction = g_string_new (NULL);
  gboolean negative;

  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!read_decimal (format, text, &negative, whole, fraction, error))
    return FALSE;

  if (strspn (fraction->str, "0") != fraction->len || whole->len > 15)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” is not a whole number; type digits such as 1200."), text);
      return FALSE;
    }

  *value = g_ascii_strtoll (whole->str, NULL, 10) * (negative ? -1 : 1);
  return TRUE;
}

gboolean
concord_money_parse_in (const ConcordNumberFormat  *format,
                        const char                 *text,
                        gint64                     *cents,
                        GError                    **error)
{
  g_autoptr(GString) whole = g_string_new (NULL);
  g_autoptr(GString) fraction = g_string_new (NULL);
  gboolean negative;
  gint64 units;

  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (cents != NULL, FALSE);

  if (!read_decimal (format, text, &negative, whole, fraction, error))
    return FALSE;

  if (negative)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("An amount cannot be negative."));
      return FALSE;
    }
  if (fraction->len > 2)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” has more than two decimals; an amount is kept to the cent."), text);
      return FALSE;
    }
  if (whole->len > 16)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” is too large an amount."), text);
      return FALSE;
    }

  units = g_ascii_strtoll (whole->str, NULL, 10);
  g_string_append (fraction, "00");
  *cents = units * 100 + (fraction->str[0] - '0') * 10 + (fraction->str[1] - '0');
  return TRUE;
}

static void
append_grouped (GString                   *out,
                const ConcordNumberFormat *format,
                guint64                    value,
                gboolean                   grouped)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (grouped && i > 0 && (len - i) % 3 == 0)
        g_string_append_unichar (out, format->group);
      g_string_append_c (out, digits[i]);
    }
}

char *
concord_money_format_plain_in (const ConcordNumberFormat *format,
                               gint64                     cents,
                               gboolean                   grouped)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude = cents < 0 ? (guint64) (-(cents + 1)) + 1 : (guint64) cents;

  g_return_val_if_fail (format != NULL, NULL);

  if (cents < 0)
    g_string_append_c (out, '-');
  append_grouped (out, format, magnitude / 100, grouped);
  if (magnitude % 100 != 0)
    {
      g_string_append_unichar (out, format->decimal);
      g_string_append_printf (out, "%02u", (guint) (magnitude % 100));
    }

  return g_string_free (out, FALSE);
}

char *
concord_number_format_in (const ConcordNumberFormat *format,
                          double                     value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (format != NULL, NULL);

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  for (const char *p = buffer; *p != '\0'; p++)
    {
      if (*p == '.')
        g_string_append_unichar (out, format->decimal);
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

gboolean
concord_number_parse (const char  *text,
                      double      *value,
                      GError     **error)
{
  ConcordNumberFormat format;

  concord_number_format_get_locale (&format);
  return concord_number_parse_in (&format, text, value, error);
}

gboolean
concord_count_parse (const char  *text,
                     gint64      *value,
                     GError     **error)
{
  ConcordNumberFormat format;

  concord_number_format_get_locale (&format);
  return concord_count_parse_in (&format, text, value, error);
}

gboolean
concord_money_parse (const char  *text,
                     gint64      *cents,
                     GError     **error)
{
  ConcordNumberFormat format;

  concord_number_format_get_locale (&format);
  return concord_money_parse_in (&format, text, cents, error);
}

char *
concord_number_format (double value)
{
  ConcordNumberFormat format;

  concord_number_format_get_locale (&format);
  return concord_number_format_in (&format, value);
}

char *
concord_money_format_plain (gint64 cents)
{
  ConcordNumberFormat format;

  concord_number_format_get_locale (&format);
  return concord_money_format_plain_in (&format, cents, FALSE);
}

char *
concord_money_format_grouped (gint64 cents)
{
  ConcordNumberFormat format;

  concord_number_format_get_locale (&format);
  return concord_money_format_plain_in (&format, cents, TRUE);
}

char *
concord_money_format (ConcordWorkbook *workbook,
                      gint64           cents)
{
  g_autofree char *currency = NULL;
  g_autofree char *amount = NULL;
  const char *symbol = NULL;

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

  /* The sign goes before the currency: -$1,250.50. */
  amount = concord_money_format_grouped (cents < 0 ? -cents : cents);
  if (symbol != NULL)
    return g_strdup_printf ("%s%s%s", cents < 0 ? "-" : "", symbol, amount);
  return g_strdup_printf ("%s%s %s", cents < 0 ? "-" : "", currency, amount);
}

