/* concord-account-search-private.h: words the search index's prefixes miss
 *
 * For src/core only. The search index keeps the prefixes of two and
 * three characters of every word (prefix = '2 3'); a query word of one
 * character makes FTS5 merge the entries of every indexed word starting
 * with it. The accounts list checks such a word itself, on the few
 * matches of the other words, with the index's own tokenizer. */
#pragma once

#include "concord-workbook-private.h"

G_BEGIN_DECLS

/* The SQL function concord_account_search_prefix_token() registers on
 * the workbook's connection: concord_word_prefix (TOKEN, TEXT, ...) is 1
 * when a word of one of the texts, as the index reads a document, starts
 * with TOKEN. */
#define CONCORD_WORD_PREFIX_FUNCTION "concord_word_prefix"

char *concord_account_search_prefix_token (ConcordWorkbook *self,
                                           const char      *word);

char *concord_account_search_word_check (const char *token);

G_END_DECLS
