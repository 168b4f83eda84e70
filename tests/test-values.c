/* test-values.c: one reading and one writing of numbers and money, per
 * locale.
 *
 * The formats are built from the strings glibc's localeconv () gives for
 * each locale (decimal_point, thousands_sep), so the tests need no locale
 * installed on the machine: only the mapping from the locale's strings to
 * a format depends on the C library, and that is checked for the locale
 * the tests run in (C.UTF-8). */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "concord-error.h"
#include "concord-values.h"

typedef struct
{
  const char *name;
  const char *decimal_point;
  const char *thousands_sep;
} Locale;

static const Locale en_US = { "en_US", ".", "," };
static const Locale de_DE = { "de_DE", ",", "." };
static const Locale fr_FR = { "fr_FR", ",", "\u202f" };

static ConcordNumberFormat
format_for (const Locale *locale)
{
  ConcordNumberFormat format;

  concord_number_format_init (&format, locale->decimal_point, locale->thousands_sep);
  return format;
}

static void
assert_money (const Locale *locale,
              const char   *text,
              gint64        expected)
{
  ConcordNumberFormat format = format_for (locale);
  g_autoptr(GError) error = NULL;
  gint64 cents = -1;

  g_test_message ("%s: “%s”", locale->name, text);
  g_assert_true (concord_money_parse_in (&format, text, &cents, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cents, ==, expected);
}

/* Refused, with a message that quotes what was typed. */
static void
assert_refused (const Locale *locale,
                const char   *text)
{
  ConcordNumberFormat format = format_for (locale);
  g_autoptr(GError) error = NULL;
  double value;
  gint64 cents;

  g_test_message ("%s: “%s” refused", locale->name, text);
  g_assert_false (concord_money_parse_in (&format, text, &cents, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, text));
  g_clear_error (&error);
  g_assert_false (concord_number_parse_in (&format, text, &value, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
}

static void
assert_formats (const Locale *locale,
                gint64        cents,
                const char   *plain,
                const char   *grouped)
{
  ConcordNumberFormat format = format_for (locale);
  g_autofree char *plain_text = concord_money_format_plain_in (&format, cents, FALSE);
  g_autofree char *grouped_text = concord_money_format_plain_in (&format, cents, TRUE);
  gint64 back = 0;

  g_assert_cmpstr (plain_text, ==, plain);
  g_assert_cmpstr (grouped_text, ==, grouped);

  /* What is written reads back as the same amount. */
  if (cents >= 0)
    {
      g_assert_true (concord_money_parse_in (&format, plain_text, &back, NULL));
      g_assert_cmpint (back, ==, cents);
      g_assert_true (concord_money_parse_in (&format, grouped_text, &back, NULL));
      g_assert_cmpint (back, ==, cents);
    }
}

static void
test_en_us (void)
{
  ConcordNumberFormat format = format_for (&en_US);
  g_autofree char *number = concord_number_format_in (&format, 12.5);
  gint64 count = 0;
  double value = 0;

  assert_money (&en_US, "1.50", 150);
  assert_money (&en_US, "1,250.50", 125050);
  assert_money (&en_US, "$1,250", 125000);
  assert_money (&en_US, "1200 USD", 120000);
  assert_money (&en_US, "1 250.5", 125050);
  assert_money (&en_US, "12,500,000", 1250000000);
  assert_refused (&en_US, "1,50");
  assert_refused (&en_US, "1.250,50");
  assert_refused (&en_US, "12,34,567");
  assert_refused (&en_US, "1,2345");
  assert_refused (&en_US, "twelve");
  assert_refused (&en_US, "12a");

  /* Employees read "1,200" as revenue does. */
  g_assert_true (concord_count_parse_in (&format, "1,200", &count, NULL));
  g_assert_cmpint (count, ==, 1200);
  g_assert_true (concord_count_parse_in (&format, "1200.0", &count, NULL));
  g_assert_cmpint (count, ==, 1200);
  g_assert_false (concord_count_parse_in (&format, "12.5", &count, NULL));

  g_assert_true (concord_number_parse_in (&format, "-12.5", &value, NULL));
  g_assert_cmpfloat (value, ==, -12.5);
  g_assert_true (concord_number_parse_in (&format, "40 %", &value, NULL));
  g_assert_cmpfloat (value, ==, 40);
  g_assert_cmpstr (number, ==, "12.5");

  assert_formats (&en_US, 125050, "1250.50", "1,250.50");
  assert_formats (&en_US, 123456789, "1234567.89", "1,234,567.89");
  /* The sign survives. */
  assert_formats (&en_US, -50, "-0.50", "-0.50");
  assert_formats (&en_US, -125000, "-1250", "-1,250");
}

static void
test_de_de (void)
{
  ConcordNumberFormat format = format_for (&de_DE);
  g_autofree char *number = concord_number_format_in (&format, 12.5);
  gint64 count = 0;

  assert_money (&de_DE, "1,50", 150);
  assert_money (&de_DE, "1.250,50", 125050);
  assert_money (&de_DE, "1250,5 €", 125050);
  assert_money (&de_DE, "1 250,50", 125050);
  assert_refused (&de_DE, "1.5");
  assert_refused (&de_DE, "1,250.50");
  assert_refused (&de_DE, "1,2,3");

  g_assert_true (concord_count_parse_in (&format, "1.200", &count, NULL));
  g_assert_cmpint (count, ==, 1200);
  g_assert_cmpstr (number, ==, "12,5");

  assert_formats (&de_DE, 125050, "1250,50", "1.250,50");
  assert_formats (&de_DE, -50, "-0,50", "-0,50");
}

static void
test_fr_fr (void)
{
  ConcordNumberFormat format = format_for (&fr_FR);
  g_autofree char *number = concord_number_format_in (&format, 0.25);

  /* Narrow no-break space (what glibc writes), no-break space, space. */
  assert_money (&fr_FR, "1\u202f250,50", 125050);
  assert_money (&fr_FR, "1\u00a0250,50", 125050);
  assert_money (&fr_FR, "1 250,50 €", 125050);
  assert_money (&fr_FR, "0,5", 50);
  assert_refused (&fr_FR, "1.250,50");
  assert_refused (&fr_FR, "1,250.50");
  assert_refused (&fr_FR, "1 25,50");

  g_assert_cmpstr (number, ==, "0,25");
  assert_formats (&fr_FR, 125050, "1250,50", "1\u202f250,50");
}

/* Locales that group with nothing still read the usual separators. */
static void
test_locale_mapping (void)
{
  ConcordNumberFormat format;

  concord_number_format_init (&format, ".", "");
  g_assert_cmpuint (format.decimal, ==, '.');
  g_assert_cmpuint (format.group, ==, ',');
  concord_number_format_init (&format, ",", "");
  g_assert_cmpuint (format.group, ==, 0x202F);

  /* The tests run in C.UTF-8: ".", and "," for thousands. */
  concord_number_format_get_locale (&format);
  g_assert_cmpuint (format.decimal, ==, '.');
  g_assert_cmpuint (format.group, ==, ',');
}

/* Every page stores the same text as the same amount (they all call
 * these); and money keeps its sign when written. */
static void
test_locale_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *minus = concord_money_format_plain (-50);
  g_autofree char *shown = concord_money_format (NULL, -125050);
  gint64 cents = 0;

  g_assert_cmpstr (minus, ==, "-0.50");
  g_assert_cmpstr (shown, ==, "-$1,250.50");
  g_assert_false (concord_money_parse ("1,50", &cents, &error));
  g_assert_nonnull (strstr (error->message, "ambiguous"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/values/en-US", test_en_us);
  g_test_add_func ("/values/de-DE", test_de_de);
  g_test_add_func ("/values/fr-FR", test_fr_fr);
  g_test_add_func ("/values/locale-mapping", test_locale_mapping);
  g_test_add_func ("/values/locale-default", test_locale_default);

  return g_test_run ();
}
