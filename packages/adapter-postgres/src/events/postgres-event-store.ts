import { storeUnavailable, type EventPage, type EventStream } from '@boxoffice/core'
import type { EventStore } from '@boxoffice/core/adapter'
import { ResultAsync } from 'neverthrow'
import { runStatement } from '../atomic.js'
import type { PostgresPool } from '../postgres-pool.js'
import { execute, statement } from '../statement.js'
import { cursorValues, EVENT_COLUMNS, filterValues, toEvent, type EventRow } from './event-rows.js'
import { NotificationHub } from './notification-hub.js'

function eventStatements(s: string) {
  // Rows of ended transactions only (xid below the snapshot's xmin), after the
  // cursor, in (xid, seq) order: a transaction still running holds back every
  // row from its xid on, so no later read answers a row before this one's last.
  // $1 xid, $2 seq after, $3 concert, $4 schedule, $5 user (null: any), $6 limit.
  const visible = `(xid, seq) > ($1::text::xid8, $2::bigint)
       AND xid < pg_snapshot_xmin(pg_current_snapshot())
       AND ($3::text IS NULL OR concert_id = $3)
       AND ($4::text IS NULL OR schedule_id = $4)
       AND ($5::text IS NULL OR user_id = $5)`
  return {
    read: statement(`SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE ${visible} ORDER BY xid, seq LIMIT $6`),
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

/** When a NOTIFY came but nothing is visible yet (an older transaction still runs), look again this soon. */
const HELD_BACK_RETRY_MS = 20

/**
 * The booking outbox (migration 0008) as an {@link EventStore}. Events are
 * written by triggers in the transaction of each change; this reads them in
 * cursor order and waits with LISTEN on one shared connection.
 */
export function createPostgresEventStore(pool: PostgresPool, schema: string, quotedSchema: string): EventStore {
  const sql = eventStatements(quotedSchema)
  const hub = new NotificationHub(pool, schema)

  const readPage = async (stream: EventStream, after: string | null, limit: number): Promise<EventPage> => {
    const rows = await execute<EventRow>(pool, sql.read, [...cursorValues(after), ...filterValues(stream), limit])
    const events = rows.map(toEvent)
    return { events, cursor: events.at(-1)?.id ?? after }
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
      if (page.events.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(HELD_BACK_RETRY_MS, deadline - Date.now())))
      }
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
