#ifndef PCAPREPORT_CCMARK_SHIM_H
#define PCAPREPORT_CCMARK_SHIM_H
#include <cmark.h>
#endif
