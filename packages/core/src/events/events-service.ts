import { errAsync, type ResultAsync } from 'neverthrow'
import type { BoxOfficeContext } from '../context.js'
import { validationFailed, type StoreError, type ValidationFailed } from '../errors.js'
import type { EventStore } from '../ports.js'
import { parseInput } from '../validation.js'
import type { EventPage } from './event.js'
import type { EventStream } from './event-stream.js'
import { readEventsInput, trimEventsInput, type ReadEventsInput, type TrimEventsInput } from './schema.js'

/** `box.events`: the outbox of every change, read in order, waited on, trimmed. */
export interface EventsApi {
  /**
   * The stream's events after `after`, in order, at most `limit`. With
   * `waitMs`, when none follows the cursor yet, waits up to that long for
   * the next one (the store wakes the reader: no polling) and answers an
   * empty page on timeout. Follow a stream by passing each page's `cursor`
   * as the next `after`: no event is skipped or seen twice.
   *
   * @example
   * ```ts
   * let after: string | undefined
   * for (;;) {
   *   const page = await box.events.read({ stream: 'booking:schedule:s1', after, limit: 100, waitMs: 25_000 })
   *   if (page.isErr()) break
   *   for (const event of page.value.events) if (event.type === 'HoldPlaced') paint(event.data.seatNos)
   *   after = page.value.cursor ?? undefined
   * }
   * ```
   */
  read(input: ReadEventsInput): ResultAsync<EventPage, ValidationFailed | StoreError>
  /**
   * Drops the stream's events before `before` (the event `before` stays):
   * call it once every consumer has read past them. Answers how many went.
   * On a narrowed stream (`booking:schedule:s1`) only that view's events go.
   *
   * @example
   * ```ts
   * const dropped = await box.events.trim({ stream: 'booking', before: slowestConsumerCursor })
   * ```
   */
  trim(input: TrimEventsInput): ResultAsync<number, ValidationFailed | StoreError>
}

/** The queue stream is opt-in: name the option when it is off. */
function eventsOff(stream: EventStream): ValidationFailed {
  const message =
    stream.log === 'queue'
      ? 'this queue store writes no events: create it with `events: true`'
      : 'this booking store writes no events'
  return validationFailed('stream', [{ path: 'stream', message }])
}

export function createEventsApi(ctx: BoxOfficeContext): EventsApi {
  const storeOf = (stream: EventStream): EventStore | undefined =>
    stream.log === 'booking' ? ctx.booking.events : ctx.queue.events
  return {
    read: (input) =>
      parseInput(readEventsInput, input).asyncAndThen((cmd): ResultAsync<EventPage, ValidationFailed | StoreError> => {
        const store = storeOf(cmd.stream)
        return store === undefined ? errAsync(eventsOff(cmd.stream)) : store.read(cmd)
      }),
    trim: (input) =>
      parseInput(trimEventsInput, input).asyncAndThen((cmd): ResultAsync<number, ValidationFailed | StoreError> => {
        const store = storeOf(cmd.stream)
        return store === undefined ? errAsync(eventsOff(cmd.stream)) : store.trim(cmd)
      }),
  }
}
