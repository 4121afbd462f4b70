import { useEffect, useState } from 'preact/hooks'
import type { Failure, ScheduleDate } from '../api-types'
import { useApp } from '../app-context'
import { admissionEnded, formatDateTime } from '../format'
import { href } from '../router'
import { queueToken, rememberedName, rememberName, setQueueToken } from '../session'
import { PageHeading } from '../widgets'
import { GateNotice } from './gate-notice'

const missingToken: Failure = {
  status: 401,
  type: 'MissingQueueToken',
  message: 'join the waiting room first',
  details: {},
}

export function DatesPage({ concertId }: { readonly concertId: string }) {
  const { api, userId } = useApp()
  const [dates, setDates] = useState<readonly ScheduleDate[] | undefined>(undefined)
  const [failure, setFailure] = useState<Failure | undefined>(undefined)

  useEffect(() => {
    const token = queueToken(userId, concertId)
    if (token === undefined) return setFailure(missingToken)
    void api.listDates(concertId, token).then((listed) => {
      if (!listed.ok) {
        if (admissionEnded(listed.error)) setQueueToken(userId, concertId, undefined)
        return setFailure(listed.error)
      }
      for (const date of listed.value) rememberName(date.scheduleId, formatDateTime(date.startsAt))
      setDates(listed.value)
    })
  }, [api, userId, concertId])

  return (
    <section>
      <PageHeading>Choose a date</PageHeading>
      <p class="subtitle">{rememberedName(concertId) ?? 'Concert'}</p>
      {failure !== undefined && <GateNotice failure={failure} concertId={concertId} />}
      {dates === undefined && failure === undefined && <p aria-busy="true">Loading dates…</p>}
      <ul class="cards">
        {dates?.map((date) => (
          <li key={date.scheduleId} class="card date">
            <a href={href({ page: 'seats', concertId, scheduleId: date.scheduleId })}>
              <strong>{formatDateTime(date.startsAt)}</strong>
              <span>{date.availableSeats === 0 ? 'Sold out' : `${date.availableSeats} seats available`}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
