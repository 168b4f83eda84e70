/* concord-markdown.h: workbook text written into Markdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CONCORD_MARKDOWN_TEXT,   /* running text: line breaks kept */
  CONCORD_MARKDOWN_LINE,   /* a heading or list item: one line */
  CONCORD_MARKDOWN_CELL,   /* a table cell: one line, | escaped */
} ConcordMarkdownPlace;

void concord_markdown_append (GString              *out,
                              const char           *text,
                              ConcordMarkdownPlace  place);

G_END_DECLS
