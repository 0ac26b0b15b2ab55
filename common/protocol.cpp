#include "protocol.h"
// Names only; this unit exists so the header is compiled on its own.
