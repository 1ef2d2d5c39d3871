#ifndef PCAPREPORT_CPCAP_SHIM_H
#define PCAPREPORT_CPCAP_SHIM_H
#include <stdio.h>
#include <sys/types.h>
#include <pcap/pcap.h>

/* glibc's fopencookie(3), declared here because Swift's Glibc module is built without _GNU_SOURCE.
   The reader hands libpcap a stream whose read function also feeds the digests and block scanner. */
typedef ssize_t (*pcapreport_read_function)(void *cookie, char *buffer, size_t size);
typedef struct {
    pcapreport_read_function read;
    void *write;
    void *seek;
    void *close;
} pcapreport_cookie_functions;
extern FILE *pcapreport_fopencookie(void *cookie, const char *mode, pcapreport_cookie_functions functions)
    __asm__("fopencookie");
#endif
