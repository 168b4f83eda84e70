/* concord-cli.h: the subcommands of concord-cli */
#pragma once

#include <glib.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

/* Exit codes every subcommand keeps to. */
#define CLI_EXIT_OK       0
#define CLI_EXIT_FINDINGS 1 /* bad input, refused file, or findings */
#define CLI_EXIT_USAGE    2

typedef int (*ConcordCliCommand) (int argc, char **argv);

int              concord_cli_parse       (GOptionContext     *context,
                                          const GOptionEntry *entries,
                                          int                *argc,
                                          char             ***argv);
int              concord_cli_usage_error (GOptionContext *context,
                                          const char     *message);
int              concord_cli_fail        (GError         *error);
ConcordWorkbook *concord_cli_open        (const char     *path,
                                          gboolean        writable);
int              concord_cli_write       (const char     *output,
                                          const void     *data,
                                          gssize          length);

int concord_cli_init (int argc, char **argv);
int concord_cli_info (int argc, char **argv);
int concord_cli_check (int argc, char **argv);
int concord_cli_export_role_map (int argc, char **argv);
int concord_cli_assess (int argc, char **argv);
int concord_cli_roadmap (int argc, char **argv);
int concord_cli_import_csv (int argc, char **argv);
int concord_cli_export_csv (int argc, char **argv);
int concord_cli_export_json (int argc, char **argv);
int concord_cli_import_json (int argc, char **argv);
int concord_cli_report (int argc, char **argv);
int concord_cli_recover (int argc, char **argv);
int concord_cli_describe (int argc, char **argv);
int concord_cli_team (int argc, char **argv);
int concord_cli_sync (int argc, char **argv);

G_END_DECLS
