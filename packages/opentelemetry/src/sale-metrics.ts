import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api'
import type { AdmitReport } from '@boxoffice/core'
import { ATTRIBUTE, concertOf } from './call-attributes.js'

/** What a successful call of one name adds to the sale's metrics. */
type OnSuccess = (value: unknown) => void

/**
 * The business metrics, read from successful answers: each entry names the
 * facade call whose answer it counts. A call the table does not name is still
 * counted by `boxoffice.calls` and `boxoffice.errors`, so a new call shows up
 * there with no change here.
 */
export function saleMetrics(meter: Meter): ReadonlyMap<string, OnSuccess> {
  const counter = (name: string, description: string, unit = '1'): Counter =>
    meter.createCounter(name, { description, unit })
  const placed = counter('boxoffice.holds.placed', 'Holds placed (each holds one or more seats).', '{hold}')
  const expired = counter('boxoffice.holds.expired', 'Holds the sweeper expired.', '{hold}')
  const payments = counter('boxoffice.payments', 'Successful pay calls, idempotent replays included.', '{payment}')
  const paid = counter('boxoffice.payments.amount', 'Points paid, idempotent replays included.', '{point}')
  const refunds = counter('boxoffice.refunds', 'Successful refund calls.', '{refund}')
  const removed = counter(
    'boxoffice.queue.removed',
    'Tokens an admit tick removed: expired ACTIVE or dropped WAITING.',
    '{token}',
  )
  const admitted: Histogram = meter.createHistogram('boxoffice.queue.admitted', {
    description: 'Tokens admitted per admit tick and concert.',
    unit: '{token}',
    advice: { explicitBucketBoundaries: [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000] },
  })

  // Queue length and active count are what the last admit tick of each concert saw.
  const lines = new Map<string, { readonly waiting: number; readonly active: number }>()
  const gauge = (name: string, description: string, read: (line: { waiting: number; active: number }) => number) =>
    meter.createObservableGauge(name, { description, unit: '{token}' }).addCallback((observe) => {
      for (const [concertId, line] of lines) observe.observe(read(line), { [ATTRIBUTE.concert]: concertId })
    })
  gauge('boxoffice.queue.waiting', 'WAITING tokens per concert after its last admit tick.', (line) => line.waiting)
  gauge('boxoffice.queue.active', 'ACTIVE tokens per concert after its last admit tick.', (line) => line.active)

  const amountOf = (value: unknown): number => {
    const amount: unknown = (value as { amount?: unknown }).amount
    return typeof amount === 'number' && amount >= 0 ? amount : 0
  }

  return new Map<string, OnSuccess>([
    [
      'queue.admit',
      (value) => {
        const report = value as AdmitReport
        const concert: Attributes = { [ATTRIBUTE.concert]: report.concertId }
        if (report.waiting === 0 && report.active === 0) lines.delete(report.concertId)
        else lines.set(report.concertId, { waiting: report.waiting, active: report.active })
        admitted.record(report.admitted, concert)
        if (report.expired > 0) removed.add(report.expired, { ...concert, 'boxoffice.reason': 'expired' })
        if (report.dropped > 0) removed.add(report.dropped, { ...concert, 'boxoffice.reason': 'dropped' })
      },
    ],
    ['holds.hold', (value) => placed.add(1, concertOf(value))],
    ['holds.expire', (value) => expired.add(typeof value === 'number' ? value : 0)],
    [
      'payments.pay',
      (value) => {
        const concert = concertOf(value)
        payments.add(1, concert)
        paid.add(amountOf(value), concert)
      },
    ],
    ['payments.refund', (value) => refunds.add(1, concertOf(value))],
  ])
}
