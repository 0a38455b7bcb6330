// SensorGate — CTLS: the system OpenSSL (libssl, Debian libssl-dev) for TLS over any byte stream.
//
// Includes, plus wrappers for the few OpenSSL entry points that are macros (SSL_ctrl calls) and so
// cannot be called from Swift. Nothing else: the TLS logic is in Sources/Uplink/Transport/TLSStream.swift.

#ifndef CTLS_H
#define CTLS_H

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/// SSL_set_tlsext_host_name (a macro): the server name (SNI) sent in the ClientHello.
long CTLS_set_server_name(SSL *ssl, const char *name);

/// SSL_CTX_set_min_proto_version (a macro): the oldest protocol version accepted.
long CTLS_set_min_tls12(SSL_CTX *context);

#endif
