// ESLint flat config. Besides code quality it enforces the layer rule of ARCHITECTURE.md:
// core is pure, shared holds types, and main / preload / renderer / cli never import each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Platform and UI modules that src/core must never import. */
const PLATFORM_MODULES = [
  'react',
  'react-dom',
  'react-dom/*',
  'react/*',
  'react-i18next',
  'i18next',
  'electron',
  'maplibre-gl',
  'maplibre-gl/*',
  'dexie',
  'recharts',
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
];

/** Relative or aliased paths into a layer. */
const layer = (name) => [`**/${name}/**`, `**/${name}`, `@${name}/**`];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'dist-web/**',
      'test-artifacts/**',
      'coverage/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        console: 'readonly',
        process: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Blob: 'readonly',
        fetch: 'readonly',
        structuredClone: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        AbortController: 'readonly',
        Buffer: 'readonly',
        globalThis: 'readonly',
        queueMicrotask: 'readonly',
        requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly',
        Event: 'readonly',
        CustomEvent: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts', 'src/core/**/*.bench.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: PLATFORM_MODULES, message: 'src/core is pure: no UI, platform or Node imports (ARCHITECTURE.md).' },
            {
              group: [...layer('renderer'), ...layer('main'), ...layer('preload'), ...layer('cli'), '@shared/**'],
              message: 'src/core imports nothing from the other layers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(
      [...PLATFORM_MODULES, ...layer('renderer'), ...layer('main'), ...layer('preload'), ...layer('cli'), ...layer('core')],
      'src/shared holds only types and constants.',
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...layer('renderer'), ...layer('preload'), ...layer('cli')],
              message: 'main may import core and shared only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Raw ipcMain is reachable only through the typed handle() wrapper (GitHub Desktop's habit).
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/ipc-handle.ts', 'src/main/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='ipcMain']", message: 'Use handle() from ipc-handle.ts.' },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(
      [...layer('renderer'), ...layer('main'), ...layer('cli')],
      'preload may import shared only (and core types).',
    ),
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    // Tests run in Node and may read fixtures from disk; the rule guards what ships.
    ignores: ['src/renderer/**/*.test.ts', 'src/renderer/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches its platform through getBridge().' }],
          patterns: [
            {
              group: [...layer('main'), ...layer('preload'), ...layer('cli'), 'node:*', 'fs', 'path', 'child_process'],
              message: 'renderer may import core and shared only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(
      [...layer('renderer'), ...layer('main'), ...layer('preload'), 'electron', 'react', 'maplibre-gl', 'dexie'],
      'cli may import core and shared only.',
    ),
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'scripts/**', 'bin/**', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
