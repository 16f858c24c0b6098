#!/usr/bin/env bash
# Writes the TLS fixtures of ClientCertificateTest (valid for 100 years; rerun to replace them):
#   server.crt/.key   the redirect service's own certificate, self-signed for localhost
#   vendor-ca.crt     the phone vendor's CA the service trusts (its key is thrown away)
#   phone-a.crt/.key  a phone certificate from that CA naming 00:15:65:a1:b2:c3 in its common name
#   phone-b.crt/.key  one from that CA naming 00-15-65-D4-E5-F6 in a subject alternative name only
#   rogue.crt/.key    one naming 00:15:65:a1:b2:c3 too, but from a CA nobody trusts
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
days=36500

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $days -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout server.key -out server.crt 2>/dev/null

ca() { # name subject
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $days -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
    -keyout "$tmp/$1.key" -out "$tmp/$1.crt" 2>/dev/null
}
phone() { # name ca subject [subjectAltName]
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$3" \
    -keyout "$1.key" -out "$tmp/$1.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "extendedKeyUsage=clientAuth"
    [ -n "${4:-}" ] && echo "subjectAltName=$4"
  } >"$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA "$tmp/$2.crt" -CAkey "$tmp/$2.key" -CAcreateserial -days $days \
    -extfile "$tmp/$1.ext" -out "$1.crt" 2>/dev/null
}

ca vendor "/O=Example Phones/CN=Example Phones Device CA"
cp "$tmp/vendor.crt" vendor-ca.crt
phone phone-a vendor "/O=Example Phones/CN=001565A1B2C3"
phone phone-b vendor "/O=Example Phones/CN=Example desk phone" "URI:urn:dev:mac:00-15-65-D4-E5-F6"
ca rogue "/CN=Rogue CA"
phone rogue rogue "/O=Example Phones/CN=001565A1B2C3"
