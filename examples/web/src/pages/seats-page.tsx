import { useRef, useState } from 'preact/hooks'
import { MAX_SEATS_PER_HOLD, type HeldSeats } from '../api'
import type { Failure, Seat } from '../api-types'
import { useApp } from '../app-context'
import { admissionEnded, formatPoints } from '../format'
import { href } from '../router'
import { currentHold, queueToken, rememberedName, setCurrentHold, setQueueToken } from '../session'
import { usePoll } from '../use-poll'
import { ErrorNotice, PageHeading } from '../widgets'
import { GateNotice } from './gate-notice'
import { HoldPanel } from './hold-panel'
import { SeatLegend, SeatMap } from './seat-map'

/** A seat taken in another browser shows here within one interval plus one round trip: well under a second. */
const SEAT_POLL_MS = 400

const seatList = (seatNos: readonly number[]): string =>
  `${seatNos.length === 1 ? 'seat' : 'seats'} ${seatNos.join(', ')}`

export function SeatsPage({ concertId, scheduleId }: { readonly concertId: string; readonly scheduleId: string }) {
  const { api, userId } = useApp()
  const token = queueToken(userId, concertId)
  const [seats, setSeats] = useState<readonly Seat[] | undefined>(undefined)
  const [selected, setSelectedState] = useState<readonly number[]>([])
  // The poll's answer is compared with the selection as it is now, not as it was when the poll started.
  const selectedNow = useRef(selected)
  const setSelected = (next: readonly number[]): void => {
    selectedNow.current = next
    setSelectedState(next)
  }
  const [hold, setHold] = useState<HeldSeats | undefined>(() => currentHold(userId))
  const [gate, setGate] = useState<Failure | undefined>(undefined)
  const [failure, setFailure] = useState<Failure | undefined>(undefined)
  const [said, setSaid] = useState('')
  const [taken, setTaken] = useState<readonly number[]>([])
  const [busy, setBusy] = useState(false)
  const [polls, setPolls] = useState({ count: 0, at: new Date() })

  const refresh = async (): Promise<void> => {
    if (token === undefined) return
    const listed = await api.listSeats(scheduleId, token)
    if (!listed.ok) {
      if (admissionEnded(listed.error) || listed.error.type === 'TokenNotActive') {
        if (admissionEnded(listed.error)) setQueueToken(userId, concertId, undefined)
        setGate(listed.error)
      }
      return
    }
    setSeats(listed.value)
    setPolls((before) => ({ count: before.count + 1, at: new Date() }))
    // A selected seat someone else just took leaves the selection, and the visitor is told.
    const chosen = selectedNow.current
    const lost = chosen.filter((seatNo) => listed.value.find((s) => s.seatNo === seatNo)?.status !== 'AVAILABLE')
    if (lost.length > 0) {
      setSelected(chosen.filter((seatNo) => !lost.includes(seatNo)))
      setTaken(lost)
    }
  }
  usePoll(refresh, { intervalMs: SEAT_POLL_MS, stopped: token === undefined || gate !== undefined }, [
    token,
    scheduleId,
  ])

  const toggle = (seat: Seat): void => {
    setFailure(undefined)
    setTaken([])
    const without = selected.filter((seatNo) => seatNo !== seat.seatNo)
    // With room for one seat per hold, choosing another seat moves the choice.
    const next =
      without.length < selected.length
        ? without
        : [...(selected.length < MAX_SEATS_PER_HOLD ? selected : selected.slice(1)), seat.seatNo]
    setSelected(next)
    setSaid(next.length === 0 ? 'No seat selected.' : `Selected ${seatList(next)}.`)
  }

  const holdSelected = async (): Promise<void> => {
    if (token === undefined || selected.length === 0) return
    setBusy(true)
    setFailure(undefined)
    const held = await api.holdSeats(scheduleId, selected, token)
    setBusy(false)
    if (held.ok) {
      setCurrentHold(userId, held.value)
      setHold(held.value)
      setSelected([])
      setSaid(`You hold ${seatList(held.value.seatNos)}.`)
    } else {
      setFailure(held.error)
      if (admissionEnded(held.error)) setGate(held.error)
    }
    await refresh()
  }

  const released = (): void => {
    setCurrentHold(userId, undefined)
    setHold(undefined)
    setSaid('Your hold was released.')
    void refresh()
  }

  const holdHere = hold !== undefined && hold.scheduleId === scheduleId ? hold : undefined
  const price = selected.reduce((sum, seatNo) => sum + (seats?.find((s) => s.seatNo === seatNo)?.price ?? 0), 0)
  return (
    <section>
      <PageHeading>Choose your seat</PageHeading>
      <p class="subtitle">
        {rememberedName(concertId) ?? 'Concert'} · {rememberedName(scheduleId) ?? 'date'} ·{' '}
        <a href={href({ page: 'dates', concertId })}>other dates</a>
      </p>
      {token === undefined && (
        <GateNotice
          failure={{ status: 401, type: 'MissingQueueToken', message: 'join the waiting room first', details: {} }}
          concertId={concertId}
        />
      )}
      {gate !== undefined && <GateNotice failure={gate} concertId={concertId} />}
      {hold !== undefined && holdHere === undefined && (
        <p class="notice">
          You already hold seats for another date. <a href={href({ page: 'checkout' })}>Go to checkout</a>
        </p>
      )}
      {holdHere !== undefined && <HoldPanel hold={holdHere} onReleased={released} onExpired={released} />}
      {failure !== undefined && <ErrorNotice failure={failure} />}
      {taken.length > 0 && failure === undefined && (
        <p class="notice" role="status" data-taken={taken.join(',')}>
          {seatList(taken).replace(/^s/, 'S')} just went to someone else. Please pick another seat.
        </p>
      )}
      <p class="visually-hidden" aria-live="polite" data-said>
        {said}
      </p>
      {seats === undefined && token !== undefined && gate === undefined && <p aria-busy="true">Loading seats…</p>}
      {seats !== undefined && (
        <>
          <SeatMap seats={seats} selected={selected} mine={holdHere?.seatNos ?? []} onToggle={(seat) => toggle(seat)} />
          <SeatLegend />
          <p class="note" data-polls={polls.count}>
            <span class="live-dot" aria-hidden="true" /> Live · updated {polls.at.toLocaleTimeString('en-GB')}
          </p>
          {holdHere === undefined && (
            <div class="selection card">
              <p>
                {selected.length === 0
                  ? 'Select a seat on the map.'
                  : `Selected ${seatList(selected)}: ${formatPoints(price)}.`}
              </p>
              <button
                type="button"
                class="primary"
                disabled={selected.length === 0 || busy || hold !== undefined}
                onClick={() => void holdSelected()}
              >
                {selected.length === 0 ? 'Hold seat' : `Hold ${seatList(selected)}`}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  )
}
