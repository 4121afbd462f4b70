import { useEffect, useState } from 'preact/hooks'
import type { HeldSeats } from '../api'
import type { Failure } from '../api-types'
import { useApp } from '../app-context'
import { formatPoints } from '../format'
import { href } from '../router'
import { Countdown, ErrorNotice, useRemaining } from '../widgets'

export interface HoldPanelProps {
  readonly hold: HeldSeats
  readonly onReleased: () => void
  readonly onExpired: () => void
}

/** The visitor's hold: what it is, how long it lasts, and the way to checkout or to give it back. */
export function HoldPanel({ hold, onReleased, onExpired }: HoldPanelProps) {
  const { api } = useApp()
  const [failure, setFailure] = useState<Failure | undefined>(undefined)
  const remaining = useRemaining(hold.deadline)
  useEffect(() => {
    if (remaining === 0) onExpired()
  }, [remaining === 0])

  const release = async (): Promise<void> => {
    const released = await api.releaseHold(hold.holdId)
    // Already expired or released: either way it is no longer held.
    if (released.ok || released.error.type === 'HoldNotActive' || released.error.type === 'HoldNotFound') {
      onReleased()
    } else {
      setFailure(released.error)
    }
  }

  return (
    <div class="card hold" data-hold={hold.holdId}>
      <h2>
        You hold {hold.seatNos.length === 1 ? 'seat' : 'seats'} {hold.seatNos.join(', ')}
      </h2>
      <p>{formatPoints(hold.price)}</p>
      <Countdown deadline={hold.deadline} label="Held for" />
      {failure !== undefined && <ErrorNotice failure={failure} />}
      <div class="actions">
        <a class="button primary" href={href({ page: 'checkout' })}>
          Pay now
        </a>
        <button type="button" onClick={() => void release()}>
          Release
        </button>
      </div>
    </div>
  )
}
