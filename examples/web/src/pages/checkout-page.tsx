import { useEffect, useState } from 'preact/hooks'
import type { Failure } from '../api-types'
import { useApp } from '../app-context'
import { formatPoints } from '../format'
import { href, navigate } from '../router'
import {
  addReceipt,
  currentHold,
  newIdempotencyKey,
  paymentKey,
  queueToken,
  rememberedName,
  setCurrentHold,
  setQueueToken,
} from '../session'
import { Countdown, ErrorNotice, PageHeading, useRemaining } from '../widgets'
import { GateNotice } from './gate-notice'

const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback)

export function CheckoutPage() {
  const { api, userId } = useApp()
  const [hold, setHold] = useState(() => currentHold(userId))
  const [balance, setBalance] = useState<number | undefined>(undefined)
  const [failure, setFailure] = useState<Failure | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const remaining = useRemaining(hold?.deadline ?? 0)

  useEffect(() => {
    void api.balance().then((read) => (read.ok ? setBalance(read.value.balance) : setFailure(read.error)))
  }, [api])

  if (hold === undefined) {
    return (
      <section>
        <PageHeading>Checkout</PageHeading>
        <p>
          You hold no seats. <a href={href({ page: 'concerts' })}>Find a concert</a>
        </p>
      </section>
    )
  }

  const pay = async (): Promise<void> => {
    const token = queueToken(userId, hold.concertId)
    if (token === undefined) {
      return setFailure({ status: 401, type: 'TokenNotFound', message: 'join the waiting room again', details: {} })
    }
    setBusy(true)
    setFailure(undefined)
    // The same key for every try of this hold: a retry never pays twice, a refused try records nothing.
    const paid = await api.pay(hold.holdId, token, paymentKey(userId, hold.holdId))
    setBusy(false)
    if (!paid.ok) {
      setFailure(paid.error)
      if (paid.error.type === 'InsufficientBalance') setBalance(numberOr(paid.error.details['balance'], 0))
      if (paid.error.type === 'HoldExpired' || paid.error.type === 'HoldNotActive') {
        setCurrentHold(userId, undefined)
        setHold(undefined)
      }
      return
    }
    addReceipt(userId, paid.value)
    setCurrentHold(userId, undefined)
    // A payment completes the queue token: the next purchase queues again.
    setQueueToken(userId, hold.concertId, undefined)
    navigate({ page: 'receipt', paymentId: paid.value.paymentId })
  }

  const chargeMissing = async (missing: number): Promise<void> => {
    setBusy(true)
    const charged = await api.charge(missing, newIdempotencyKey())
    setBusy(false)
    if (!charged.ok) return setFailure(charged.error)
    setBalance(charged.value.balance)
    setFailure(undefined)
  }

  const short = failure?.type === 'InsufficientBalance'
  // What the refusal said is missing (the API's own numbers, not this page's guess).
  const missing = short ? numberOr(failure.details['price'], hold.price) - numberOr(failure.details['balance'], 0) : 0
  return (
    <section>
      <PageHeading>Checkout</PageHeading>
      <div class="card">
        <p class="subtitle">
          {rememberedName(hold.concertId) ?? 'Concert'} · {rememberedName(hold.scheduleId) ?? 'date'}
        </p>
        <dl class="facts">
          <dt>{hold.seatNos.length === 1 ? 'Seat' : 'Seats'}</dt>
          <dd>{hold.seatNos.join(', ')}</dd>
          <dt>Price</dt>
          <dd>{formatPoints(hold.price)}</dd>
          <dt>Your wallet</dt>
          <dd data-balance={balance}>{balance === undefined ? '…' : formatPoints(balance)}</dd>
        </dl>
        <Countdown deadline={hold.deadline} label="Held for" />
        {short && failure !== undefined ? (
          <div class="notice error" role="alert" data-error="InsufficientBalance">
            <p>
              <strong>Not enough points.</strong> Your wallet holds{' '}
              {formatPoints(numberOr(failure.details['balance'], 0))} and this costs{' '}
              {formatPoints(numberOr(failure.details['price'], hold.price))}: charge at least {formatPoints(missing)}{' '}
              more, then pay.
            </p>
            <div class="actions">
              <button type="button" disabled={busy} onClick={() => void chargeMissing(missing)}>
                Charge {formatPoints(missing)}
              </button>
              <a href={href({ page: 'wallet' })}>Open the wallet</a>
            </div>
          </div>
        ) : (
          failure !== undefined && <GateNotice failure={failure} concertId={hold.concertId} />
        )}
        <div class="actions">
          <button type="button" class="primary" disabled={busy || remaining === 0} onClick={() => void pay()}>
            Pay {formatPoints(hold.price)}
          </button>
          <a href={href({ page: 'seats', concertId: hold.concertId, scheduleId: hold.scheduleId })}>Back to seats</a>
        </div>
        {remaining === 0 && <ErrorNotice failure={{ status: 409, type: 'HoldExpired', message: '', details: {} }} />}
      </div>
    </section>
  )
}
