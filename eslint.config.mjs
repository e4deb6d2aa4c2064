// ESLint (typescript-eslint's recommended rules) and the import boundaries
// of the project (scripts/eslintBoundaries.mjs); `npm run build` runs it
// after the type check, so a wrong import fails the build.

import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundariesPlugin } from './scripts/eslintBoundaries.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/** The globals our plain .js/.mjs scripts use (Node), written out rather than pulled from a package we do not depend on. */
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'queueMicrotask',
    'fetch',
  ].map((g) => [g, 'readonly']),
);
const COMMONJS_GLOBALS = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' };

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test/fixtures/**',
      'bench/crates/**',
      'examples/**',
      '**/target/**',
      '.vscode-test/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { boundaries: boundariesPlugin(root) },
    rules: {
      'boundaries/imports': 'error',
      // Stripping control characters (XML, demangling) is what those regexes are for.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // TypeScript checks names itself (and knows the DOM and Node types per project).
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    // The self-check harness is plain CommonJS run by node.
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: { ...NODE_GLOBALS, ...COMMONJS_GLOBALS } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests and benchmarks poke at untyped page objects and write terse checks.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-asserted-optional-chain': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      'no-regex-spaces': 'off',
    },
  },
);
