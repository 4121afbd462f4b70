import { composeToken, type AdmitReport, type QueuePosition, type QueueToken } from '@boxoffice/core'

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

const instantOrNull = (ms: number): Date | null => (ms === -1 ? null : new Date(ms))

/** `{ 'OK', localId, status, user, seq, entered, seen, activated, expires }`. */
export function decodeToken(reply: unknown, concertId: string): QueueToken {
  const fields = asArray(reply, 'token')
  const status = stringAt(fields, 2, 'token')
  if (status !== 'W' && status !== 'A') return malformed('token', reply)
  return {
    token: composeToken(concertId, stringAt(fields, 1, 'token')),
    userId: stringAt(fields, 3, 'token'),
    concertId,
    status: status === 'W' ? 'WAITING' : 'ACTIVE',
    seq: integerAt(fields, 4, 'token'),
    enteredAt: new Date(integerAt(fields, 5, 'token')),
    lastSeenAt: new Date(integerAt(fields, 6, 'token')),
    activatedAt: instantOrNull(integerAt(fields, 7, 'token')),
    expiresAt: instantOrNull(integerAt(fields, 8, 'token')),
  }
}

/** A token reply followed by `rank, admitted, since` (-1 for none). */
export function decodePosition(reply: unknown, concertId: string): QueuePosition {
  const fields = asArray(reply, 'position')
  const rank = integerAt(fields, 9, 'position')
  return {
    token: decodeToken(fields, concertId),
    rank: rank === -1 ? null : rank,
    admissions: {
      admitted: integerAt(fields, 10, 'position'),
      since: instantOrNull(integerAt(fields, 11, 'position')),
    },
  }
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
