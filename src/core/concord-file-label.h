/* concord-file-label.h: how a workbook's file is named in menus */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "Tessaline — ~/Documents/Sales": the workbook's name without its
 * extension and the folder it is in, the home folder shortened to "~",
 * so two workbooks of one name in different folders are told apart. */
char *concord_file_label (const char *path);

G_END_DECLS
