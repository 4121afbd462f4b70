import type { Measurement } from '../harness/measurement.js'
import type { Scenario } from '../harness/scenario.js'
import { alternate } from '../harness/set-up.js'
import { ratioAtLeast, ratioOf } from '../harness/targets.js'
import { pollReads } from './http-reads.js'
import { megabytes } from '../report/format.js'
import { postgresSkipReason } from '../scenarios/postgres-queue-scenario.js'
import { dropPostgresSchema } from '../stores/postgres-fixture.js'
import { probeRedisAdapter } from '../stores/redis-adapter.js'
import { deleteRedisPrefix, redisUnavailable } from '../stores/redis-fixture.js'
import { HTTP_CONNECTIONS, holdAndPay, mergeWindows, pollStatus } from './autocannon-load.js'
import { childStoreName, type Observed, type StoreSetup } from './child-protocol.js'
import { loadExampleApp } from './example-app.js'
import { startServerProcess } from './server-process.js'

const POLLERS = 1_000
const FRAMEWORKS = ['fastify', 'express'] as const

export const httpScenario: Scenario = {
  id: 'http',
  title: 'HTTP: the example servers under autocannon (separate processes)',
  async run(context, record) {
    const { sizes, progress } = context
    const redisAdapter = await probeRedisAdapter()
    const redisDown = typeof redisAdapter === 'string' ? redisAdapter : await redisUnavailable()
    const postgresDown = await postgresSkipReason()
    const storesDown = redisDown ?? postgresDown
    if (storesDown !== undefined) record.note(`Postgres + Redis servers skipped: ${storesDown}`)
    // Each server first answers a short unmeasured poll load, so no row measures a cold JIT.
    const warmUp = Math.max(0.5, Math.min(2, sizes.httpSeconds / 4))
    let bare: Measurement | undefined

    for (const framework of FRAMEWORKS) {
      const missing = await loadExampleApp(framework)
      if (typeof missing === 'string') {
        record.check(`the ${framework} example runs`, false, missing)
        continue
      }
      progress.step(`${framework}: starting the server process and preparing users`)
      const server = await startServerProcess({
        framework,
        runId: context.runId,
        withStores: storesDown === undefined,
        withBare: framework === 'fastify' && redisDown === undefined,
        buyers: sizes.httpBuyers,
        pollers: POLLERS,
      })
      const observed: Partial<Record<StoreSetup, Observed>> = {}
      const statusRates = new Map<StoreSetup, Measurement>()
      try {
        progress.step(`${framework}: warming up`)
        for (const target of [...(server.bare === undefined ? [] : [server.bare]), ...server.apps]) {
          await pollStatus(target.url, target.pollers, warmUp, progress)
        }
        for (const app of server.apps) {
          const name = `${framework} status poll (${app.stores})`
          progress.step(name)
          let status: Measurement
          const compared = server.bare !== undefined && app.stores === 'postgres+redis' ? server.bare : undefined
          if (compared !== undefined) {
            // The target pair: bare route and library route in alternating half windows (ABBA).
            const half = sizes.httpSeconds / 2
            const [libraryRuns = [], bareRuns = []] = await alternate(2, [
              () => pollStatus(app.url, app.pollers, half, progress),
              () => pollStatus(compared.url, compared.pollers, half, progress),
            ])
            bare = mergeWindows(bareRuns)
            status = mergeWindows(libraryRuns)
            record.row({ name: 'status poll: raw bare Fastify + ZRANK', measurement: bare })
          } else {
            status = await pollStatus(app.url, app.pollers, sizes.httpSeconds, progress)
          }
          statusRates.set(app.stores, status)
          const versusBare = app.stores === 'postgres+redis' && bare !== undefined ? ratioOf(status, bare) : undefined
          record.row({
            name,
            measurement: status,
            ...(versusBare === undefined ? {} : { ratio: versusBare }),
            targets: versusBare !== undefined && compared !== undefined ? [ratioAtLeast(versusBare, 0.6)] : [],
          })
        }
        for (const app of server.apps) {
          const status = statusRates.get(app.stores)
          if (status !== undefined)
            await pollReads(record, { framework, app, status, seconds: sizes.httpSeconds, progress })
        }
        for (const app of server.apps) {
          progress.step(`${framework} on ${app.stores}: hold + pay`)
          const flow = await holdAndPay(app.url, app.buyers, app.seats, sizes.httpSeconds, progress)
          record.row({ name: `${framework} hold + pay (${app.stores})`, measurement: flow.measurement })
          observed[app.stores] = { holds: flow.holds, payments: flow.payments, inFlight: HTTP_CONNECTIONS }
        }
        progress.step(`${framework}: checking the server's stores`)
        for (const check of await server.check(observed)) record.check(check.name, check.held, check.detail)
      } finally {
        const rss = await server.stop().catch(() => 0)
        record.note(`${framework} server process peak RSS: ${megabytes(rss)}`)
        if (storesDown === undefined) {
          // The server drops its schema and keys on stop; this catches a server that died first.
          await dropPostgresSchema(childStoreName(context.runId, framework)).catch(() => undefined)
          await deleteRedisPrefix(childStoreName(context.runId, framework)).catch(() => undefined)
        }
      }
    }
    record.note(
      `autocannon runs in the benchmark process with ${HTTP_CONNECTIONS} connections; each server runs in its own child process. The Fastify status route on Postgres + Redis and the bare ZRANK route are measured in alternating half windows; their percentiles are the worse of the two windows (autocannon keeps percentiles only). A hold + pay flow is two requests; its latencies are per request; the express status on Postgres + Redis is compared with the same bare route.`,
    )
  },
}
