#!/bin/sh
# Records real TLS handshakes on loopback (127.0.0.1 only) with dumpcap, bounded in packets and time,
# into Tests/Fixtures/lab/ (or $1): openssl s_server with a CA-signed certificate (benign), a
# self-signed one, an expired one (CA-signed, valid 2020-01-01..2021-01-01) and TLS 1.0; clients
# curl and openssl s_client with and without SNI. TLS 1.2 is forced where the certificate must be
# visible (in TLS 1.3 it is encrypted). Needs openssl, curl and dumpcap (Debian: tshark).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../Fixtures/lab}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# A lab CA, a leaf it signs (benign), a self-signed leaf, and an expired leaf (openssl ca: fixed dates).
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -subj "/O=PcapReport Lab/CN=PcapReport Lab CA" 2>/dev/null
cat > ca.cnf <<CNF
[ ca ]
default_ca = lab
[ lab ]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[ any ]
commonName = supplied
organizationName = optional
CNF
: > index.txt
echo 01 > serial
leaf() {   # leaf NAME SUBJECT-CN [CA-ARGS...]
    name=$1; cn=$2; shift 2
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key" -out "$name.csr" \
        -subj "/O=PcapReport Lab/CN=$cn" -addext "subjectAltName=DNS:$cn,IP:127.0.0.1" 2>/dev/null
    openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in "$name.csr" -out "$name.pem" -notext "$@" 2>/dev/null
}
leaf good www.lab.example -days 825
leaf expired expired.lab.example -startdate 20200101000000Z -enddate 20210101000000Z
openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.pem -days 3650 \
    -subj "/O=Self Signed Lab/CN=self.lab.example" -addext "subjectAltName=DNS:self.lab.example" 2>/dev/null

record() {   # record NAME PORT MAXPACKETS SERVER-ARGS -- CLIENT COMMANDS (a shell string)
    name=$1; port=$2; max=$3; server=$4; clients=$5
    timeout 30 dumpcap -q -i lo -f "tcp port $port" -c "$max" -a duration:20 -w "$work/$name.pcapng" >/dev/null 2>&1 & dc=$!
    # shellcheck disable=SC2086
    timeout 25 openssl s_server -accept "127.0.0.1:$port" -www -quiet $server >/dev/null 2>&1 & srv=$!
    sleep 2
    sh -c "$clients" >/dev/null 2>&1 || true
    sleep 1
    kill $srv 2>/dev/null || true
    kill -INT $dc 2>/dev/null || true
    wait $dc 2>/dev/null || true
    # Plain pcap, like the other lab files.
    tshark -r "$work/$name.pcapng" -F pcap -w "$out/$name.pcap" 2>/dev/null
}

resolve="--resolve www.lab.example:18443:127.0.0.1 --resolve self.lab.example:18444:127.0.0.1"
record benign-tls 18443 200 "-cert good.pem -key good.key -CAfile ca.pem -cert_chain ca.pem" \
    "curl -s --cacert ca.pem $resolve https://www.lab.example:18443/ -o /dev/null;
     curl -s --cacert ca.pem --tls-max 1.2 $resolve https://www.lab.example:18443/ -o /dev/null"
record tls-self-signed 18444 200 "-cert self.pem -key self.key -tls1_2" \
    "curl -sk $resolve https://self.lab.example:18444/ -o /dev/null;
     curl -sk https://127.0.0.1:18444/ -o /dev/null"
record tls-expired 18445 200 "-cert expired.pem -key expired.key -cert_chain ca.pem -tls1_2" \
    "openssl s_client -connect 127.0.0.1:18445 -servername expired.lab.example -CAfile ca.pem </dev/null;
     openssl s_client -connect 127.0.0.1:18445 -noservername -CAfile ca.pem </dev/null"
record tls10 18446 200 "-cert good.pem -key good.key -tls1 -cipher DEFAULT@SECLEVEL=0" \
    "openssl s_client -connect 127.0.0.1:18446 -tls1 -cipher DEFAULT@SECLEVEL=0 -servername www.lab.example </dev/null;
     openssl s_client -connect 127.0.0.1:18446 -tls1 -cipher DEFAULT@SECLEVEL=0 -noservername </dev/null"
