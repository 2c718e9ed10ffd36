#!/usr/bin/env bash
# One-shot of docker-compose.yml (kafka-init), run as Kafka's admin user once the brokers are up: creates IMS's
# topics (deploy/kafka/topics.txt) with three replicas, two in sync, and grants each user the rights of
# deploy/kafka/acls.txt. Both are idempotent, so the service may run at every `docker compose up`.
set -euo pipefail

: "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD in .env}"
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:?}"

umask 077
admin=$(mktemp)
trap 'rm -f "$admin"' EXIT
{
  echo "security.protocol=SASL_PLAINTEXT"
  echo "sasl.mechanism=SCRAM-SHA-512"
  echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"${KAFKA_ADMIN_PASSWORD}\";"
} > "$admin"

while read -r -u 3 topic partitions; do
  [[ -z "${topic}" || "${topic}" == \#* ]] && continue
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --command-config "$admin" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor 3 --config min.insync.replicas=2
done 3< /etc/ims/kafka/topics.txt

while read -r -u 3 user resource pattern name operations; do
  [[ -z "${user}" || "${user}" == \#* ]] && continue
  arguments=(--allow-principal "User:${user}" "--${resource}" "${name}" --resource-pattern-type "${pattern}")
  for operation in ${operations//,/ }; do
    arguments+=(--operation "${operation}")
  done
  /opt/kafka/bin/kafka-acls.sh --bootstrap-server "$bootstrap" --command-config "$admin" --add "${arguments[@]}"
done 3< /etc/ims/kafka/acls.txt

echo "IMS topics and ACLs ready"
