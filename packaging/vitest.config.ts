import { defineConfig } from 'vitest/config'

// The packaging proof runs alone (`pnpm test:packaging`): it needs the builds
// and reaches the npm registry, so it is not part of `pnpm test`.
export default defineConfig({
  test: {
    include: ['packaging/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
})
