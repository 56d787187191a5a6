#ifndef PRIVACY_RUNTIME_CNATS_SHIM_H
#define PRIVACY_RUNTIME_CNATS_SHIM_H
#include <nats/nats.h>
#endif
