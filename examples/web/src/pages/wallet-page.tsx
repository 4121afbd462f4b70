import { useEffect, useState } from 'preact/hooks'
import type { Failure } from '../api-types'
import { useApp } from '../app-context'
import { formatPoints } from '../format'
import { href } from '../router'
import { currentHold, newIdempotencyKey } from '../session'
import { ErrorNotice, PageHeading } from '../widgets'

export function WalletPage() {
  const { api, userId } = useApp()
  const [balance, setBalance] = useState<number | undefined>(undefined)
  const [amount, setAmount] = useState('100000')
  // One key per intent: a retry after a lost reply charges once; a new amount is a new intent.
  const [key, setKey] = useState(newIdempotencyKey)
  const [failure, setFailure] = useState<Failure | undefined>(undefined)
  const [done, setDone] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void api.balance().then((read) => (read.ok ? setBalance(read.value.balance) : setFailure(read.error)))
  }, [api])

  const charge = async (event: Event): Promise<void> => {
    event.preventDefault()
    const points = Number(amount)
    setBusy(true)
    setFailure(undefined)
    setDone('')
    const charged = await api.charge(points, key)
    setBusy(false)
    if (!charged.ok) return setFailure(charged.error)
    setBalance(charged.value.balance)
    setKey(newIdempotencyKey())
    setDone(`Added ${formatPoints(points)}.`)
  }

  const hold = currentHold(userId)
  return (
    <section>
      <PageHeading>Wallet</PageHeading>
      <div class="card">
        <p class="balance">
          Balance: <strong data-balance={balance}>{balance === undefined ? '…' : formatPoints(balance)}</strong>
        </p>
        <form class="charge" onSubmit={(event) => void charge(event)}>
          <label for="amount">Points to add</label>
          <div class="identity-row">
            <input
              id="amount"
              name="amount"
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              required
              value={amount}
              onInput={(event) => {
                setAmount(event.currentTarget.value)
                setKey(newIdempotencyKey())
              }}
            />
            <button type="submit" class="primary" disabled={busy}>
              Charge
            </button>
          </div>
        </form>
        <p role="status">{done}</p>
        {failure !== undefined && <ErrorNotice failure={failure} />}
        {hold !== undefined && (
          <p>
            <a href={href({ page: 'checkout' })}>Back to checkout</a>
          </p>
        )}
      </div>
    </section>
  )
}
