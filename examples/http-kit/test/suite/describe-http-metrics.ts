import { createServer, type Server } from 'node:http'
import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice, createScheduler, type Scheduler } from '@boxoffice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTelemetry, serverUrl, type ServerApp, type Telemetry } from '../../src/index.ts'
import { httpClient, type Call } from './http-client.ts'
import type { CreateApp } from './server-harness.ts'

const ADMIN_TOKEN = 'metrics-admin-token-0123456789'

/** A stand-in OpenTelemetry collector: keeps the bodies POSTed to /v1/traces. */
async function startCollector(): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      if (request.url === '/v1/traces') bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: serverUrl(server.address()), bodies, server }
}

/** Every span name in OTLP/JSON export requests, with the service that sent it. */
function exportedSpans(bodies: readonly unknown[]): { service: unknown; name: string }[] {
  type Otlp = {
    resourceSpans?: {
      resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }
      scopeSpans?: { spans?: { name: string }[] }[]
    }[]
  }
  return (bodies as Otlp[]).flatMap((body) =>
    (body.resourceSpans ?? []).flatMap((resourceSpans) => {
      const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue
      return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
        (scope.spans ?? []).map((span) => ({ service, name: span.name })),
      )
    }),
  )
}

/**
 * The observability of an example server: after a purchase over HTTP,
 * GET /metrics shows it counted in Prometheus format, and its spans reach the
 * OTLP endpoint the standard environment variables name.
 *
 * @example
 * ```ts
 * describeHttpMetrics('the Fastify server', { createApp })
 * ```
 */
export function describeHttpMetrics(name: string, options: { createApp: CreateApp }): void {
  describe(name, () => {
    let collector: Awaited<ReturnType<typeof startCollector>>
    let telemetry: Telemetry
    let server: ServerApp<unknown>
    let scheduler: Scheduler
    let call: Call
    let url: string

    beforeAll(async () => {
      collector = await startCollector()
      const created = createTelemetry(
        { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'boxoffice-metrics-test' },
        'unused',
      )
      if (created === undefined) throw new Error('telemetry is on unless OTEL_SDK_DISABLED says otherwise')
      telemetry = created
      const { instrumentation } = telemetry
      const box = createBoxOffice({ ...createMemoryStores(), instrumentation })
      scheduler = createScheduler(box, { intervalMs: 60_000, instrumentation })
      server = options.createApp({ box, adminToken: ADMIN_TOKEN, telemetry })
      url = await server.start({ port: 0, host: '127.0.0.1' })
      call = httpClient(url)
    })
    afterAll(async () => {
      await server.stop()
      await telemetry.shutdown()
      await new Promise((resolve) => collector.server.close(resolve))
    })

    it('GET /metrics shows a purchase made over HTTP counted, in Prometheus text format', async () => {
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }
      const concert = await call('POST', '/admin/concerts', { headers: admin, json: { title: 'Metrics Night' } })
      const { concertId } = concert.body as { concertId: string }
      const schedule = await call('POST', `/admin/concerts/${concertId}/schedules`, {
        headers: admin,
        json: { startsAt: new Date(Date.now() + 86_400_000).toISOString(), seats: 5, price: 70 },
      })
      const { scheduleId } = schedule.body as { scheduleId: string }
      const user = { 'x-user-id': 'metrics-buyer' }
      const entered = await call('POST', '/queue/tokens', { headers: user, json: { concertId } })
      const buyer = { ...user, 'queue-token': (entered.body as { token: string }).token }
      await scheduler.tick()
      const hold = await call('POST', '/holds', { headers: buyer, json: { scheduleId, seatNo: 2 } })
      expect(hold.status).toBe(201)
      await call('POST', '/wallet/charges', { headers: user, json: { amount: 100 } })
      const paid = await call('POST', '/payments', {
        headers: { ...buyer, 'idempotency-key': 'metrics-checkout-1' },
        json: { holdId: (hold.body as { holdId: string }).holdId },
      })
      expect(paid.status, JSON.stringify(paid.body)).toBe(201)

      const response = await fetch(`${url}/metrics`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      const text = await response.text()
      const sample = (metric: string): number | undefined => {
        const line = text
          .split('\n')
          .find((l) => l.startsWith(`${metric}{`) && l.includes(`boxoffice_concert_id="${concertId}"`))
        return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
      }
      expect(text).toContain('# TYPE boxoffice_payments_total counter')
      expect(sample('boxoffice_payments_total')).toBe(1)
      expect(sample('boxoffice_payments_amount_total')).toBe(70)
      expect(sample('boxoffice_holds_placed_total')).toBe(1)
      expect(text).toMatch(/boxoffice_calls_total\{[^}]*boxoffice_call="payments\.pay"[^}]*\} 1/)
    })

    it("the purchase's spans reach the OTLP endpoint that OTEL_EXPORTER_OTLP_ENDPOINT names", async () => {
      expect(telemetry.traces).toBe(`otlp ${collector.url}/v1/traces`)
      await telemetry.shutdown() // flushes the batch processor
      const spans = exportedSpans(collector.bodies)
      expect(spans).toContainEqual({ service: 'boxoffice-metrics-test', name: 'boxoffice.payments.pay' })
      expect(spans).toContainEqual({ service: 'boxoffice-metrics-test', name: 'boxoffice.scheduler.tick' })
    })

    it('without OTEL_* variables nothing is exported, and OTEL_SDK_DISABLED turns telemetry off', async () => {
      const quiet = createTelemetry({}, 'boxoffice-quiet')
      expect(quiet?.traces).toBe('off')
      await quiet?.shutdown()
      expect(createTelemetry({ OTEL_SDK_DISABLED: 'true' }, 'boxoffice-off')).toBeUndefined()
    })
  })
}
