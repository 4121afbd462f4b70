import type { Failure } from '../api-types'
import { admissionEnded } from '../format'
import { href } from '../router'
import { ErrorNotice } from '../widgets'

/** A gated call refused: say why, and lead back to the waiting room when the admission is the reason. */
export function GateNotice({ failure, concertId }: { readonly failure: Failure; readonly concertId: string }) {
  const toQueue = admissionEnded(failure) || failure.type === 'TokenNotActive' || failure.type === 'MissingQueueToken'
  return (
    <ErrorNotice failure={failure}>
      {toQueue && (
        <p>
          <a href={href({ page: 'queue', concertId })}>Go to the waiting room</a>
        </p>
      )}
    </ErrorNotice>
  )
}
