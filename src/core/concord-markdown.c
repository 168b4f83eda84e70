/* concord-markdown.c: workbook text written into Markdown
 *
 * Markdown passes raw HTML through to whoever renders it, so text from a
 * workbook has its <, > and & written as entities, as the HTML report
 * escapes them: "<script>" shows as text and never runs. A backslash is
 * doubled so it cannot escape what follows; in a table cell a | would end
 * the cell, and in a cell or a heading a line break would end the line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "concord-markdown.h"

void
concord_markdown_append (GString              *out,
                         const char           *text,
                         ConcordMarkdownPlace  place)
{
  g_return_if_fail (out != NULL);

  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      if (*p == '<')
        g_string_append (out, "&lt;");
      else if (*p == '>')
        g_string_append (out, "&gt;");
      else if (*p == '&')
        g_string_append (out, "&amp;");
      else if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (place == CONCORD_MARKDOWN_CELL && *p == '|')
        g_string_append (out, "\\|");
      else if (place != CONCORD_MARKDOWN_TEXT && (*p == '\n' || *p == '\r'))
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }
}
