import type { ChargePolicy, ChargeReceipt, Hold, LedgerEntry, Payment, PaymentSummary, Refund } from '@boxoffice/core'
import { expectError, expectValue, type Expected } from './expected.js'

/** What a used idempotency key remembers. */
interface KeyRecord {
  readonly operation: 'charge' | 'pay' | 'refund'
  /** The charged amount, the paid hold, or the refunded payment. */
  readonly parameter: string
  readonly result: ChargeReceipt | Payment | Refund
  /** For a pay: the queue token that paid. */
  readonly token?: string
}

/**
 * Wallets and payments written the plain way: a balance per user, the ledger
 * as one array per user (oldest first), and a map of used keys per user.
 */
export class WalletModel {
  readonly #policy: ChargePolicy
  readonly #balances: Map<string, number> = new Map()
  readonly #ledgers: Map<string, LedgerEntry[]> = new Map()
  readonly #keys: Map<string, KeyRecord> = new Map()
  /** Every payment, in the order made, with its refund once refunded. */
  readonly #payments: { readonly payment: Payment; refund: Refund | undefined }[] = []

  constructor(policy: ChargePolicy) {
    this.#policy = policy
  }

  balance(userId: string): number {
    return this.#balances.get(userId) ?? 0
  }

  /** Newest first. */
  history(userId: string, limit: number): LedgerEntry[] {
    return [...(this.#ledgers.get(userId) ?? [])].reverse().slice(0, limit)
  }

  charge(
    userId: string,
    amount: number,
    key: string | null,
    now: Date,
    issuedEntryId: string,
  ): Expected<ChargeReceipt> {
    if (amount > this.#policy.maxAmount) return expectError('ChargeLimitExceeded')
    if (key !== null) {
      const record = this.#keys.get(keyOf(userId, key))
      if (record !== undefined) {
        if (record.operation !== 'charge' || record.parameter !== String(amount))
          return expectError('IdempotencyConflict')
        return expectValue(record.result as ChargeReceipt)
      }
    }
    const balanceAfter = this.balance(userId) + amount
    if (balanceAfter > this.#policy.maxBalance) return expectError('ChargeLimitExceeded')
    const entry: LedgerEntry = {
      entryId: issuedEntryId,
      userId,
      kind: 'CHARGE',
      amount,
      balanceAfter,
      at: now,
      paymentId: null,
      idempotencyKey: key,
    }
    this.#append(entry)
    const receipt = { balance: balanceAfter, entry }
    if (key !== null)
      this.#keys.set(keyOf(userId, key), { operation: 'charge', parameter: String(amount), result: receipt })
    return expectValue(receipt)
  }

  /** The payment a key already made for this hold, a conflict, or nothing yet. */
  paidWithKey(userId: string, key: string, holdId: string): Expected<Payment> | undefined {
    const record = this.#keys.get(keyOf(userId, key))
    if (record === undefined || record.operation !== 'pay') return undefined
    if (record.parameter !== holdId) return expectError('IdempotencyConflict')
    return expectValue(record.result as Payment)
  }

  /** The queue token that made the payment a pay key recorded. */
  payingToken(userId: string, key: string): string | undefined {
    return this.#keys.get(keyOf(userId, key))?.token
  }

  /** The atomic part of a pay, once the token was authorized and no pay used the key. */
  settle(
    cmd: { userId: string; token: string; holdId: string; key: string; tokenConcertId: string },
    hold: (Omit<Hold, 'status'> & { status: Hold['status'] }) | undefined,
    now: Date,
    issuedPaymentId: string,
  ): Expected<Payment> {
    if (this.#keys.has(keyOf(cmd.userId, cmd.key))) return expectError('IdempotencyConflict')
    if (hold === undefined) return expectError('HoldNotFound')
    if (hold.userId !== cmd.userId) return expectError('NotHoldOwner')
    if (hold.concertId !== cmd.tokenConcertId) return expectError('TokenConcertMismatch')
    if (hold.status === 'CONFIRMED') return expectError('AlreadyPaid')
    if (hold.status === 'EXPIRED' || (hold.status === 'HELD' && hold.expiresAt <= now))
      return expectError('HoldExpired')
    if (hold.status !== 'HELD') return expectError('HoldNotActive')
    const balance = this.balance(cmd.userId)
    if (balance < hold.price) return expectError('InsufficientBalance')
    hold.status = 'CONFIRMED'
    const payment: Payment = {
      paymentId: issuedPaymentId,
      userId: cmd.userId,
      holdId: hold.holdId,
      concertId: hold.concertId,
      scheduleId: hold.scheduleId,
      seatNo: hold.seatNo,
      seatNos: [...hold.seatNos],
      amount: hold.price,
      idempotencyKey: cmd.key,
      paidAt: now,
    }
    this.#append({
      entryId: '',
      userId: cmd.userId,
      kind: 'PAYMENT',
      amount: -hold.price,
      balanceAfter: balance - hold.price,
      at: now,
      paymentId: payment.paymentId,
      idempotencyKey: cmd.key,
    })
    this.#payments.push({ payment, refund: undefined })
    this.#keys.set(keyOf(cmd.userId, cmd.key), {
      operation: 'pay',
      parameter: hold.holdId,
      result: payment,
      token: cmd.token,
    })
    return expectValue(payment)
  }

  /** The user's payments, newest first, with their status. */
  payments(userId: string, limit: number): PaymentSummary[] {
    return this.#payments
      .filter(({ payment }) => payment.userId === userId)
      .reverse()
      .slice(0, limit)
      .map(({ payment, refund }) => ({
        ...payment,
        status: refund === undefined ? 'PAID' : 'REFUNDED',
        refundedAt: refund?.refundedAt ?? null,
      }))
  }

  /** The payment made `pick` payments before the latest (undefined past the first). */
  paymentAt(pick: number): Payment | undefined {
    return this.#payments[this.#payments.length - 1 - pick]?.payment
  }

  /**
   * `payments.refund`: a used key replays or conflicts first; then the
   * payment exists, is the caller's, was not refunded, and the window is open.
   */
  refund(
    cmd: { userId: string; paymentId: string; key: string; closesAt: Date | undefined },
    hold: (Omit<Hold, 'status'> & { status: Hold['status'] }) | undefined,
    now: Date,
    issuedRefundId: string,
  ): Expected<Refund> {
    const record = this.#keys.get(keyOf(cmd.userId, cmd.key))
    if (record !== undefined) {
      if (record.operation !== 'refund' || record.parameter !== cmd.paymentId) return expectError('IdempotencyConflict')
      return expectValue(record.result as Refund)
    }
    const found = this.#payments.find(({ payment }) => payment.paymentId === cmd.paymentId)
    if (found === undefined) return expectError('PaymentNotFound')
    if (found.payment.userId !== cmd.userId) return expectError('NotPaymentOwner')
    if (found.refund !== undefined) return expectError('AlreadyRefunded')
    if (cmd.closesAt !== undefined && now >= cmd.closesAt) return expectError('RefundWindowClosed')
    const refund = this.#refund(found, hold, now, issuedRefundId, cmd.key)
    this.#keys.set(keyOf(cmd.userId, cmd.key), { operation: 'refund', parameter: cmd.paymentId, result: refund })
    return expectValue(refund)
  }

  /** A cancellation: every payment of the schedule not refunded yet, refunded in the order paid; answers how many. */
  refundSchedule(
    scheduleId: string,
    holdOf: (holdId: string) => (Omit<Hold, 'status'> & { status: Hold['status'] }) | undefined,
    now: Date,
  ): number {
    const open = this.#payments.filter(
      ({ payment, refund }) => payment.scheduleId === scheduleId && refund === undefined,
    )
    for (const found of open) {
      this.#refund(found, holdOf(found.payment.holdId), now, `${found.payment.paymentId}.refund`, null)
    }
    return open.length
  }

