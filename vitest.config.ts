import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const source = (pkg: string, entry = 'index'): string =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url))

// Tests run against the TypeScript sources, so `pnpm test` needs no build;
// the packaging itself is checked by `pnpm build` + publint/attw in CI.
export default defineConfig({
  resolve: {
    alias: [
      // The core's second entry point, for store authors.
      { find: /^@boxoffice\/core\/adapter$/, replacement: source('core', 'adapter') },
      ...[
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
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
})
