#ifndef PRIVACY_RUNTIME_CGMP_SHIM_H
#define PRIVACY_RUNTIME_CGMP_SHIM_H
#include <gmp.h>
#endif
