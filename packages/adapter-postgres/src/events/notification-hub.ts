import { checkOut, type Checkout } from '../pool-checkout.js'
import type { PostgresNotification, PostgresPool, PostgresPoolClient } from '../postgres-pool.js'

const LINGER_MS = 200

/** The channel the outbox triggers NOTIFY, with the schema as payload (migration 0008). */
export const EVENTS_CHANNEL = 'boxoffice_events'

/**
 * Wake-ups for readers waiting on one schema's outbox. All waiting readers of
 * a store share ONE connection, checked out of the pool while at least one
 * reader waits and LISTENing on the channel; when the last waiter leaves
 * (woken or timed out) it UNLISTENs and goes back to the pool. So a thousand
 * waiting readers cost one connection, and none is held when nobody waits.
 */
export class NotificationHub {
  readonly #pool: PostgresPool
  readonly #schema: string
  readonly #waiters = new Set<() => void>()
  #listening: Promise<Checkout> | undefined
  #linger: ReturnType<typeof setTimeout> | undefined

  constructor(pool: PostgresPool, schema: string) {
    this.#pool = pool
    this.#schema = schema
  }

  /**
   * Registers a waiter and resolves once the connection LISTENs, so a reader
   * may read again after it and miss no NOTIFY. `wake` is called once, at
   * the next notification of this schema or when the connection is lost.
   * The returned function unregisters it.
   */
  async subscribe(wake: () => void): Promise<() => void> {
    this.#waiters.add(wake)
    clearTimeout(this.#linger)
    const leave = (): void => {
      this.#waiters.delete(wake)
      if (this.#waiters.size === 0) this.#stopSoon()
    }
    try {
      await (this.#listening ??= this.#listen())
    } catch (cause) {
      leave()
      throw cause
    }
    return leave
  }

  async #listen(): Promise<Checkout> {
    const checkout = await checkOut(this.#pool)
    const client = checkout.client as PostgresPoolClient
    const onNotification = (message: PostgresNotification): void => {
      if (message.channel === EVENTS_CHANNEL && message.payload === this.#schema) this.#wakeAll()
    }
    // A lost connection wakes every waiter: they read again (and learn the store is down, or
    // find what came), and the next waiter listens on a new connection.
    const onError = (): void => {
      if (listening !== undefined && this.#listening === listening) {
        this.#listening = undefined
        void listening.then((lost) => lost.release(true))
      }
      this.#wakeAll()
    }
    const listening = this.#listening
    client.on('notification', onNotification)
    client.on('error', onError)
    try {
      await client.query({ text: `LISTEN ${EVENTS_CHANNEL}` })
    } catch (cause) {
      client.off('notification', onNotification)
      client.off('error', onError)
      checkout.release(true)
      this.#listening = undefined
      throw cause
    }
    return {
      client,
      lost: () => checkout.lost(),
      release: (destroy) => {
        checkout.release(destroy)
        client.off('notification', onNotification)
        client.off('error', onError)
      },
    }
  }

  #wakeAll(): void {
    const waiters = [...this.#waiters]
    this.#waiters.clear()
    for (const wake of waiters) wake()
    this.#stopSoon()
  }

  /** Keeps listening a moment after the last waiter left: woken readers usually wait again at once. */
  #stopSoon(): void {
    clearTimeout(this.#linger)
    this.#linger = setTimeout(() => {
      if (this.#waiters.size === 0) this.#stop()
    }, LINGER_MS)
    this.#linger.unref?.()
  }

  /** Nobody waits: UNLISTEN and give the connection back (destroyed if it was lost). */
  #stop(): void {
    const listening = this.#listening
    if (listening === undefined) return
    this.#listening = undefined
    void listening.then(
      async (checkout) => {
        if (checkout.lost() !== undefined) return checkout.release(true)
        try {
          await checkout.client.query({ text: `UNLISTEN ${EVENTS_CHANNEL}` })
          checkout.release()
        } catch {
          checkout.release(true)
        }
      },
      () => undefined,
    )
  }
}
