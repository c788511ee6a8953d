import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'artifacts/**', 'bin/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  // Layer boundaries (CONTRIBUTING.md): each block says which way imports may point.
  {
    files: ['preload/contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\./)', message: 'The contract imports only zod and its own files: main, preload and renderer all load it.' }] }],
    },
  },
  {
    files: ['main/proxy/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '!../proxy', '!../proxy/*'], message: 'The stable-URL proxy runs as its own process: it imports nothing else from main/.' }] }],
    },
  },
  {
    // Pure cores: plain data in, plain data out. Adapters (engine, store, network, files) are passed in.
    files: ['main/matcher/**/*.ts', 'main/inbound-webhook/parse/**/*.ts', 'main/oci-client/image-ref.ts', 'main/matcher/tag-order.ts', 'main/deployer/deploy-machine.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['dockerode', 'better-sqlite3', 'electron', 'node:fs', 'node:fs/promises', 'node:http', 'node:net', 'node:child_process'].map((name) => ({ name, message: 'A pure module takes no adapter: pass data or a port in.' })),
          patterns: [{ group: ['**/store/*', '**/docker/*', '**/http/*'], message: 'A pure module takes no adapter: pass data or a port in.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(node:|electron$|better-sqlite3$|dockerode$|fs$|path$|child_process$)', message: 'The renderer runs in a sandboxed page: no Node, no Electron.' }, { group: ['**/main/*'], message: 'The renderer talks to main only through the contract.' }] },
      ],
    },
  },
  {
    // Long functions hide their steps: split them into named ones.
    // Migrations are SQL text, and tests read best as one story.
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', 'main/store/migrations/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Tool configs must default-export.
    files: ['*.config.ts', 'build/*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      'no-restricted-syntax': 'off',
    },
  },
);
