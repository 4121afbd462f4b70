/**
 * A stream name, parsed. Stream names:
 *
 * - `booking`: every booking event (holds, payments, wallets), in commit order.
 * - `booking:concert:<concertId>`, `booking:schedule:<scheduleId>`,
 *   `booking:user:<userId>`: the booking events with that field (a filtered
 *   view of `booking`; its cursors are `booking`'s, so they increase too).
 * - `queue:<concertId>`: the concert's queue events, when the queue store
 *   writes them (`events: true`).
 */
export type EventStream = BookingEventStream | QueueEventStream

/** The booking stream or a view of it narrowed to one concert, schedule or user. */
export interface BookingEventStream {
  readonly log: 'booking'
  readonly filter: EventStreamFilter | null
}
/** A field a booking stream is narrowed by. */
export interface EventStreamFilter {
  readonly field: 'concertId' | 'scheduleId' | 'userId'
  readonly id: string
}
/** One concert's queue stream. */
export interface QueueEventStream {
  readonly log: 'queue'
  readonly concertId: string
}

const FILTERS: Readonly<Record<string, EventStreamFilter['field']>> = {
  concert: 'concertId',
  schedule: 'scheduleId',
  user: 'userId',
}
const FILTER_NAMES: Readonly<Record<EventStreamFilter['field'], string>> = {
  concertId: 'concert',
  scheduleId: 'schedule',
  userId: 'user',
}
const ID = /^[A-Za-z0-9._:@-]{1,128}$/

/** The stream a name denotes, or undefined for a name that is none (ids follow `idSchema`). */
export function parseEventStream(name: string): EventStream | undefined {
  if (name === 'booking') return { log: 'booking', filter: null }
  if (name.startsWith('queue:')) {
    const concertId = name.slice('queue:'.length)
    return ID.test(concertId) ? { log: 'queue', concertId } : undefined
  }
  const parts = /^booking:(concert|schedule|user):(.*)$/.exec(name)
  const field = parts?.[1] === undefined ? undefined : FILTERS[parts[1]]
  const id = parts?.[2]
  if (field === undefined || id === undefined || !ID.test(id)) return undefined
  return { log: 'booking', filter: { field, id } }
}

/**
 * The name of a stream (the inverse of {@link parseEventStream}).
 *
 * @example
 * ```ts
 * eventStreamName({ log: 'booking', filter: { field: 'scheduleId', id: 's1' } }) // 'booking:schedule:s1'
 * ```
 */
export function eventStreamName(stream: EventStream): string {
  if (stream.log === 'queue') return `queue:${stream.concertId}`
  return stream.filter === null ? 'booking' : `booking:${FILTER_NAMES[stream.filter.field]}:${stream.filter.id}`
}

/** Whether a booking event belongs to a (possibly narrowed) booking stream. */
export function inBookingStream(
  stream: BookingEventStream,
  event: {
    readonly concertId?: string | undefined
    readonly scheduleId?: string | undefined
    readonly userId?: string | undefined
  },
): boolean {
  return stream.filter === null || event[stream.filter.field] === stream.filter.id
}
