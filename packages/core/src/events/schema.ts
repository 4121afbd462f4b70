import * as z from 'zod/mini'
import { wholeNumber } from '../validation.js'
import { EVENT_CURSOR } from './event-cursor.js'
import { parseEventStream, type EventStream } from './event-stream.js'

/** Input of `box.events.read`. */
export interface ReadEventsInput {
  /** `booking`, `booking:concert:<id>`, `booking:schedule:<id>`, `booking:user:<id>` or `queue:<concertId>`. */
  readonly stream: string
  /** Read the events after this cursor (an event's `id`); from the oldest kept event when absent. */
  readonly after?: string | undefined
  /** 1..1000 events at most. */
  readonly limit: number
  /** 0..60000 ms to wait for an event when none follows the cursor yet; default 0 (answer at once). */
  readonly waitMs?: number | undefined
}
/** Input of `box.events.trim`. */
export interface TrimEventsInput {
  readonly stream: string
  /** Drop the stream's events before this cursor (the event with this id is kept). */
  readonly before: string
}

/** The most events one read answers. */
export const MAX_EVENTS_PER_READ = 1_000
/** The longest a read may wait for an event. */
export const MAX_EVENT_WAIT_MS = 60_000

const streamSchema = z.pipe(
  z.string().check(
    z.refine((name) => parseEventStream(name) !== undefined, {
      error: 'expected booking, booking:concert:<id>, booking:schedule:<id>, booking:user:<id> or queue:<concertId>',
    }),
  ),
  z.transform((name): EventStream => parseEventStream(name) as EventStream),
)
const cursorSchema = z.string().check(z.regex(EVENT_CURSOR, 'expected an event id as a read answered it'))

/** Validates {@link ReadEventsInput}. */
export const readEventsInput: z.ZodMiniType<
  { readonly stream: EventStream; readonly after: string | null; readonly limit: number; readonly waitMs: number },
  ReadEventsInput
> = z.pipe(
  z.strictObject({
    stream: streamSchema,
    after: z.optional(cursorSchema),
    limit: wholeNumber(1, MAX_EVENTS_PER_READ),
    waitMs: z._default(wholeNumber(0, MAX_EVENT_WAIT_MS), 0),
  }),
  z.transform(({ stream, after, limit, waitMs }) => ({ stream, after: after ?? null, limit, waitMs })),
)
/** Validates {@link TrimEventsInput}. */
export const trimEventsInput: z.ZodMiniType<
  { readonly stream: EventStream; readonly before: string },
  TrimEventsInput
> = z.strictObject({ stream: streamSchema, before: cursorSchema })
