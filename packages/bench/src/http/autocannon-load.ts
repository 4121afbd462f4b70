import autocannon from 'autocannon'
import type { Latencies, Measurement } from '../harness/measurement.js'
import type { Progress } from '../harness/progress.js'
import type { Buyer } from '../scenarios/sale-fixture.js'

/** Connections autocannon keeps open to the server under test. */
export const HTTP_CONNECTIONS = 32

/** autocannon's latency summary read as percentiles (it keeps the usual ones). */
function latenciesOf(result: autocannon.Result): Latencies {
  const { latency } = result
  const known: readonly (readonly [number, number])[] = [
    [0.5, latency.p50],
    [0.9, latency.p90],
    [0.975, latency.p97_5],
    [0.99, latency.p99],
    [0.999, latency.p99_9],
  ]
  return {
    count: result.requests.total,
    maxMs: latency.max,
    resolutionMs: 1,
    percentile: (fraction) => known.find(([at]) => at >= fraction)?.[1] ?? latency.max,
  }
}

function toMeasurement(
  result: autocannon.Result,
  work: number,
  unit: string,
  statuses: Readonly<Record<string, number>>,
): Measurement {
  const errors: Record<string, number> = { ...statuses }
  if (result.non2xx > 0 && Object.keys(statuses).length === 0) errors['HTTP non-2xx'] = result.non2xx
  if (result.errors > 0) errors['connection error'] = result.errors
  if (result.timeouts > 0) errors.timeout = result.timeouts
  return { calls: result.requests.total, work, unit, seconds: result.duration, errors, latency: latenciesOf(result) }
}

/** Counts failed responses by status code, with the error type the body names. */
function failureCounter(): { readonly seen: Record<string, number>; note(status: number, body: string): void } {
  const seen: Record<string, number> = {}
  return {
    seen,
    note: (status, body) => {
      if (status < 300) return
      let type = ''
      try {
        type = ` ${(JSON.parse(body) as { error?: { type?: string } }).error?.type ?? ''}`
      } catch {
        // not JSON: the status alone
      }
      const key = `HTTP ${status}${type}`.trimEnd()
      seen[key] = (seen[key] ?? 0) + 1
    },
  }
}

async function fire(options: autocannon.Options, progress: Progress): Promise<autocannon.Result> {
  let completed = 0
  progress.track(() => completed)
  try {
    return await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(options, (error: Error | null, result: autocannon.Result) =>
        error === null ? resolve(result) : reject(error),
      )
      instance.on('response', () => {
        completed++
      })
    })
  } finally {
    progress.track(undefined)
  }
}

const userHeaders = (user: Buyer): Record<string, string> => ({ 'x-user-id': user.userId, 'queue-token': user.token })

/** GET /queue/tokens/current for `seconds`, the users' tokens taken in turn. */
export async function pollStatus(
  url: string,
  pollers: readonly Buyer[],
  seconds: number,
  progress: Progress,
): Promise<Measurement> {
  let next = 0
  const failures = failureCounter()
  const result = await fire(
    {
      url,
      connections: HTTP_CONNECTIONS,
      duration: seconds,
      requests: [
        {
          method: 'GET',
          path: '/queue/tokens/current',
          setupRequest: (request) => ({ ...request, headers: userHeaders(pollers[next++ % pollers.length] as Buyer) }),
          onResponse: failures.note,
        },
      ],
    },
    progress,
  )
  return toMeasurement(result, result['2xx'], 'requests', failures.seen)
}

/** GET `path` for `seconds`, as the users taken in turn (the routes ask who is calling). */
export async function pollRead(
  url: string,
  path: string,
  users: readonly Buyer[],
  seconds: number,
  progress: Progress,
): Promise<Measurement> {
  let next = 0
  const failures = failureCounter()
  const result = await fire(
    {
      url,
      connections: HTTP_CONNECTIONS,
      duration: seconds,
      requests: [
        {
          method: 'GET',
          path,
          setupRequest: (request) => ({ ...request, headers: userHeaders(users[next++ % users.length] as Buyer) }),
          onResponse: failures.note,
        },
      ],
    },
    progress,
  )
  return toMeasurement(result, result['2xx'], 'requests', failures.seen)
}

interface FlowContext {
  holdId?: string
}

/**
 * The sale as a client runs it: POST /holds on the buyer's own seat, then
 * POST /payments for that hold. Each buyer buys once; the run stops after
 * `seconds` or when every buyer has been through.
 */
export async function holdAndPay(
  url: string,
  buyers: readonly Buyer[],
  seats: readonly { readonly scheduleId: string; readonly seatNo: number }[],
  seconds: number,
  progress: Progress,
): Promise<{ readonly measurement: Measurement; readonly holds: number; readonly payments: number }> {
  let next = 0
  let holds = 0
  let payments = 0
  const failures = failureCounter()
  const result = await fire(
    {
      url,
      connections: HTTP_CONNECTIONS,
      duration: seconds,
      // One flow per buyer, with room for the requests autocannon prepares ahead on each connection.
      maxOverallRequests: Math.max(2, (buyers.length - HTTP_CONNECTIONS) * 2),
      requests: [
        {
          method: 'POST',
          path: '/holds',
          setupRequest: (request, context) => {
            const index = next++ % buyers.length
            const buyer = buyers[index] as Buyer
            Object.assign(context, { buyer, holdId: undefined })
            return {
              ...request,
              headers: { ...userHeaders(buyer), 'content-type': 'application/json' },
              body: JSON.stringify(seats[index]),
            }
          },
          onResponse: (status, body, context) => {
            failures.note(status, body)
            if (status !== 201) return
            holds++
            ;(context as FlowContext).holdId = (JSON.parse(body) as { holdId: string }).holdId
          },
        },
        {
          method: 'POST',
          path: '/payments',
          setupRequest: (request, context) => {
            const { buyer, holdId } = context as FlowContext & { buyer: Buyer }
            return {
              ...request,
              headers: {
                ...userHeaders(buyer),
                'content-type': 'application/json',
                'idempotency-key': `pay-${holdId ?? 'none'}`,
              },
              body: JSON.stringify({ holdId: holdId ?? 'none' }),
            }
          },
          onResponse: (status, body) => {
            failures.note(status, body)
            if (status === 201) payments++
          },
        },
      ],
    },
    progress,
  )
  return { measurement: toMeasurement(result, payments, 'flows', failures.seen), holds, payments }
}

/**
 * Adds up alternating autocannon windows of one workload. autocannon keeps
 * only percentiles, which do not add up, so the merged latency is the worse of
 * the windows' at each percentile (a conservative reading).
 */
export function mergeWindows(windows: readonly Measurement[]): Measurement {
  const errors: Record<string, number> = {}
  for (const window of windows) {
    for (const [type, n] of Object.entries(window.errors)) errors[type] = (errors[type] ?? 0) + n
  }
  const sum = (pick: (m: Measurement) => number): number => windows.reduce((total, m) => total + pick(m), 0)
  return {
    calls: sum((m) => m.calls),
    work: sum((m) => m.work),
    unit: windows[0]?.unit ?? 'requests',
    seconds: sum((m) => m.seconds),
    errors,
    latency: {
      count: sum((m) => m.latency.count),
      maxMs: Math.max(...windows.map((m) => m.latency.maxMs)),
      resolutionMs: 1,
      percentile: (fraction) => Math.max(...windows.map((m) => m.latency.percentile(fraction))),
    },
  }
}
