import type { BoxOffice, BoxOfficeEvent } from '@boxoffice/core'
import { expect } from 'vitest'
import { readAll } from '../behaviour/booking-events.js'
import { keep, unexpected } from '../outcome.js'

/**
 * What a booking event is about: `HoldPlaced:<holdId>`, `PaymentSettled:<holdId>`,
 * `PaymentRefunded:<holdId>`, `ScheduleCancelled:<scheduleId>`, `WalletCharged:<entryId>`.
 */
export function eventSubject(event: BoxOfficeEvent): string {
  switch (event.type) {
    case 'WalletCharged':
      return `${event.type}:${event.data.entryId}`
    case 'HoldPlaced':
    case 'HoldExtended':
    case 'HoldReleased':
    case 'HoldExpired':
    case 'PaymentSettled':
    case 'PaymentRefunded':
      return `${event.type}:${event.data.holdId}`
    case 'ScheduleCancelled':
      return `${event.type}:${event.scheduleId}`
    default:
      return `${event.type}:${event.userId}`
  }
}

/**
 * Invariant 13 against the state: the booking stream holds exactly the
 * events the state implies (one HoldPlaced per hold, one PaymentSettled per
 * payment, one WalletCharged per CHARGE entry...), each once, cursors
 * strictly increasing. `expected` lists the subjects, in any order.
 */
export async function expectEventsAgree(box: BoxOffice, expected: readonly string[], context: string): Promise<void> {
  const events = await readAll(box, 'booking')
  const ids = events.map((event) => event.id)
  expect(new Set(ids).size, `${context}: an event id repeats`).toBe(ids.length)
  expect([...ids].sort(), `${context}: cursors out of order`).toEqual(ids)
  expect(events.map(eventSubject).sort(), `${context}: events and state disagree`).toEqual([...expected].sort())
}

/** The WalletCharged subjects a user's CHARGE entries imply. */
export async function chargeSubjects(box: BoxOffice, userId: string): Promise<string[]> {
  const history = await box.wallet.history({ userId, limit: 1_000 }).match(keep, unexpected)
  return history.filter((entry) => entry.kind === 'CHARGE').map((entry) => `WalletCharged:${entry.entryId}`)
}
