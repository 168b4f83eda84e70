/* concord-output.h: writing an output file that is whole or not there */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An output (report, export, role map) is written to a temporary file
 * beside the target, every write checked, flushed to disk and renamed
 * over the target at the end, so a full disk or a crash leaves the old
 * file (or none), never half of one. Only a regular file (or a missing
 * one) is replaced: a character device such as /dev/null or a FIFO is
 * written directly, a symbolic link is followed to the file it names
 * (which is replaced; the link stays), and a folder, a dangling link,
 * a block device or a socket is refused. */
typedef struct _ConcordOutput ConcordOutput;

ConcordOutput *concord_output_open       (const char     *path,
                                          GError        **error);
/* After a failed write the output stays failed: later writes do nothing
 * and concord_output_commit() reports the first failure. */
gboolean       concord_output_write      (ConcordOutput  *self,
                                          const void     *data,
                                          gsize           length,
                                          GError        **error);
/* Flushes, closes and puts the file in place. Frees nothing. */
gboolean       concord_output_commit     (ConcordOutput  *self,
                                          GError        **error);
/* Without a commit, removes the temporary file: the target is untouched. */
void           concord_output_free       (ConcordOutput  *self);
const char    *concord_output_get_path   (ConcordOutput  *self);
/* The first failure so far, or NULL. */
const GError  *concord_output_get_error  (ConcordOutput  *self);

/* The whole of @data as the file at @path; @length -1 for a string. */
gboolean       concord_output_write_file  (const char     *path,
                                           const void     *data,
                                           gssize          length,
                                           GError        **error);
/* The same for a file chooser's answer (a native file, or through GIO). */
gboolean       concord_output_write_gfile (GFile          *file,
                                           const void     *data,
                                           gssize          length,
                                           GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordOutput, concord_output_free)

G_END_DECLS
