#ifndef PCAPREPORT_CZLIB_SHIM_H
#define PCAPREPORT_CZLIB_SHIM_H
/* zlib from Debian's zlib1g-dev: inflates gzip-compressed captures inside the reader's stream. */
#include <zlib.h>
#endif
