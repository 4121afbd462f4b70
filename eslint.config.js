import { fixupPluginRules } from '@eslint/compat'
import js from '@eslint/js'
import neverthrow from 'eslint-plugin-neverthrow'
import tseslint from 'typescript-eslint'

// eslint-plugin-neverthrow predates ESLint 9's rule context (parserServices,
// getScope moved to sourceCode); @eslint/compat restores what it reads.
const neverthrowCompat = fixupPluginRules(neverthrow)

const sources = ['packages/*/src/**/*.ts', 'packages/*/test/**/*.ts', 'examples/*/src/**/*.ts', 'examples/*/test/**/*.ts']

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: sources,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { neverthrow: neverthrowCompat },
    rules: {
      // A Result dropped on the floor is an error nobody handled.
      'neverthrow/must-use-result': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
)
