import { type LineSettings, type QueueToken } from '@boxoffice/core'
import { type AdmitReport, type QueuePosition } from '@boxoffice/core/adapter'

/*
 * Scripts answer flat arrays: a code first, then fields. A reply of an
 * unexpected shape can only come from a bug or from something else writing
 * under the key prefix, so decoding throws instead of guessing.
 */

function malformed(what: string, reply: unknown): never {
  throw new TypeError(`@boxoffice/adapter-redis: malformed ${what} reply ${JSON.stringify(reply)}`)
}

function asArray(reply: unknown, what: string): readonly unknown[] {
  return Array.isArray(reply) ? reply : malformed(what, reply)
}

/** The script's answer code: 'OK', or why the token cannot be served. */
export function replyCode(reply: unknown): string {
  const code = asArray(reply, 'script')[0]
  return typeof code === 'string' ? code : malformed('script', reply)
}

function integerAt(fields: readonly unknown[], at: number, what: string): number {
  const value = fields[at]
  return typeof value === 'number' && Number.isInteger(value) ? value : malformed(what, fields)
}

function stringAt(fields: readonly unknown[], at: number, what: string): string {
  const value = fields[at]
  return typeof value === 'string' ? value : malformed(what, fields)
}

function integerOf(text: string | undefined, what: string, reply: unknown): number {
  const value = Number(text)
  return text !== undefined && text !== '' && Number.isSafeInteger(value) ? value : malformed(what, reply)
}

/**
 * A token record as the scripts keep it: `W|user|seq|enteredAt` while
 * WAITING (its lastSeenAt is `seenAt`: every script that answers a WAITING
 * token has just refreshed its heartbeat to `now`), or
 * `A|user|seq|enteredAt|lastSeenAt|activatedAt|expiresAt` once ACTIVE.
 */
export function decodeRecord(record: unknown, token: string, concertId: string, seenAt: Date): QueueToken {
  if (typeof record !== 'string') return malformed('token', record)
  const f = record.split('|')
  const userId = f[1]
  if (userId === undefined || userId === '') return malformed('token', record)
  if ((f[0] === 'W' || f[0] === 'P') && f.length === 4) {
    return {
      token,
      userId,
      concertId,
      status: f[0] === 'W' ? 'WAITING' : 'PRE_QUEUED',
      seq: integerOf(f[2], 'token', record),
      enteredAt: new Date(integerOf(f[3], 'token', record)),
      lastSeenAt: seenAt,
      activatedAt: null,
      expiresAt: null,
    }
  }
  if (f[0] === 'A' && f.length === 7) {
    return {
      token,
      userId,
      concertId,
      status: 'ACTIVE',
      seq: integerOf(f[2], 'token', record),
      enteredAt: new Date(integerOf(f[3], 'token', record)),
      lastSeenAt: new Date(integerOf(f[4], 'token', record)),
      activatedAt: new Date(integerOf(f[5], 'token', record)),
      expiresAt: new Date(integerOf(f[6], 'token', record)),
    }
  }
  return malformed('token', record)
}

/** `{ 'OK', record }`: a live ACTIVE token. */
export function decodeToken(reply: unknown, token: string, concertId: string): QueueToken {
  const record = asArray(reply, 'token')[1]
  const decoded = decodeRecord(record, token, concertId, new Date(0))
  return decoded.status === 'ACTIVE' ? decoded : malformed('token', reply)
}

/** The admission window as `admit` stores it: `admitted|since`, or nil before the first tick. */
function decodeWindow(window: unknown, reply: unknown): QueuePosition['admissions'] {
  if (window === null) return { admitted: 0, since: null }
  if (typeof window !== 'string') return malformed('position', reply)
  const bar = window.indexOf('|')
  if (bar < 0) return malformed('position', reply)
  return {
    admitted: integerOf(window.slice(0, bar), 'position', reply),
    since: new Date(integerOf(window.slice(bar + 1), 'position', reply)),
  }
}

const instantOrNull = (text: unknown, reply: unknown): Date | null =>
  text === null || text === undefined ? null : new Date(integerOf(String(text), 'sale', reply))
const countOrNull = (text: unknown, reply: unknown): number | null =>
  text === null || text === undefined ? null : integerOf(String(text), 'sale', reply)

/** The sale hash as SALE_LUA reads it: `open, close, opened, paused, max_active, per_tick`, each a string or nil. */
export function decodeSale(sale: unknown, concertId: string): LineSettings {
  const f = asArray(sale, 'sale')
  return {
    concertId,
    salesOpenAt: instantOrNull(f[0], sale),
    salesCloseAt: instantOrNull(f[1], sale),
    opened: f[2] === '1',
    paused: f[3] === '1',
    maxActive: countOrNull(f[4], sale),
    admitPerTick: countOrNull(f[5], sale),
  }
}

/** `{ 'OK', record, rank (-1: none), window or nil, sale, ... }` for the token `token`, answered at `now`. */
export function decodePosition(reply: unknown, token: string, concertId: string, now: Date): QueuePosition {
  const fields = asArray(reply, 'position')
  const rank = integerAt(fields, 2, 'position')
  return {
    token: decodeRecord(fields[1], token, concertId, now),
    rank: rank === -1 ? null : rank,
    admissions: decodeWindow(fields[3], reply),
    line: decodeSale(fields[4], concertId),
  }
}

/** What enter adds to a position: the token's local id and whether the concert must be added to the registry. */
export interface EnterOutcome {
  readonly localId: string
  readonly list: boolean
}

/** `{ 'OK', record, rank, window, sale, localId, list }`. */
export function decodeEnter(reply: unknown): EnterOutcome {
  const fields = asArray(reply, 'enter')
  return { localId: stringAt(fields, 5, 'enter'), list: integerAt(fields, 6, 'enter') === 1 }
}

/** What a tick did, and how many tokens the concert has left. */
export interface AdmitOutcome {
  readonly report: AdmitReport
  readonly remaining: number
}

/** `{ 'OK', admitted, expired, dropped, active, waiting, remaining }`. */
export function decodeAdmit(reply: unknown, concertId: string): AdmitOutcome {
  const fields = asArray(reply, 'admit')
  if (replyCode(fields) !== 'OK') return malformed('admit', reply)
  return {
    report: {
      concertId,
      admitted: integerAt(fields, 1, 'admit'),
      expired: integerAt(fields, 2, 'admit'),
      dropped: integerAt(fields, 3, 'admit'),
      active: integerAt(fields, 4, 'admit'),
      waiting: integerAt(fields, 5, 'admit'),
    },
    remaining: integerAt(fields, 6, 'admit'),
  }
}

/** `{ 'OK', remaining }` after a token was removed. */
export function decodeRemaining(reply: unknown): number {
  return integerAt(asArray(reply, 'remove'), 1, 'remove')
}
