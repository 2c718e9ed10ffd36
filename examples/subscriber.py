#!/usr/bin/python3
"""Prints the status events of IMS as JSON lines: a subscriber outside Java, decoding with the published schemas.

Each message is Avro single-object encoding: C3 01, the CRC-64-AVRO fingerprint of the writer schema (8 bytes,
little-endian), then the Avro binary. The writer schema is fetched once per fingerprint from the api-gateway
(GET /v1/events/schemas/{fingerprint}, no token needed). Reads without a consumer group, so it moves nobody's offsets.

Delivery is at least once (GET /v1/events/schemas/asyncapi states the contract), so each event is printed once:
a redelivered event_id is dropped, and so is an event whose resource_version is at or below the one already printed
for its resource (the record key). Events written before events carried them (empty event_id, version 0) are
printed as they come.

Needs Debian's python3-avro and python3-confluent-kafka (apt-get install python3-avro python3-confluent-kafka):

    examples/subscriber.py --bootstrap-servers 127.0.0.1:9092 --gateway https://localhost:8443 \
        --cacert data/tls/server.crt [--topic jobs|images|servers|<topic>]... [--follow]

Against docker-compose.yml's Kafka, which takes SASL/SCRAM-SHA-512 on every listener, sign in as its read-only
`subscriber` user; the password is read from a file or from IMS_KAFKA_PASSWORD, never from the command line (where
`ps` would show it):

    IMS_KAFKA_PASSWORD=... examples/subscriber.py --bootstrap-servers 127.0.0.1:9092 --sasl-username subscriber \
        --gateway https://localhost:8443 --cacert ims-ca.crt --topic jobs --follow
"""
import argparse
import collections
import datetime
import io
import json
import os
import ssl
import struct
import sys
import urllib.request
import uuid

try:
    import avro.io
    import avro.schema
    import confluent_kafka
    from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, TopicPartition
except ImportError as missing:
    sys.exit(f"subscriber.py: {missing}. Install Debian's python3-avro and python3-confluent-kafka, and run it with "
             "/usr/bin/python3.")

TOPICS = {"jobs": "ims.job.events", "images": "ims.image.events", "servers": "ims.server.events"}
MARKER = b"\xc3\x01"


class Schemas:
    """Writer schemas by fingerprint, fetched from the api-gateway the first time each is seen."""

    def __init__(self, gateway, cacert):
        self.gateway = gateway.rstrip("/")
        self.tls = ssl.create_default_context(cafile=cacert) if cacert else None
        self.readers = {}

    def reader(self, fingerprint):
        if fingerprint not in self.readers:
            url = f"{self.gateway}/v1/events/schemas/{fingerprint}"
            with urllib.request.urlopen(url, context=self.tls, timeout=10) as response:
                schema = avro.schema.parse(response.read().decode("utf-8"))
            self.readers[fingerprint] = (schema.fullname, avro.io.DatumReader(schema))
        return self.readers[fingerprint]

    def decode(self, value):
        if value is None or len(value) < 10 or value[:2] != MARKER:
            raise ValueError("not Avro single-object encoding (no C3 01 marker)")
        # The fingerprint travels little-endian; the gateway names it as the 64-bit value in hex.
        fingerprint = "%016x" % struct.unpack("<Q", value[2:10])[0]
        name, reader = self.reader(fingerprint)
        return name, reader.read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


class Deduplicator:
    """Remembers what was applied: recent event ids, and the last resource_version of each resource."""

    def __init__(self, remembered_ids=100_000):
        self.remembered_ids = remembered_ids
        self.event_ids = collections.OrderedDict()
        self.versions = {}

    def first_time(self, topic, key, event):
        event_id = event.get("event_id") or ""
        version = event.get("resource_version") or 0
        if event_id in self.event_ids:
            return False
        resource = (topic, key)
        if version > 0 and version <= self.versions.get(resource, 0):
            return False
        if event_id:
            self.event_ids[event_id] = None
            if len(self.event_ids) > self.remembered_ids:
                self.event_ids.popitem(last=False)
        if version > 0:
            self.versions[resource] = version
        return True


