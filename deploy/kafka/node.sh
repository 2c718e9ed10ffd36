#!/usr/bin/env bash
# Entry point of each Kafka node of docker-compose.yml (apache/kafka image): writes the node's configuration
# (server.properties, then its id, listeners and quorum, then the JAAS settings with its passwords from the
# environment), formats the log directory on first start with the SCRAM users of deploy/kafka/users, and starts the
# node. The image's own entry point is not used: it formats without SCRAM users, and a cluster whose only listeners
# need SASL could then never be entered.
set -euo pipefail

: "${KAFKA_NODE_ID:?}" "${CLUSTER_ID:?}" "${KAFKA_CONTROLLER_QUORUM_VOTERS:?}"
: "${KAFKA_BROKER_PASSWORD:?set KAFKA_BROKER_PASSWORD in .env}" "${KAFKA_CONTROLLER_PASSWORD:?set KAFKA_CONTROLLER_PASSWORD in .env}"

config=/opt/kafka/config/ims-node.properties
client=/opt/kafka/config/ims-client.properties
data=/var/lib/kafka/data
umask 077
{
  cat /etc/ims/kafka/server.properties
  echo
  echo "process.roles=broker,controller"
  echo "node.id=${KAFKA_NODE_ID}"
  echo "controller.quorum.voters=${KAFKA_CONTROLLER_QUORUM_VOTERS}"
  echo "listeners=BROKER://:9092,CONTROLLER://:9093"
  echo "advertised.listeners=BROKER://$(hostname):9092"
  echo "log.dirs=${data}"
  echo "listener.name.broker.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"${KAFKA_BROKER_PASSWORD}\";"
  echo "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"controller\" password=\"${KAFKA_CONTROLLER_PASSWORD}\" user_controller=\"${KAFKA_CONTROLLER_PASSWORD}\";"
} > "$config"
# For the health check (kafka-broker-api-versions.sh --command-config).
{
  echo "security.protocol=SASL_PLAINTEXT"
  echo "sasl.mechanism=SCRAM-SHA-512"
  echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"${KAFKA_BROKER_PASSWORD}\";"
} > "$client"

if [[ ! -e "${data}/meta.properties" ]]; then
  scram=()
  while read -r user variable; do
    [[ -z "${user}" || "${user}" == \#* ]] && continue
    password="${!variable:-}"
    if [[ -z "${password}" ]]; then
      echo "node.sh: set ${variable} in .env (the password of the Kafka user ${user})" >&2
      exit 1
    fi
    scram+=(--add-scram "SCRAM-SHA-512=[name=${user},password=${password}]")
  done < /etc/ims/kafka/users
  /opt/kafka/bin/kafka-storage.sh format --cluster-id "${CLUSTER_ID}" --config "$config" "${scram[@]}"
fi

exec /opt/kafka/bin/kafka-server-start.sh "$config"
