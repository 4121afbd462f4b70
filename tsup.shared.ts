import { defineConfig, type Options } from 'tsup'

/**
 * The one build every publishable package shares: ESM + CJS + declarations
 * from `src/index.ts`, so `exports` maps stay identical across packages.
 */
export function packageBuild(extra: Partial<Options> = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    treeshake: true,
    ...extra,
  })
}
