// OpenSSL's libcrypto (libssl-dev) hashes a release's input files (SHA-256) for its manifest.
#include <openssl/evp.h>
