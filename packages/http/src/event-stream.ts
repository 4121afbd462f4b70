/*
 * Server-Sent Events for `GET /events`, framework-neutral: the route decides
 * what a viewer follows (an {@link EventFeed}); the servers hand the feed and
 * Node's own response to {@link EventStreams.serve}, which writes the stream.
 */
import type { ServerResponse } from 'node:http'
import type { BoxOffice, BoxOfficeEvent } from '@boxoffice/core'
import { toErrorReply } from './error-reply.js'
import type { EventView } from './event-view.js'

/** What one `GET /events` stream follows, as the route decided it. */
export interface EventFeed {
  /** The `box.events.read` stream the loop reads (`booking:schedule:s1`, `booking`...). */
  readonly stream: string
  /** Where to resume: the last event id the client saw (`Last-Event-ID`), or undefined for the start. */
  readonly after: string | undefined
  /** What the viewer sees of an event, or undefined to skip it (see `viewEvent`). */
  view(event: BoxOfficeEvent): EventView | undefined
}

/** Why a stream ended. */
export type EventStreamEnd =
  /** The client went away. */
  | 'client'
  /** The client did not read fast enough: more than `maxBufferedBytes` waited unsent, or nothing drained for `maxStallMs`. */
  | 'slow'
  /** The server is closing (`close()`, the abort signal, Fastify's `close()`). */
  | 'server'
  /** A read from the store failed; an `error` event told the client, which may resume. */
  | 'error'

/** How the servers run event streams; every field has a default. */
export interface EventStreamOptions {
  /** A comment line (`: heartbeat`) is written this often, so proxies and clients see the stream alive. Default 15000. */
  readonly heartbeatMs?: number
  /**
   * The most bytes one client may leave unsent (in Node's buffer, past what
   * the socket took). A client that falls further behind is dropped and its
   * buffer released; it may reconnect with `Last-Event-ID`. Default 1 MiB.
   */
  readonly maxBufferedBytes?: number
  /**
   * The stream stops reading while the client's socket has not taken what was
   * written (so catching up on a long history goes at the client's pace); a
   * client whose socket takes nothing for this long is dropped. Default 30000.
   */
  readonly maxStallMs?: number
  /** How long one `box.events.read` waits for the next event (long poll; no busy polling). Default 10000. */
  readonly waitMs?: number
  /** Events read per page. Default 100. */
  readonly pageSize?: number
  /** The reconnection delay the stream asks clients for (`retry:`). Default 2000. */
  readonly retryMs?: number
  /** Aborting it ends every open stream: pass the signal your shutdown aborts. */
  readonly signal?: AbortSignal
  /** Called once per stream when it ends, with why and how many bytes were left unsent. */
  readonly onEnd?: (end: { readonly reason: EventStreamEnd; readonly bufferedBytes: number }) => void
}

/** The defaults of {@link EventStreamOptions}. */
export const EVENT_STREAM_DEFAULTS = {
  heartbeatMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
  maxStallMs: 30_000,
  waitMs: 10_000,
  pageSize: 100,
  retryMs: 2_000,
} as const

/** The open event streams of one server: serves new ones and ends them all on close. */
export interface EventStreams {
  /**
   * Streams `feed` to the client on `response` until the client leaves, falls
   * too far behind, a read fails, or the server closes. Writes the status and
   * headers itself: call it on a response nothing was written to. Resolves
   * when the stream has ended.
   */
  serve(feed: EventFeed, response: ServerResponse): Promise<EventStreamEnd>
  /** How many streams are open. */
  readonly size: number
  /** Ends every open stream (reason `server`); later requests are ended at once. */
  close(): void
}

/** `id:` and `data:` lines of one event (JSON has no newline, so one `data:` line). */
const message = (view: EventView): string => `id: ${view.id}\ndata: ${JSON.stringify(view)}\n\n`