def as_json(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", required=True, help="Kafka brokers, host:port[,host:port]")
    parser.add_argument("--gateway", required=True, help="base URL of the api-gateway, e.g. https://localhost:8443")
    parser.add_argument("--cacert", help="CA certificate of the gateway (the standalone stack's data/tls/server.crt)")
    parser.add_argument("--topic", action="append", help="jobs, images, servers or a topic name (default: all three)")
    parser.add_argument("--follow", action="store_true", help="keep printing new events until interrupted")
    parser.add_argument("--sasl-username", help="Kafka SCRAM-SHA-512 user (docker-compose.yml: subscriber)")
    parser.add_argument("--sasl-password-file", help="file holding that user's password (default: $IMS_KAFKA_PASSWORD)")
    parser.add_argument("--kafka-cacert", help="CA certificate of the brokers, for a SASL_SSL listener")
    args = parser.parse_args()

    topics = [TOPICS.get(topic, topic) for topic in (args.topic or TOPICS)]
    schemas = Schemas(args.gateway, args.cacert)
    applied = Deduplicator()
    client_errors = []
    # A group id is required by the client, but with assign() and no commits the group is never joined.
    consumer = Consumer({"bootstrap.servers": args.bootstrap_servers, "group.id": f"ims-subscriber-{uuid.uuid4()}",
                         "enable.auto.commit": False, "enable.partition.eof": True, "error_cb": client_errors.append,
                         **sasl_settings(args)})
    try:
        partitions = []
        for topic in topics:
            try:
                metadata = consumer.list_topics(topic, timeout=10).topics[topic]
            except KafkaException as failure:
                consumer.poll(0.5)  # serves error_cb: a refused sign-in says more than the timeout it caused
                refused = [error for error in client_errors if error.code() == KafkaError._AUTHENTICATION]
                sys.exit(f"subscriber.py: Kafka at {args.bootstrap_servers}: "
                         f"{(refused[0] if refused else failure.args[0]).str()}")
            if metadata.error is not None:
                sys.exit(f"subscriber.py: topic {topic}: {metadata.error.str()}")
            partitions += [TopicPartition(topic, partition, OFFSET_BEGINNING) for partition in metadata.partitions]
        consumer.assign(partitions)
        unread = {(partition.topic, partition.partition) for partition in partitions}
        while args.follow or unread:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error() is not None:
                if message.error().code() == KafkaError._PARTITION_EOF:
                    unread.discard((message.topic(), message.partition()))
                    continue
                sys.exit(f"subscriber.py: {message.error().str()}")
            print_event(message, schemas, applied)
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()


# librdkafka's version number (0xMMmmrrpp) from which SCRAM works with Kafka 4 brokers (confluentinc/librdkafka 2.6.1;
# reported in edenhill/kcat#462: 2.3.0 fails, 2.6.1 and later sign in).
SCRAM_WITH_KAFKA_4 = 0x02060100


def sasl_settings(args):
    """The client's SASL settings, or none: docker-compose.yml's brokers take SCRAM-SHA-512 from every client."""
    if args.sasl_username is None:
        if args.sasl_password_file or args.kafka_cacert:
            sys.exit("subscriber.py: --sasl-password-file and --kafka-cacert need --sasl-username")
        return {}
    if args.sasl_password_file:
        with open(args.sasl_password_file, encoding="utf-8") as file:
            password = file.read().strip()
    else:
        password = os.environ.get("IMS_KAFKA_PASSWORD", "")
    if not password:
        sys.exit(f"subscriber.py: no password for Kafka user {args.sasl_username}: "
                 "set IMS_KAFKA_PASSWORD or pass --sasl-password-file")
    library, number = confluent_kafka.libversion()
    if number < SCRAM_WITH_KAFKA_4:
        sys.exit(f"subscriber.py: librdkafka {library} cannot sign in to Kafka 4 with SCRAM (its brokers refuse the "
                 "credentials of librdkafka before 2.6.1, as Debian 12's python3-confluent-kafka has): use "
                 "confluent-kafka 2.6.1 or newer from PyPI (pip install 'confluent-kafka>=2.6.1' avro in a virtualenv), "
                 "or ./ims events on the standalone stack")
    settings = {"security.protocol": "SASL_SSL" if args.kafka_cacert else "SASL_PLAINTEXT",
                "sasl.mechanism": "SCRAM-SHA-512", "sasl.username": args.sasl_username, "sasl.password": password}
    if args.kafka_cacert:
        settings["ssl.ca.location"] = args.kafka_cacert
    return settings


def print_event(message, schemas, applied):
    try:
        name, event = schemas.decode(message.value())
    except Exception as undecodable:  # one bad message must not stop the subscriber
        print(f"subscriber.py: {message.topic()}/{message.partition()}@{message.offset()} skipped: {undecodable}",
              file=sys.stderr, flush=True)
        return
    key = message.key().decode("utf-8") if message.key() is not None else None
    if not applied.first_time(message.topic(), key, event):
        return
    line = {"topic": message.topic(), "partition": message.partition(), "offset": message.offset(), "key": key,
            "schema": name, "event": event}
    print(json.dumps(line, default=as_json), flush=True)


if __name__ == "__main__":
    main()
