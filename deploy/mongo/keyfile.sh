#!/usr/bin/env bash
# One-shot of docker-compose.yml (mongo-keyfile): the key the members of the replica set authenticate each other with,
# which MongoDB requires once access control is on. Generated once into its own volume, readable by mongod alone
# (uid 999 in the mongo image).
set -euo pipefail
key=/keyfile/mongo.key
if [[ ! -s "$key" ]]; then
  umask 077
  head -c 756 /dev/urandom | base64 -w 0 > "$key"
  echo "generated $key"
fi
chown 999:999 "$key"
chmod 400 "$key"
