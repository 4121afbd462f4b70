import type { Failure } from './api-types'

const points = new Intl.NumberFormat('en-US')

/** `80,000 points` */
export const formatPoints = (amount: number): string => `${points.format(amount)} points`

const dateTime = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
})

/** `Wed 9 Dec, 20:00`, in the visitor's time zone. */
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso))

/** `4:05` for a duration in milliseconds (never negative). */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** `about 20 seconds`, `about 3 minutes`, `any moment now` */
export function formatEta(seconds: number): string {
  if (seconds <= 1) return 'any moment now'
  if (seconds < 90) return `about ${seconds} seconds`
  return `about ${Math.round(seconds / 60)} minutes`
}

/** The sentence a visitor reads for a failed call: plainer words for the common cases, else the API's own message. */
export function describeFailure(failure: Failure): string {
  const seatNo = failure.details['seatNo']
  switch (failure.type) {
    case 'SeatUnavailable':
      return `Seat ${String(seatNo)} was just taken by someone else. Please pick another seat.`
    case 'TokenExpired':
    case 'TokenNotFound':
      return 'Your admission has ended (it expired, was used, or you left). Join the waiting room again.'
    case 'TokenNotActive':
      return 'You are still in the waiting room: wait for your turn.'
    case 'HoldExpired':
    case 'HoldNotActive':
      return 'This hold is no longer active (it expired or was released). Pick your seat again.'
    case 'StoreUnavailable':
    case 'StoreConflict':
      return 'The box office is busy right now. Please try again in a moment.'
    default:
      return failure.message.charAt(0).toUpperCase() + failure.message.slice(1)
  }
}

/** Failures that mean the queue token no longer opens anything: the visitor must queue again. */
export const admissionEnded = (failure: Failure): boolean =>
  failure.type === 'TokenExpired' || failure.type === 'TokenNotFound' || failure.type === 'TokenUserMismatch'
