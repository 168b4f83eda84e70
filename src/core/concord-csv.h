/* concord-csv.h: reading and writing CSV as spreadsheets and CRMs write it */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A field longer than this is refused: no real CRM cell is this long, and
 * a runaway quote would otherwise swallow the rest of the file. */
#define CONCORD_CSV_MAX_FIELD 100000

/* Writer --------------------------------------------------------------- */

/* Appends one RFC 4180 record ending in CRLF. With @neutralise_formulas,
 * a cell that a spreadsheet would run as a formula (one that begins with
 * =, +, -, @, a TAB or a CR, or one of those four after white space) gets
 * a leading single quote so it shows as text instead. */
void        concord_csv_append_row       (GString           *out,
                                          const char *const *cells,
                                          gsize              n_cells,
                                          gboolean           neutralise_formulas);

/* Reader --------------------------------------------------------------- */

typedef struct _ConcordCsvReader ConcordCsvReader;

/* Takes the whole file: strips a UTF-8 BOM, decodes UTF-8 (or UTF-16 LE
 * or BE after their BOM) and detects a comma, semicolon or tab delimiter. A file that is not UTF-8 is refused
 * with CONCORD_ERROR_ENCODING, naming the first line that is not and the
 * encoding the file looks like, if it clearly looks like one: the user
 * chooses, Concord never guesses silently. */
ConcordCsvReader *concord_csv_reader_new          (GBytes            *bytes,
                                                   GError           **error);
/* The same, read in @encoding: NULL or "UTF-8" as above, "WINDOWS-1252",
 * "ISO-8859-1" or any other name iconv knows. */
ConcordCsvReader *concord_csv_reader_new_with_encoding (GBytes       *bytes,
                                                        const char   *encoding,
                                                        GError      **error);
/* The encodings the import offers to choose from, NULL-terminated. */
const char *const *concord_csv_encodings           (void);
/* A file read from @path is mapped rather than copied when it is UTF-8
 * (see the top of concord-csv.c); read errors name @path. */
ConcordCsvReader *concord_csv_reader_new_for_path (const char        *path,
                                                   GError           **error);
ConcordCsvReader *concord_csv_reader_new_for_path_with_encoding (const char  *path,
                                                                 const char  *encoding,
                                                                 GError     **error);
void              concord_csv_reader_free         (ConcordCsvReader  *self);

/* Reads the next record into @cells (element-type utf8, owned by the
 * caller) and the line it starts on. Returns FALSE at the end (error
 * unset) or on a malformed record (error set, naming line and column);
 * after an error the reader stops, unless the caller skips the record. */
gboolean          concord_csv_reader_next         (ConcordCsvReader  *self,
                                                   GPtrArray        **cells,
                                                   guint             *line,
                                                   GError           **error);
char              concord_csv_reader_get_delimiter (ConcordCsvReader *self);
const char       *concord_csv_reader_get_encoding  (ConcordCsvReader *self);
/* How far through the text the reader is, 0 to 1, for progress bars. */
double            concord_csv_reader_get_fraction  (ConcordCsvReader *self);
/* After an error from concord_csv_reader_next(): drops the first line of
 * the bad record and goes on with the next. FALSE when nothing is left
 * (or there was no error). */
gboolean          concord_csv_reader_skip_bad_record (ConcordCsvReader *self);
/* What is wrong with the bad record, without its line: "column 2: …". */
const char       *concord_csv_reader_get_bad_record_reason (ConcordCsvReader *self);
/* Starts again from the first record. */
void              concord_csv_reader_rewind        (ConcordCsvReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordCsvReader, concord_csv_reader_free)

G_END_DECLS
