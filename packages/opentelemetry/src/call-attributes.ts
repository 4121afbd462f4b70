import type { Attributes } from '@opentelemetry/api'
import { tokenConcertId } from '@boxoffice/core/adapter'

/** Attribute names, following OpenTelemetry's `namespace.name` style. */
export const ATTRIBUTE = {
  call: 'boxoffice.call',
  outcome: 'boxoffice.outcome',
  concert: 'boxoffice.concert.id',
  schedule: 'boxoffice.schedule.id',
  /** OpenTelemetry's semantic-convention name for an error's class. */
  errorType: 'error.type',
} as const

const stringField = (value: unknown, field: string): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined
  const found: unknown = (value as Record<string, unknown>)[field]
  return typeof found === 'string' ? found : undefined
}

/**
 * The concert and schedule a call is about, where its input or its answer
 * says so: `concertId`/`scheduleId` fields, or the concert a queue token names.
 * Input is unvalidated, so only strings are taken.
 */
export function subjectAttributes(input: unknown, value?: unknown): Attributes {
  const attributes: Attributes = {}
  const token = stringField(input, 'token')
  const concert =
    stringField(input, 'concertId') ??
    stringField(value, 'concertId') ??
    (token === undefined ? undefined : tokenConcertId(token))
  const schedule = stringField(input, 'scheduleId') ?? stringField(value, 'scheduleId')
  if (concert !== undefined) attributes[ATTRIBUTE.concert] = concert
  if (schedule !== undefined) attributes[ATTRIBUTE.schedule] = schedule
  return attributes
}

/** The concert an answer is about, if it names one (a hold, a payment, an admit report). */
export function concertOf(value: unknown): Attributes {
  const concert = stringField(value, 'concertId')
  return concert === undefined ? {} : { [ATTRIBUTE.concert]: concert }
}
