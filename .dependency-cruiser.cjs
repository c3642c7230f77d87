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
    {
      name: 'settlement-core-does-not-import-http',
      comment: 'The settlement adapter serves Kafka and HTTP alike; HTTP depends on it, not the reverse.',
      severity: 'error',
      from: { path: '^apps/settlement-service/src/(settlement|kafka|outbox|persistence)/' },
      to: { path: '^apps/settlement-service/src/(http|auth)/' },
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
