// SensorGate — CTLS: wrappers for OpenSSL macros (see include/CTLS.h).

#include "CTLS.h"

long CTLS_set_server_name(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }

long CTLS_set_min_tls12(SSL_CTX *context) { return SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION); }
