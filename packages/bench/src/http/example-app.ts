import type { BoxOffice } from '@boxoffice/core'

/** The part of an example server's `createApp` the benchmark drives. */
export interface ExampleServer {
  start(address: { readonly port: number; readonly host: string }): Promise<string>
  stop(): Promise<void>
}

type CreateApp = (deps: { readonly box: BoxOffice }) => ExampleServer

/**
 * The example's own `createApp`, loaded from its source as `pnpm start` runs
 * it (the examples are applications, not built packages); its imports of
 * `@boxoffice/*` resolve to the built packages.
 */
export async function loadExampleApp(framework: 'fastify' | 'express'): Promise<CreateApp | string> {
  const url = new URL(`../../../../examples/${framework}/src/app.ts`, import.meta.url)
  try {
    const loaded = (await import(url.href)) as { createApp?: unknown }
    if (typeof loaded.createApp !== 'function') return `examples/${framework}/src/app.ts does not export createApp yet`
    return loaded.createApp as CreateApp
  } catch (error) {
    return `examples/${framework} cannot be loaded (${(error as Error).message.split('\n')[0]})`
  }
}
