import type { BoxOffice } from '@boxoffice/core'
import { expect } from 'vitest'
import { describeValue, keep, unexpected } from '../outcome.js'
import { eventSubject } from '../invariants/event-agreement.js'
import { MODEL_USERS, type ModelAction } from './model-actions.js'
import type { ReferenceModel } from './reference-model.js'

/** What of the model's state the booking events speak of. */
export interface EventFacts {
  readonly holds: ReadonlyMap<string, { readonly status: string; readonly extended: boolean }>
  readonly charges: ReadonlySet<string>
  readonly cancelled: ReadonlySet<string>
}

export function eventFacts(model: ReferenceModel): EventFacts {
  const holds = new Map(
    model.booking.holds.map((hold) => [hold.holdId, { status: hold.status, extended: hold.extended }]),
  )
  const charges = new Set<string>()
  for (const userId of MODEL_USERS) {
    for (const entry of model.wallet.history(userId, Number.MAX_SAFE_INTEGER)) {
      if (entry.kind === 'CHARGE') charges.add(entry.entryId)
    }
  }
  return { holds, charges, cancelled: new Set(model.booking.cancelledSchedules()) }
}

/** The events the model's change from `before` to `after` implies: one per change that took effect. */
export function impliedEvents(before: EventFacts, after: EventFacts): string[] {
  const implied: string[] = []
  for (const [holdId, now] of after.holds) {
    const was = before.holds.get(holdId)
    if (was === undefined) implied.push(`HoldPlaced:${holdId}`)
    if (now.extended && was?.extended === false) implied.push(`HoldExtended:${holdId}`)
    if (was?.status === now.status) continue
    if (now.status === 'RELEASED') implied.push(`HoldReleased:${holdId}`)
    if (now.status === 'EXPIRED') implied.push(`HoldExpired:${holdId}`)
    if (now.status === 'CONFIRMED') implied.push(`PaymentSettled:${holdId}`)
    if (now.status === 'REFUNDED') implied.push(`PaymentRefunded:${holdId}`)
  }
  for (const scheduleId of after.cancelled) {
    if (!before.cancelled.has(scheduleId)) implied.push(`ScheduleCancelled:${scheduleId}`)
  }
  for (const entryId of after.charges) if (!before.charges.has(entryId)) implied.push(`WalletCharged:${entryId}`)
  return implied
}

/**
 * Follows the booking stream through a model run: after each step, the
 * events that appeared are exactly those the model's change implies.
 */
export class EventFollower {
  #after: string | undefined

  async expectStep(box: BoxOffice, action: ModelAction, implied: readonly string[]): Promise<void> {
    const page = await box.events.read({ stream: 'booking', after: this.#after, limit: 1_000 }).match(keep, unexpected)
    this.#after = page.cursor ?? undefined
    expect(
      page.events.map(eventSubject).sort(),
      `${describeValue(action)}: invariant 13, the events disagree with the change`,
    ).toEqual([...implied].sort())
  }
}
