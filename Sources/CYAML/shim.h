#ifndef PRIVACY_RUNTIME_CYAML_SHIM_H
#define PRIVACY_RUNTIME_CYAML_SHIM_H
#include <yaml.h>
#endif
