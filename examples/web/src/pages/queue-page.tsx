import { useEffect, useRef, useState } from 'preact/hooks'
import type { Failure, Ticket } from '../api-types'
import { useApp } from '../app-context'
import { admissionEnded } from '../format'
import { navigate } from '../router'
import { queueToken, rememberedName, setQueueToken } from '../session'
import { usePoll } from '../use-poll'
import { ErrorNotice, PageHeading } from '../widgets'
import { describeTicket } from './ticket-view'

/** Checking often enough to feel live; while the tab is hidden, only as often as the line needs a heartbeat. */
const POLL_MS = 1_000
const HIDDEN_HEARTBEAT_MS = 20_000

export function QueuePage({ concertId }: { readonly concertId: string }) {
  const { api, userId } = useApp()
  const [token, setToken] = useState(() => queueToken(userId, concertId))
  const [ticket, setTicket] = useState<Ticket | undefined>(undefined)
  const [failure, setFailure] = useState<Failure | undefined>(undefined)
  const [checkedAt, setCheckedAt] = useState<Date | undefined>(undefined)
  const goOn = useRef<HTMLButtonElement>(null)

  const forget = (): void => {
    setQueueToken(userId, concertId, undefined)
    setToken(undefined)
    setTicket(undefined)
  }

  usePoll(
    async () => {
      if (token === undefined) return
      const status = await api.queueStatus(token)
      setCheckedAt(new Date())
      if (status.ok) {
        setTicket(status.value)
        setFailure(undefined)
      } else {
        setFailure(status.error)
        if (admissionEnded(status.error)) forget()
      }
    },
    { intervalMs: POLL_MS, hiddenIntervalMs: HIDDEN_HEARTBEAT_MS, stopped: token === undefined },
    [token],
  )

  const admitted = ticket?.status === 'ACTIVE'
  useEffect(() => {
    if (admitted) goOn.current?.focus()
  }, [admitted])

  const join = async (): Promise<void> => {
    const entered = await api.enterQueue(concertId)
    if (!entered.ok) return setFailure(entered.error)
    setQueueToken(userId, concertId, entered.value.token)
    setFailure(undefined)
    setToken(entered.value.token)
  }
  const leave = async (): Promise<void> => {
    if (token === undefined) return
    const left = await api.leaveQueue(token)
    if (!left.ok && !admissionEnded(left.error)) return setFailure(left.error)
    forget()
    navigate({ page: 'concerts' })
  }

  const view = ticket === undefined ? undefined : describeTicket(ticket)
  return (
    <section>
      <PageHeading>Waiting room</PageHeading>
      <p class="subtitle">{rememberedName(concertId) ?? 'Concert'}</p>
      {failure !== undefined && <ErrorNotice failure={failure} />}
      {token === undefined ? (
        <div class="card">
          <p>You are not in this line.</p>
          <button type="button" class="primary" onClick={() => void join()}>
            Join the waiting room
          </button>
        </div>
      ) : (
        <div class="card ticket" data-status={ticket?.status} data-rank={ticket?.rank ?? undefined}>
          <div aria-live="polite" aria-atomic="true">
            <p class="status-badge">{ticket?.status ?? 'CHECKING'}</p>
            <h2>{view?.headline ?? 'Checking your place…'}</h2>
            <p>{view?.detail}</p>
          </div>
          <p class="note">
            <span class="live-dot" aria-hidden="true" /> Live
            {checkedAt !== undefined && ` · checked at ${checkedAt.toLocaleTimeString('en-GB')}`}
          </p>
          <div class="actions">
            {view?.admitted === true && (
              <button type="button" class="primary" ref={goOn} onClick={() => navigate({ page: 'dates', concertId })}>
                Choose a date
              </button>
            )}
            <button type="button" onClick={() => void leave()}>
              Leave the line
            </button>
          </div>
        </div>
      )}
    </section>
  )
}
