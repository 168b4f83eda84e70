#include "concord-error.h"

G_DEFINE_QUARK (concord-error-quark, concord_error)
