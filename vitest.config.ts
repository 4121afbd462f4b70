import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const source = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url))

// Tests run against the TypeScript sources, so `pnpm test` needs no build;
// the packaging itself is checked by `pnpm build` + publint/attw in CI.
export default defineConfig({
  resolve: {
    alias: [
      'core',
      'adapter-memory',
      'adapter-test',
      'adapter-postgres',
      'adapter-redis',
      'opentelemetry',
      'http',
      'fastify',
      'express',
    ].map((pkg) => ({
      find: new RegExp(`^@boxoffice/${pkg}$`),
      replacement: source(pkg),
    })),
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
})
