import type { PostgresPool, PostgresPoolClient, PostgresQueryable } from './postgres-pool.js'

/** A connection borrowed for one transaction, watched for its death from the moment the pool hands it over. */
export interface Checkout {
  readonly client: PostgresQueryable
  /** The error the connection reported while borrowed (terminated, reset), if it did. */
  lost(): Error | undefined
  /**
   * Back to the pool, or destroyed when the connection was lost or `destroy`
   * is set. Call it exactly once.
   */
  release(destroy?: boolean): void
}

/**
 * The one way the stores borrow a connection. A client the server drops emits
 * `error`, and an `error` with no listener crashes the process. pg-pool takes
 * its own idle listener off a client when it hands it out, and the server's
 * "terminating connection" message can be parsed in the same tick, from the
 * same socket read that freed the client: a listener attached after
 * `await pool.connect()` comes too late. So the client is taken in the
 * pool's callback, and the listener attached there, synchronously, before
 * anything else can run; it stays until the pool's own listener is back.
 *
 * (Single statements go through `pool.query`, where pg-pool attaches its
 * listener in that same hand-over.)
 */
export function checkOut(pool: PostgresPool): Promise<Checkout> {
  return new Promise((resolve, reject) => {
    pool.connect((error, client) => {
      if (error || client === undefined) {
        reject(error ?? new Error('the pool handed out no client'))
        return
      }
      resolve(watch(client))
    })
  })
}

function watch(client: PostgresPoolClient): Checkout {
  let lost: Error | undefined
  const onError = (error: Error): void => {
    lost ??= error
  }
  client.on('error', onError)
  let released = false
  return {
    client,
    lost: () => lost,
    release: (destroy = false) => {
      if (released) throw new Error('a checked-out client was released twice')
      released = true
      // Released first: pg-pool puts its own listener back in release, so the
      // client is never without one, even for an error emitted right after.
      client.release(lost ?? destroy)
      client.off('error', onError)
    },
  }
}
