/* concord-test-util.h: fixtures shared by the tests */
#pragma once

#include "concord-workbook.h"

G_BEGIN_DECLS

typedef struct
{
  char            *dir;       /* a fresh temporary directory */
  char            *path;      /* dir/test.concord */
  ConcordWorkbook *workbook;  /* created at path, or NULL */
} WorkbookFixture;

void     workbook_fixture_setup        (WorkbookFixture *fixture,
                                        gconstpointer    data);
void     workbook_fixture_setup_sample (WorkbookFixture *fixture,
                                        gconstpointer    data);
void     workbook_fixture_close        (WorkbookFixture *fixture);
void     workbook_fixture_teardown     (WorkbookFixture *fixture,
                                        gconstpointer    data);

char    *test_make_tmpdir              (void);
void     test_remove_tree              (const char      *dir);
gint64   test_query_int                (ConcordWorkbook *workbook,
                                        const char      *sql);
char    *test_query_string             (ConcordWorkbook *workbook,
                                        const char      *sql);
/* What EXPLAIN QUERY PLAN says of @sql, one line per step. */
char    *test_query_plan               (ConcordWorkbook *workbook,
                                        const char      *sql);
char    *test_make_workbook            (const char      *dir,
                                        const char      *name,
                                        gboolean         sample);
void     test_scribble_pages           (const char      *path,
                                        long             first,
                                        long             last);
char    *test_snapshot_files           (const char      *path);
/* A file of schema @version (migrations up to it, no defaults), then @sql. */
void     test_make_old_workbook        (const char      *path,
                                        int              version,
                                        const char      *sql);
void     test_raw_exec                 (const char      *path,
                                        const char      *sql);
gboolean test_run_cli                  (const char *const *argv,
                                        int              *exit_status,
                                        char            **out,
                                        char            **err);
/* Wait for the clock itself, never for a guessed time: until a record
 * written now gets a later millisecond than one written before the call,
 * and until a write to PATH now gives it new times (file systems take
 * them from a coarse clock that moves every few milliseconds). */
void     test_wait_next_millisecond    (void);
void     test_wait_next_file_time      (const char      *path);
void     test_sniff_file               (const char      *path);
guint    test_count_own_locks          (const char      *path);
void     test_write_from_other_processes (const char    *dir,
                                        const char      *path,
                                        const char      *name);
gint64   test_add_account              (ConcordWorkbook *workbook,
                                        const char      *name);
gint64   test_count_accounts_named     (ConcordWorkbook *workbook,
                                        const char      *name);
void     test_rename                   (ConcordWorkbook *workbook,
                                        const char      *table,
                                        gint64           id,
                                        const char      *name);

/* Like g_assert_cmpstr, but names the first line that differs instead
 * of printing two whole documents. */
#define assert_same_text(a, b) test_assert_same_text_at (__FILE__, __LINE__, (a), (b))
void     test_assert_same_text_at      (const char      *file,
                                        int              line,
                                        const char      *a,
                                        const char      *b);

G_END_DECLS
