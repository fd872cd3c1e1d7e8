// Lint rules, including the boundaries between the layers (see README "Layout"):
// renderer/ talks to the core only through types; electron/ is a thin shell.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
// core/ and db/ run under plain Node, with no shell above them.
const plainNode = ['electron', 'react', 'react-dom'].map((name) => ({ name, message: 'core/ and db/ run under plain Node: no UI or Electron.' }));
const noShells = { group: ['**/renderer/**', '**/electron/**', '**/web/**', '**/cli/**'], message: 'core/ and db/ do not depend on a shell.' };

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', '.electron-native/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name=/^(it|test|describe)$/][property.name='only']", message: 'No focused tests.' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Advice for the React Compiler, which this app does not use (TanStack Virtual trips it).
      'react-hooks/incompatible-library': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'better-sqlite3', 'electron', 'zod'].map((name) => ({
            name,
            message: 'The renderer runs in a sandboxed page: no Node, database or Electron modules.',
          })),
          patterns: [
            {
              regex: '(^|/)core(/(?!shared/)|$)',
              allowTypeImports: true,
              message: 'The renderer may import core types only (import type …) and the pure data in core/shared/; calls go through api/client.ts.',
            },
            { group: ['**/db/**', '**/electron/**', '**/web/**', '**/cli/**'], message: 'The renderer talks to the app only through api/client.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['better-sqlite3', 'zod'].map((name) => ({ name, message: 'The Electron shell holds no business logic: go through the core.' })),
          patterns: [
            { group: ['**/db/**', '**/web/**', '**/cli/**', '**/renderer/**'], message: 'The Electron shell holds no business logic: use core/index.ts.' },
            {
              group: ['**/core/*', '!**/core/index.ts', '!**/core/api.ts', '!**/core/ipc.ts', '!**/core/shared'],
              message: 'The Electron shell may use only the core’s public entry (core/index.ts), its contract types (core/api.ts), IPC names (core/ipc.ts) and plain rules (core/shared/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: plainNode, patterns: [noShells] }] },
  },
  {
    // The domain modules (documents/, requests/, disclosures/, …) sit below the handlers that call them.
    files: ['core/*/**/*.ts'],
    ignores: ['core/handlers/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: plainNode, patterns: [noShells, { group: ['**/handlers/**'], message: 'Domain code does not call handlers: move what both need below them.' }] },
      ],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: plainNode, patterns: [noShells, { group: ['**/core/**'], message: 'db/ sits below the core and knows nothing of it (errors: db/errors.ts).' }] },
      ],
    },
  },
  {
    // The command line is a shell like the others: the core's public entry, its contract types and its plain data.
    files: ['cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['better-sqlite3'].map((name) => ({ name, message: 'The command line holds no storage: go through the core.' })),
          patterns: [
            // web/ is allowed: `sunshine web` hosts browser mode.
            { group: ['**/db/**', '**/renderer/**', '**/electron/**'], message: 'The command line talks to the app through core/index.ts.' },
            {
              regex: '(^|/)core/(?!index\\.ts$|api\\.ts$|shared/)',
              message: 'The command line may use only the core’s public entry (core/index.ts), its contract types (core/api.ts) and its plain data (core/shared/).',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure data both sides use (the renderer loads it): it may import nothing.
    files: ['core/shared/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'ImportDeclaration', message: 'core/shared/ holds plain data and imports nothing.' }] },
  },
  {
    files: ['core/api.ts', 'core/contract.ts', 'core/result.ts', 'core/errors.ts', 'core/ipc.ts'],
    rules: {
      // Loaded by the renderer (types) and the preload (IPC names): must stay free of Node.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: nodeBuiltins.map((name) => ({ name, message: 'The contract is shared with the renderer: no Node modules.' })), patterns: [{ group: ['**/db/**'], message: 'The contract does not know the database.' }] },
      ],
    },
  },
);
