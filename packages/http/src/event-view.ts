import type { BoxOfficeEvent } from '@boxoffice/core'

/** Which events a stream of `GET /events` follows: one schedule's seats, or every schedule of one concert. */
export type EventScope = { readonly scheduleId: string } | { readonly concertId: string }

/**
 * An event as `GET /events` sends it to one viewer. The viewer's own events
 * arrive whole (as `box.events.read` answers them). Anybody else's seat events
 * are public but redacted: no `userId`, no hold or payment id, no price or
 * amount; only which seats changed, and until when a hold keeps them.
 */
export interface EventView {
  readonly id: string
  readonly type: BoxOfficeEvent['type']
  readonly at: string
  readonly concertId?: string
  readonly scheduleId?: string
  readonly userId?: string | undefined
  readonly data: Readonly<Record<string, unknown>>
}

const inScope = (scope: EventScope, event: BoxOfficeEvent): boolean =>
  'scheduleId' in scope
    ? 'scheduleId' in event && event.scheduleId === scope.scheduleId
    : 'concertId' in event && event.concertId === scope.concertId

/** The public part of a seat event: the seats, and the expiry of a hold. */
function publicData(event: BoxOfficeEvent): Readonly<Record<string, unknown>> {
  switch (event.type) {
    case 'HoldPlaced':
    case 'HoldExtended':
      return { seatNos: event.data.seatNos, expiresAt: event.data.expiresAt }
    case 'HoldReleased':
    case 'HoldExpired':
    case 'PaymentSettled':
    case 'PaymentRefunded':
      return { seatNos: event.data.seatNos }
    default:
      return {}
  }
}

/**
 * What one viewer sees of one event of the booking stream, or undefined when
 * the event is not theirs to see:
 *
 * - seat events (holds, payments, refunds) and cancellations of the scope:
 *   everybody, redacted unless they are the viewer's own;
 * - the viewer's own wallet events (`WalletCharged`), whole; nobody else's;
 * - anything else: nothing.
 *
 * `viewer` is the caller `identify` named, or undefined for an anonymous
 * viewer, who sees the public events only.
 *
 * @example
 * ```ts
 * const view = viewEvent(event, { scheduleId: 's1' }, 'ada')
 * if (view !== undefined) send(view)
 * ```
 */
export function viewEvent(event: BoxOfficeEvent, scope: EventScope, viewer: string | undefined): EventView | undefined {
  const own = viewer !== undefined && 'userId' in event && event.userId === viewer
  if (event.type === 'WalletCharged') return own ? whole(event) : undefined
  if (!inScope(scope, event)) return undefined
  if (own) return whole(event)
  return {
    id: event.id,
    type: event.type,
    at: event.at.toISOString(),
    concertId: event.concertId,
    ...('scheduleId' in event ? { scheduleId: event.scheduleId } : {}),
    data: publicData(event),
  }
}

const whole = (event: BoxOfficeEvent): EventView => ({ ...event, at: event.at.toISOString() })
