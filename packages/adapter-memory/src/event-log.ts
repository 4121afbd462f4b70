import type { BoxOfficeEvent, EventPage, EventStream, NewEvent } from '@boxoffice/core'
import { decodeEventCursor, encodeEventCursor, inBookingStream, type EventStore } from '@boxoffice/core/adapter'
import { settled } from './settled.js'

interface Entry {
  readonly seq: bigint
  readonly event: BoxOfficeEvent
}

/** Whether an event belongs to a stream (the log holds one kind of stream: booking or queue). */
function inStream(stream: EventStream, event: BoxOfficeEvent): boolean {
  if (stream.log === 'queue') return 'concertId' in event && event.concertId === stream.concertId
  return inBookingStream(stream, event)
}

/**
 * An append-only log in process memory. `append` is synchronous, so a store
 * calls it inside the same synchronous step as the change it records; a
 * reader waiting on the log is woken by a promise, never by polling.
 */
export class EventLog {
  #entries: Entry[] = []
  #next = 1n
  #wakeups = new Set<() => void>()

  /** Appends the event with the next cursor and wakes every waiting reader. */
  append(event: NewEvent): void {
    const seq = this.#next++
    this.#entries.push({ seq, event: { ...event, id: encodeEventCursor(0n, seq) } as BoxOfficeEvent })
    const wakeups = [...this.#wakeups]
    this.#wakeups.clear()
    for (const wake of wakeups) wake()
  }

  /** The log as an {@link EventStore}. */
  store(): EventStore {
    return {
      read: ({ stream, after, limit, waitMs }) => settled.fromSafePromise(this.#read(stream, after, limit, waitMs)),
      trim: ({ stream, before }) => {
        const bound = decodeEventCursor(before).minor
        const kept = this.#entries.filter((entry) => entry.seq >= bound || !inStream(stream, entry.event))
        const dropped = this.#entries.length - kept.length
        this.#entries = kept
        return settled.ok(dropped)
      },
    }
  }

  #page(stream: EventStream, after: string | null, limit: number): BoxOfficeEvent[] {
    const bound = after === null ? 0n : decodeEventCursor(after).minor
    const events: BoxOfficeEvent[] = []
    for (let at = this.#firstAfter(bound); at < this.#entries.length && events.length < limit; at++) {
      const entry = this.#entries[at] as Entry
      if (inStream(stream, entry.event)) events.push(entry.event)
    }
    return events
  }

  /** Index of the first entry whose seq is above `bound` (entries are in seq order). */
  #firstAfter(bound: bigint): number {
    let low = 0
    let high = this.#entries.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((this.#entries[mid] as Entry).seq <= bound) low = mid + 1
      else high = mid
    }
    return low
  }

  async #read(stream: EventStream, after: string | null, limit: number, waitMs: number): Promise<EventPage> {
    const deadline = Date.now() + waitMs
    for (;;) {
      const events = this.#page(stream, after, limit)
      const left = deadline - Date.now()
      if (events.length > 0 || left <= 0) return { events, cursor: events.at(-1)?.id ?? after }
      await this.#nextAppend(left)
    }
  }

  /** Resolves at the next append, or after `ms`. */
  #nextAppend(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer)
        this.#wakeups.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.#wakeups.add(wake)
    })
  }
}
