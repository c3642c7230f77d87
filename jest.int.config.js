/** Integration tests against the real Kafka broker and PostgreSQL (`*.int-spec.ts`). */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.int-spec.ts', '<rootDir>/apps/**/*.int-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: { '^@gongji/domain(.*)$': '<rootDir>/libs/domain/src$1' },
  // One suite at a time: they share one broker and one database on a 2-core machine.
  maxWorkers: 1,
  testSequencer: '<rootDir>/test/support/int-test-sequencer.js',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 120000,
  // kafkajs clients of the in-process services can keep a socket or timer for a moment after
  // disconnect; never let that keep CI waiting once every suite has finished.
  forceExit: true,
};
