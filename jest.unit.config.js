/** Unit tests: pure logic, no I/O (`*.spec.ts`). */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/bench/**/*.spec.ts',
    '<rootDir>/drill/**/*.spec.ts',
  ],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: { '^@gongji/domain(.*)$': '<rootDir>/libs/domain/src$1' },
  collectCoverageFrom: ['libs/domain/src/**/*.ts', '!**/*.spec.ts', '!**/index.ts'],
  coverageThreshold: { 'libs/domain/src/': { lines: 95 } },
};
