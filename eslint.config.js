import { fixupPluginRules } from '@eslint/compat'
import js from '@eslint/js'
import neverthrow from 'eslint-plugin-neverthrow'
import tseslint from 'typescript-eslint'

// eslint-plugin-neverthrow predates ESLint 9's rule context (parserServices,
// getScope moved to sourceCode); @eslint/compat restores what it reads.
const neverthrowCompat = fixupPluginRules(neverthrow)

const sources = ['packages/*/src/**/*.ts', 'examples/*/src/**/*.{ts,tsx}', 'examples/*/scripts/**/*.ts']
const tests = ['packages/*/test/**/*.ts', 'examples/*/test/**/*.ts']

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      'docs/api/**',
      'packages/fastify/test/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: [...sources, ...tests],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { neverthrow: neverthrowCompat },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // A Result dropped on the floor is an error nobody handled. Library and
    // example code only: the rule cannot follow `await`, which tests use to
    // unwrap results they then assert on.
    files: sources,
    rules: { 'neverthrow/must-use-result': 'error' },
  },
)
