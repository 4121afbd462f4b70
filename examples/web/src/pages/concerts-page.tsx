import { useEffect, useState } from 'preact/hooks'
import type { ConcertSummary, Failure } from '../api-types'
import { useApp } from '../app-context'
import { navigate } from '../router'
import { queueToken, rememberName, setQueueToken } from '../session'
import { ErrorNotice, PageHeading } from '../widgets'

export function ConcertsPage() {
  const { api, userId } = useApp()
  const [concerts, setConcerts] = useState<readonly ConcertSummary[] | undefined>(undefined)
  const [failure, setFailure] = useState<Failure | undefined>(undefined)
  const [joining, setJoining] = useState<string | undefined>(undefined)

  useEffect(() => {
    void api.listConcerts().then((listed) => {
      if (!listed.ok) return setFailure(listed.error)
      for (const concert of listed.value) rememberName(concert.concertId, concert.title)
      setConcerts(listed.value)
    })
  }, [api])

  const join = async (concertId: string): Promise<void> => {
    setJoining(concertId)
    setFailure(undefined)
    // Entering again returns the same live token, so this is safe to repeat.
    const entered = await api.enterQueue(concertId)
    setJoining(undefined)
    if (!entered.ok) return setFailure(entered.error)
    setQueueToken(userId, concertId, entered.value.token)
    navigate({ page: 'queue', concertId })
  }

  return (
    <section>
      <PageHeading>Concerts</PageHeading>
      {failure !== undefined && <ErrorNotice failure={failure} />}
      {concerts === undefined && failure === undefined && <p aria-busy="true">Loading concerts…</p>}
      {concerts?.length === 0 && <p>No concerts on sale yet.</p>}
      <ul class="cards">
        {concerts?.map((concert) => (
          <li key={concert.concertId} class="card">
            <h2 id={`concert-${concert.concertId}`}>{concert.title}</h2>
            <button
              type="button"
              class="primary"
              disabled={joining !== undefined}
              aria-describedby={`concert-${concert.concertId}`}
              onClick={() => void join(concert.concertId)}
            >
              {queueToken(userId, concert.concertId) === undefined
                ? 'Join the waiting room'
                : 'Back to the waiting room'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
