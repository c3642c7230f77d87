// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.infra/**',
      'bench/results/**',
      'drill/results/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // Money is bigint fen; parseFloat/toFixed on amounts would be a defect.
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Money is integer fen: never parse floats.' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='toFixed']",
          message: 'Money is integer fen: use fenToYuanString.',
        },
      ],
    },
  },
  {
    // Configuration is read in one place only.
    files: ['apps/settlement-service/src/**/*.ts'],
    ignores: ['apps/settlement-service/src/config/app-config.ts', 'apps/settlement-service/src/store/migrate.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through AppConfig.' },
      ],
    },
  },
  {
    // Tests pick arbitrary JSON answers apart with expect().
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
