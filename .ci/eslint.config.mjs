// ESLint flat config, kept under .ci/ so the top level of the repo stays as DESIGN.md lists it.
// Run as `eslint -c .ci/eslint.config.mjs .` from the repository root (file patterns are relative to it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FRAMEWORK_IMPORTS = {
  patterns: [
    {
      group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'bullmq', 'ioredis', 'express', '@keyscore/persistence', '@keyscore/queue', '@keyscore/http'],
      message: 'Pure libraries (formula, scoring, workflow core) take plain data and return plain data: no framework, database or queue imports.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test/artifacts/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'Never eval: user formulas go through @keyscore/formula.' },
        { selector: "NewExpression[callee.name='Function']", message: 'Never new Function: user formulas go through @keyscore/formula.' },
      ],
    },
  },
  {
    files: ['libs/formula/**/*.ts', 'libs/scoring/**/*.ts', 'libs/workflow/src/core/**/*.ts', 'libs/i18n/**/*.ts', 'libs/forms/**/*.ts', 'libs/dashboards/src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', FRAMEWORK_IMPORTS] },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