/**
 * The open streams of one server, over one facade.
 *
 * @example
 * ```ts
 * const streams = createEventStreams(box, { heartbeatMs: 15_000, maxBufferedBytes: 1 << 20 })
 * // in a handler, once the route answered a feed:
 * await streams.serve(answer.stream, rawNodeResponse)
 * // at shutdown:
 * streams.close()
 * ```
 */
export function createEventStreams(box: BoxOffice, options: EventStreamOptions = {}): EventStreams {
  const settings = { ...EVENT_STREAM_DEFAULTS, ...withoutUndefined(options) }
  const open = new Set<(reason: EventStreamEnd) => void>()
  let closed = options.signal?.aborted === true
  const close = (): void => {
    closed = true
    for (const end of [...open]) end('server')
  }
  options.signal?.addEventListener('abort', close, { once: true })

  const serve = (feed: EventFeed, response: ServerResponse): Promise<EventStreamEnd> =>
    new Promise((resolve) => {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      })
      let ended = false
      const end = (reason: EventStreamEnd): void => {
        if (ended) return
        ended = true
        open.delete(end)
        clearInterval(heartbeat)
        response.off('close', onClose)
        const bufferedBytes = response.writableLength
        // A slow client's unsent bytes are thrown away with its socket; a finished stream ends politely.
        if (reason === 'slow') response.destroy()
        else if (!response.destroyed) response.end()
        options.onEnd?.({ reason, bufferedBytes })
        resolve(reason)
      }
      const onClose = (): void => end('client')
      /** Writes and answers false when the stream ended (the client is gone or too slow). */
      const write = (text: string): boolean => {
        if (ended) return false
        response.write(text)
        if (response.writableLength > settings.maxBufferedBytes) end('slow')
        return !ended
      }
      response.on('close', onClose)
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), settings.heartbeatMs)
      open.add(end)
      write(`retry: ${settings.retryMs}\n\n`)
      if (closed) {
        end('server')
        return
      }
      /** Resolves true once the socket took what waits, false when the stream ended meanwhile. */
      const drained = (): Promise<boolean> =>
        new Promise((done) => {
          const stall = setTimeout(() => end('slow'), settings.maxStallMs)
          const settle = (): void => {
            clearTimeout(stall)
            response.off('drain', settle)
            response.off('close', settle)
            response.off('finish', settle)
            done(!ended)
          }
          response.on('drain', settle)
          response.on('close', settle)
          // end() may come from elsewhere (the server closing): it destroys or ends the response.
          response.on('finish', settle)
        })
      void follow(
        feed,
        () => ended,
        write,
        end,
        async () => !response.writableNeedDrain || (await drained()),
      )
    })

  const follow = async (
    feed: EventFeed,
    isEnded: () => boolean,
    write: (text: string) => boolean,
    end: (reason: EventStreamEnd) => void,
    drained: () => Promise<boolean>,
  ): Promise<void> => {
    let after = feed.after
    while (!isEnded()) {
      const read = await box.events
        .read({
          stream: feed.stream,
          ...(after === undefined ? {} : { after }),
          limit: settings.pageSize,
          waitMs: settings.waitMs,
        })
        .match(
          (value) => ({ ok: true as const, value }),
          (error) => ({ ok: false as const, error }),
        )
      if (isEnded()) return
      if (!read.ok) {
        const { body } = toErrorReply(read.error)
        write(`event: error\ndata: ${JSON.stringify(body)}\n\n`)
        end('error')
        return
      }
      const page = read
      let text = ''
      let sent = after
      for (const event of page.value.events) {
        const view = feed.view(event)
        if (view === undefined) continue
        text += message(view)
        sent = event.id
      }
      const cursor = page.value.cursor ?? after
      // Events this viewer may not see still move its cursor: a bare `id:` line sets a client's
      // Last-Event-ID without a message, so a resume does not read them again.
      if (cursor !== undefined && cursor !== sent) text += `id: ${cursor}\n\n`
      if (text !== '' && !write(text)) return
      after = cursor
      if (!(await drained())) return
    }
  }

  return {
    serve,
    get size() {
      return open.size
    },
    close,
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>
}
