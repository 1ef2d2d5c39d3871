#ifndef PCAPREPORT_CCRYPTO_SHIM_H
#define PCAPREPORT_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
