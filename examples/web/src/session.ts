import type { HeldSeats, Receipt } from './api'

/*
 * What the page remembers, per browser tab (sessionStorage: two tabs can be two demo users) and per
 * user (switching identity and back finds your place in line again). Queue tokens, the current hold
 * and receipts live here because the API has no "my tokens / my holds / my payments" reads.
 */

const memory = new Map<string, string>()

function read<T>(key: string): T | undefined {
  let text: string | null | undefined
  try {
    text = sessionStorage.getItem(key)
  } catch {
    text = memory.get(key)
  }
  if (text === null || text === undefined) return undefined
  try {
    return JSON.parse(text) as T
  } catch {
    return undefined
  }
}

function write(key: string, value: unknown): void {
  const text = JSON.stringify(value)
  try {
    if (value === undefined) sessionStorage.removeItem(key)
    else sessionStorage.setItem(key, text)
  } catch {
    // Storage refused (private mode, quota): remember for this page's life only.
    if (value === undefined) memory.delete(key)
    else memory.set(key, text)
  }
}

/** What the API accepts as a user id. */
export const USER_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/

const randomHex = (bytes: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('')

/** A fresh idempotency key. Not `crypto.randomUUID`: that one exists only on https or localhost. */
export const newIdempotencyKey = (): string => randomHex(16)

const randomGuest = (): string => `guest-${randomHex(2)}`

export function currentUser(): string {
  const stored = read<string>('boxoffice:user')
  if (stored !== undefined && USER_ID_PATTERN.test(stored)) return stored
  const guest = randomGuest()
  write('boxoffice:user', guest)
  return guest
}

export const setCurrentUser = (userId: string): void => write('boxoffice:user', userId)

const mine = (userId: string, what: string): string => `boxoffice:${userId}:${what}`

export const queueToken = (userId: string, concertId: string): string | undefined =>
  read(mine(userId, `token:${concertId}`))
export const setQueueToken = (userId: string, concertId: string, token: string | undefined): void =>
  write(mine(userId, `token:${concertId}`), token)

export const currentHold = (userId: string): HeldSeats | undefined => read(mine(userId, 'hold'))
export const setCurrentHold = (userId: string, hold: HeldSeats | undefined): void => write(mine(userId, 'hold'), hold)

/** One key per payment intent: a retried or refused-then-funded payment sends the same key. */
export function paymentKey(userId: string, holdId: string): string {
  const key = read<string>(mine(userId, `pay:${holdId}`))
  if (key !== undefined) return key
  const fresh = newIdempotencyKey()
  write(mine(userId, `pay:${holdId}`), fresh)
  return fresh
}

export const receipts = (userId: string): readonly Receipt[] => read(mine(userId, 'receipts')) ?? []
export const addReceipt = (userId: string, receipt: Receipt): void =>
  write(mine(userId, 'receipts'), [receipt, ...receipts(userId).filter((r) => r.paymentId !== receipt.paymentId)])

/** Names seen on earlier pages (concert titles, date start times), for the pages that only have ids. */
export const rememberedName = (id: string): string | undefined => read(`boxoffice:name:${id}`)
export const rememberName = (id: string, name: string): void => write(`boxoffice:name:${id}`, name)
