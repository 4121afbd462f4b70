import { storeUnavailable, type EventPage, type EventStream } from '@boxoffice/core'
import type { EventStore } from '@boxoffice/core/adapter'
import { ResultAsync } from 'neverthrow'
import { runStatement } from '../atomic.js'
import type { PostgresPool } from '../postgres-pool.js'
import { execute, statement } from '../statement.js'
import { cursorValues, EVENT_COLUMNS, filterValues, toEvent, type EventRow } from './event-rows.js'
import { NotificationHub } from './notification-hub.js'

function eventStatements(s: string) {
  // The rows after the cursor, in (xid, seq) order, each marked `held` when
  // its transaction's xid is not below the snapshot's xmin: a transaction that
  // started earlier may still be running and commit rows before it, so no row
  // from a held one on may be answered yet. A row this statement sees is
  // committed; only its place in the order is not final while it is held.
  // $1 xid, $2 seq after, $3 concert, $4 schedule, $5 user (null: any), $6 limit.
  return {
    read: statement(`
      SELECT ${EVENT_COLUMNS}, xid >= pg_snapshot_xmin(pg_current_snapshot()) AS held
        FROM ${s}.events
       WHERE (xid, seq) > ($1::text::xid8, $2::bigint)
         AND ($3::text IS NULL OR concert_id = $3)
         AND ($4::text IS NULL OR schedule_id = $4)
         AND ($5::text IS NULL OR user_id = $5)
       ORDER BY xid, seq LIMIT $6`),
    // $1 xid, $2 seq before; $3..$5 as above.
    trim: statement(`
      WITH dropped AS (
        DELETE FROM ${s}.events
         WHERE (xid, seq) < ($1::text::xid8, $2::bigint)
           AND ($3::text IS NULL OR concert_id = $3)
           AND ($4::text IS NULL OR schedule_id = $4)
           AND ($5::text IS NULL OR user_id = $5)
        RETURNING 1)
      SELECT count(*)::int AS dropped FROM dropped`),
  }
}

/** When rows are held back by an older transaction still running, look again this soon. */
const HELD_BACK_RETRY_MS = 5
/**
 * How long a read waits for older transactions to end so that it can answer
 * every event committed before it began (read your own writes); past this it
 * answers the events whose order is final, and the rest come on a later read.
 */
const HELD_BACK_WAIT_MS = 2_000

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The booking outbox (migration 0008) as an {@link EventStore}. Events are
 * written by triggers in the transaction of each change; this reads them in
 * cursor order and waits with LISTEN on one shared connection.
 */
export function createPostgresEventStore(pool: PostgresPool, schema: string, quotedSchema: string): EventStore {
  const sql = eventStatements(quotedSchema)
  const hub = new NotificationHub(pool, schema)

  // Every event committed before the call, once no older transaction can
  // still commit one before it (bounded by HELD_BACK_WAIT_MS).
  const readPage = async (stream: EventStream, after: string | null, limit: number): Promise<EventPage> => {
    const deadline = Date.now() + HELD_BACK_WAIT_MS
    for (;;) {
      const rows = await execute<EventRow & { readonly held: boolean }>(pool, sql.read, [
        ...cursorValues(after),
        ...filterValues(stream),
        limit,
      ])
      const firstHeld = rows.findIndex((row) => row.held)
      if (firstHeld === -1 || Date.now() >= deadline) {
        const events = (firstHeld === -1 ? rows : rows.slice(0, firstHeld)).map(toEvent)
        return { events, cursor: events.at(-1)?.id ?? after }
      }
      await pause(HELD_BACK_RETRY_MS)
    }
  }

  const readWaiting = async (
    stream: EventStream,
    after: string | null,
    limit: number,
    waitMs: number,
  ): Promise<EventPage> => {
    const deadline = Date.now() + waitMs
    let page = await readPage(stream, after, limit)
    while (page.events.length === 0 && Date.now() < deadline) {
      let wake: () => void = () => undefined
      const woken = new Promise<void>((resolve) => (wake = resolve))
      const leave = await hub.subscribe(wake)
      try {
        // Read again now that the connection LISTENs: a commit between the
        // first read and LISTEN is seen here, not missed until the timeout.
        page = await readPage(stream, after, limit)
        if (page.events.length > 0) break
        let timer: ReturnType<typeof setTimeout> | undefined
        await Promise.race([woken, new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))])
        clearTimeout(timer)
      } finally {
        leave()
      }
      page = await readPage(stream, after, limit)
    }
    return page
  }

  return {
    read: ({ stream, after, limit, waitMs }) =>
      ResultAsync.fromPromise(
        waitMs > 0 ? readWaiting(stream, after, limit, waitMs) : readPage(stream, after, limit),
        storeUnavailable,
      ),
    trim: ({ stream, before }) =>
      runStatement<{ dropped: number }>(pool, sql.trim, [...cursorValues(before), ...filterValues(stream)]).map(
        (rows) => rows[0]?.dropped ?? 0,
      ),
  }
}
