/** Layer rules: dependencies point inward; the domain core imports no framework or I/O code. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain is plain TypeScript: no NestJS, TypeORM, pg, Kafka or Node I/O.',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: {
        path: [
          '@nestjs',
          'node_modules/(typeorm|pg|pg-[a-z-]+|kafkajs|class-validator|class-transformer|express|reflect-metadata)/',
        ],
        dependencyTypes: [
          'npm',
          'npm-dev',
          'npm-optional',
          'npm-peer',
          'npm-no-pkg',
          'npm-unknown',
          'unknown',
          'undetermined',
        ],
      },
    },
    {
      name: 'domain-no-node-io',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|net|http|https|child_process|dgram|dns|tls|cluster|worker_threads|node:.*)$',
      },
    },
    {
      name: 'domain-no-test-support-in-src',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/domain/test-support' },
    },
    {
      name: 'kafka-logging-is-pure',
      comment:
        'libs/kafka-logging classifies kafkajs log entries for every app: it imports nothing (apps pass it as logCreator).',
      severity: 'error',
      from: { path: '^libs/kafka-logging/src', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/kafka-logging/src' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-are-independent',
      comment: 'The simulator talks to the service over Kafka and HTTP only.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    // Rooms of the settlement service (docs/ARCHITECTURE.md, "Who may import whom"). Dependencies
    // point inward: adapters (store, messaging, http, auth, health) -> application -> inbound,
    // shared -> the domain. Adapters reach each other only where named below.
    {
      name: 'application-is-free-of-adapters',
      comment: 'The application layer reaches the database and Kafka through its ports (application/ports).',
      severity: 'error',
      from: { path: '^apps/settlement-service/src/application/' },
      to: {
        path: [
          '^apps/settlement-service/src/(store|messaging|http|auth|health)/',
          'node_modules/(typeorm|pg|kafkajs|@nestjs/typeorm|@nestjs/microservices)/',
        ],
      },
    },
    {
      name: 'inbound-and-shared-are-leaves',
      comment: 'Decoding (inbound) and shared helpers import only each other and the domain.',
      severity: 'error',
      from: { path: '^apps/settlement-service/src/(inbound|shared)/' },
      to: { path: '^apps/settlement-service/src/(application|store|messaging|http|auth|health|observability)/' },
    },
    {
      name: 'store-is-not-an-entry-point',
      comment: 'The store implements ports; it never calls Kafka, HTTP or health code.',
      severity: 'error',
      from: { path: '^apps/settlement-service/src/store/' },
      to: { path: '^apps/settlement-service/src/(messaging|http|auth|health)/' },
    },
    {
      name: 'messaging-owns-kafka-only',
      comment:
        'messaging/ may use the store seam and the relay queues (their tables are what it publishes), nothing else of store/; never HTTP.',
      severity: 'error',
      from: { path: '^apps/settlement-service/src/messaging/' },
      to: {
        path: [
          '^apps/settlement-service/src/(http|auth|health)/',
          '^apps/settlement-service/src/store/(?!database|sql-runner|outbox-queue|dead-letter-store)',
        ],
      },
    },
    {
      name: 'http-reads-queries-writes-through-the-application',
      comment: 'Controllers call application services; of the store only the read-only queries.',
      severity: 'error',
      from: { path: '^apps/settlement-service/src/http/' },
      to: { path: ['^apps/settlement-service/src/messaging/', '^apps/settlement-service/src/store/(?!queries/)'] },
    },
    {
      name: 'auth-needs-no-http',
      comment: 'Guards use the shared error types and the store seam for owner lookups.',
      severity: 'error',
      from: { path: '^apps/settlement-service/src/auth/' },
      to: {
        path: [
          '^apps/settlement-service/src/(http|messaging|health)/',
          '^apps/settlement-service/src/store/(?!database)',
        ],
      },
    },
    {
      name: 'kafka-only-in-messaging-and-health',
      comment:
        "kafkajs is owned by messaging/ (and the readiness probe, and the operators' tools in ops/); no other room talks to the broker.",
      severity: 'error',
      from: {
        path: '^apps/settlement-service/src/',
        pathNot: '^apps/settlement-service/src/(messaging|health|ops)/',
      },
      to: { path: 'node_modules/kafkajs/' },
    },
    {
      name: 'ops-is-an-entry-point',
      comment: "The operators' tools (npm run dlq / outbox) are run, never imported by the service.",
      severity: 'error',
      from: { path: '^apps/settlement-service/src/', pathNot: '^apps/settlement-service/src/ops/' },
      to: { path: '^apps/settlement-service/src/ops/' },
    },
    {
      name: 'ops-uses-the-seams',
      comment:
        "ops/ reaches PostgreSQL through a standalone session and the outbox's admin statements, Kafka with the service's client options; no use case, controller or guard.",
      severity: 'error',
      from: { path: '^apps/settlement-service/src/ops/' },
      to: {
        path: [
          '^apps/settlement-service/src/(application|inbound|http|auth|health)/',
          '^apps/settlement-service/src/store/(?!sql-runner|statement-name|standalone-session|outbox-admin)',
          '^apps/settlement-service/src/messaging/(?!kafka-client)',
        ],
      },
    },
    {
      name: 'production-code-does-not-import-tests',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: { path: '(^test/|\\.(int-)?spec\\.ts$)' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^dist/|^\\.infra/)' },
  },
};
