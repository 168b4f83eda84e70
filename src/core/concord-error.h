/* concord-error.h: the error domain every core call reports in */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CONCORD_ERROR (concord_error_quark ())

typedef enum
{
  CONCORD_ERROR_FAILED,
  CONCORD_ERROR_NOT_FOUND,      /* no such file or record */
  CONCORD_ERROR_NOT_SQLITE,     /* the file is not an SQLite database */
  CONCORD_ERROR_NOT_WORKBOOK,   /* SQLite, but not a Concord workbook */
  CONCORD_ERROR_TOO_NEW,        /* written by a newer Concord */
  CONCORD_ERROR_CORRUPT,        /* failed the integrity check */
  CONCORD_ERROR_READ_ONLY,      /* the workbook cannot be written */
  CONCORD_ERROR_IO,             /* the file system refused */
  CONCORD_ERROR_BUSY,           /* another program holds the lock */
  CONCORD_ERROR_DISK_FULL,      /* no room left to save */
  CONCORD_ERROR_INVALID,        /* a value breaks a rule; nothing saved */
  CONCORD_ERROR_PARSE,          /* malformed input file */
  CONCORD_ERROR_CONFLICT,       /* history no longer matches the file */
  CONCORD_ERROR_ENCODING,       /* text not in the encoding read; choose another */
  CONCORD_ERROR_FOREIGN_SCHEMA, /* tables, triggers, views or indexes Concord did not create */
  CONCORD_ERROR_FOREIGN_LOG,    /* a -wal or -journal beside it that is not its own */
} ConcordError;

GQuark concord_error_quark (void);

G_END_DECLS
