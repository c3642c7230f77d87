# Sourced by scripts/infra/kafka-up.sh (the shared dev/test broker) and scripts/bench.sh (the
# bench's private broker): what the two single-node KRaft brokers have in common.

# The JVM settings of every broker we start.
KAFKA_JVM_OPTS=(-Xmx768m -Xms256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true)

# Prints server.properties for a single node (broker + controller) on 127.0.0.1.
# Usage: kafka_server_properties <port> <controller port> <log dir>
kafka_server_properties() {
  cat <<EOF_PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$2
listeners=PLAINTEXT://127.0.0.1:$1,CONTROLLER://127.0.0.1:$2
advertised.listeners=PLAINTEXT://127.0.0.1:$1
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$3
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# Internal topics default to 50 partitions; few are enough on one node and the first consumer
# group / transactional producer of a run then gets its coordinator faster.
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5
# Consumers of a fresh group get partitions at once instead of after 3 s.
group.initial.rebalance.delay.ms=0
# ACLs are enforced, but a resource without any is open to everyone (as without an authorizer):
# tests and the drill make a topic unwritable with a DENY ACL, as a broker's operator would.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=true
# Topics are created explicitly (by the scripts and tests); a typo must fail, not create a topic.
auto.create.topics.enable=false
delete.topic.enable=true
# Dev/test data: keep a day or 1 GiB per partition, in small segments so retention can bite.
log.retention.hours=24
log.retention.bytes=1073741824
log.segment.bytes=67108864
log.retention.check.interval.ms=60000
EOF_PROPS
}

# Formats KRaft storage with a fresh cluster id: 16 random bytes, base64url without padding (what
# `StorageTool random-uuid` prints), generated here to save a JVM start.
# Usage: kafka_format <kafka-libs dir> <tools log4j file> <server.properties>
kafka_format() {
  local id
  id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  # a leading '-' would be read as an option by StorageTool's argument parser
  while [[ "$id" == -* ]]; do id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; done
  java -Dlog4j.configuration="file:$2" -cp "$1/*" kafka.tools.StorageTool format -t "$id" -c "$3" >/dev/null
  echo "$id"
}
