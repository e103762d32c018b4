// GLPK (libglpk-dev) solves the disclosure audit's integer programs. Debian ships no pkg-config
// file for it, so the module map links it by name.
#include <glpk.h>