  #refund(
    found: { readonly payment: Payment; refund: Refund | undefined },
    hold: (Omit<Hold, 'status'> & { status: Hold['status'] }) | undefined,
    now: Date,
    refundId: string,
    key: string | null,
  ): Refund {
    const { payment } = found
    const refund: Refund = {
      refundId,
      paymentId: payment.paymentId,
      userId: payment.userId,
      holdId: payment.holdId,
      scheduleId: payment.scheduleId,
      amount: payment.amount,
      reason: key === null ? 'SCHEDULE_CANCELLED' : 'REQUESTED',
      idempotencyKey: key,
      refundedAt: now,
    }
    found.refund = refund
    if (hold !== undefined) hold.status = 'REFUNDED'
    this.#append({
      entryId: '',
      userId: payment.userId,
      kind: 'REFUND',
      amount: payment.amount,
      balanceAfter: this.balance(payment.userId) + payment.amount,
      at: now,
      paymentId: payment.paymentId,
      idempotencyKey: key,
    })
    return refund
  }

  #append(entry: LedgerEntry): void {
    const ledger = this.#ledgers.get(entry.userId) ?? []
    ledger.push(entry)
    this.#ledgers.set(entry.userId, ledger)
    this.#balances.set(entry.userId, entry.balanceAfter)
  }
}

const keyOf = (userId: string, key: string): string => JSON.stringify([userId, key])
