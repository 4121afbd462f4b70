import type pg from 'pg'
import type { RawPool, RawQueryable } from './raw-postgres-booking.js'

type RecordedClient = RawQueryable & {
  release(destroy?: boolean | Error): void
  on(event: 'error', listener: (error: Error) => void): unknown
  off(event: 'error', listener: (error: Error) => void): unknown
}

/** A pool that notes the text of every statement sent through it (set-up and checks only, never measured). */
export interface RecordingPool {
  /** Both forms of `connect`: the raw baseline awaits it, the adapter passes a callback. */
  readonly pool: RawPool & {
    connect(): Promise<RecordedClient>
    connect(callback: (error: Error | undefined, client: RecordedClient | undefined) => void): void
  }
  /** Statements since the last `take`, whitespace collapsed. */
  take(): string[]
}

type QueryConfig = { name?: string; text: string; values?: unknown[] }

export function recordingPool(pool: pg.Pool): RecordingPool {
  let texts: string[] = []
  const note = (config: QueryConfig): void => {
    texts.push(config.text.replace(/\s+/g, ' ').trim())
  }
  const recorded = (client: pg.PoolClient): RecordedClient => ({
    query: (config: QueryConfig) => {
      note(config)
      return client.query(config)
    },
    release: (destroy?: boolean | Error) => client.release(destroy),
    on: (event: 'error', listener: (error: Error) => void) => client.on(event, listener),
    off: (event: 'error', listener: (error: Error) => void) => client.off(event, listener),
  })
  function connect(): Promise<RecordedClient>
  function connect(callback: (error: Error | undefined, client: RecordedClient | undefined) => void): void
  function connect(
    callback?: (error: Error | undefined, client: RecordedClient | undefined) => void,
  ): Promise<RecordedClient> | void {
    if (callback === undefined) return pool.connect().then(recorded)
    pool.connect((error, client) => callback(error, client === undefined ? undefined : recorded(client)))
  }
  return {
    pool: {
      query: (config: QueryConfig) => {
        note(config)
        return pool.query(config)
      },
      connect,
    },
    take: () => {
      const taken = texts
      texts = []
      return taken
    },
  }
}

/** Where two statement sequences first differ, or undefined when they are the same. */
export function firstDifference(library: readonly string[], raw: readonly string[]): string | undefined {
  const length = Math.max(library.length, raw.length)
  for (let index = 0; index < length; index++) {
    if (library[index] !== raw[index]) {
      const cut = (text: string | undefined): string => (text === undefined ? '(none)' : text.slice(0, 90))
      return `statement ${index + 1}: adapter sent "${cut(library[index])}", raw sent "${cut(raw[index])}"`
    }
  }
  return undefined
}
