import type { BoxOfficeEvent, EventStream } from '@boxoffice/core'
import { decodeEventCursor, encodeEventCursor } from '@boxoffice/core/adapter'

/** An outbox row as pg returns it: xid8 and bigint as strings, jsonb parsed, timestamptz a Date. */
export interface EventRow {
  readonly xid: string
  readonly seq: string
  readonly type: string
  readonly at: Date
  readonly concert_id: string | null
  readonly schedule_id: string | null
  readonly user_id: string | null
  readonly data: unknown
}

export const EVENT_COLUMNS = 'xid::text AS xid, seq, type, at, concert_id, schedule_id, user_id, data'

/** The event a row holds; its id is the cursor (xid, seq). The row was written by this package's triggers. */
export function toEvent(row: EventRow): BoxOfficeEvent {
  return {
    id: encodeEventCursor(BigInt(row.xid), BigInt(row.seq)),
    type: row.type,
    at: row.at,
    ...(row.concert_id === null ? {} : { concertId: row.concert_id }),
    ...(row.schedule_id === null ? {} : { scheduleId: row.schedule_id }),
    ...(row.user_id === null ? {} : { userId: row.user_id }),
    data: row.data,
  } as BoxOfficeEvent
}

/** A cursor as the statement parameters (xid, seq); (0, 0) before the first event. */
export function cursorValues(cursor: string | null): readonly [string, string] {
  if (cursor === null) return ['0', '0']
  const { major, minor } = decodeEventCursor(cursor)
  return [major.toString(), minor.toString()]
}

/** The filter parameters (concert, schedule, user) of a booking stream. */
export function filterValues(stream: EventStream): readonly [string | null, string | null, string | null] {
  const filter = stream.log === 'booking' ? stream.filter : null
  const only = (field: 'concertId' | 'scheduleId' | 'userId'): string | null =>
    filter?.field === field ? filter.id : null
  return [only('concertId'), only('scheduleId'), only('userId')]
}
