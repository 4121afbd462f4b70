/*
 * The slice of `pg` the adapter uses, typed here so the package never imports
 * pg at runtime: any `pg.Pool` (or a compatible pool) satisfies it.
 */

/** One statement as pg takes it; a `name` makes it a prepared statement on each connection. */
export interface PostgresQueryConfig {
  readonly name?: string
  readonly text: string
  readonly values?: unknown[]
}

/** The part of a `pg` query result the stores read. */
export interface PostgresQueryResult {
  readonly rows: unknown[]
  readonly rowCount: number | null
}

/** Anything that runs a statement: the pool itself or a client checked out for a transaction. */
export interface PostgresQueryable {
  /** Runs one statement. */
  query(config: PostgresQueryConfig): Promise<PostgresQueryResult>
}

/** A connection checked out of the pool for one transaction. */
export interface PostgresPoolClient extends PostgresQueryable {
  /** Back to the pool; with an error (or `true`) the connection is destroyed instead. */
  release(destroy?: boolean | Error): void
  /** Listens for the connection failing while checked out. */
  on(event: 'error', listener: (error: Error) => void): unknown
  /** Listens for NOTIFY messages on channels the connection LISTENs to (event readers). */
  on(event: 'notification', listener: (message: PostgresNotification) => void): unknown
  /** Stops listening (before the connection goes back to the pool). */
  off(event: 'error', listener: (error: Error) => void): unknown
  /** Stops listening for NOTIFY messages. */
  off(event: 'notification', listener: (message: PostgresNotification) => void): unknown
}

/** A NOTIFY message as pg hands it to a listening client. */
export interface PostgresNotification {
  readonly channel: string
  readonly payload?: string | undefined
}

/** What `connect` calls with the borrowed client, or with the reason there is none. */
export type PostgresConnectCallback = (error: Error | undefined, client: PostgresPoolClient | undefined) => void

/**
 * What the stores need of a `pg.Pool`. The application owns the pool (its
 * size, its `error` listener, its `end()`); the stores only borrow connections.
 * `connect` is the callback form: it hands the client over synchronously, so
 * the store's `error` listener is on it before the next socket event can be
 * read (see `checkOut`).
 */
export interface PostgresPool extends PostgresQueryable {
  /** Checks a connection out, for a transaction; calls back synchronously from the pool's hand-over. */
  connect(callback: PostgresConnectCallback): void
}
