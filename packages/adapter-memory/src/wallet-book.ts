import type { LedgerEntry, Payment, Refund } from '@boxoffice/core'
import type { IdempotencyRecord } from '@boxoffice/core/adapter'

interface Wallet {
  balance: number
  readonly ledger: LedgerEntry[]
}

/** Balances, ledgers, payments and idempotency records, keyed for O(1) lookups. */
export class WalletBook {
  readonly #wallets = new Map<string, Wallet>()
  readonly #entries = new Map<string, LedgerEntry>()
  /** Each payment with the queue token that made it. */
  readonly #payments = new Map<string, { readonly payment: Payment; readonly token: string }>()
  readonly #keys = new Map<string, IdempotencyRecord>()
  /** Payment id -> its refund; refund id -> the same refund. */
  readonly #refunds = new Map<string, Refund>()
  readonly #refundsById = new Map<string, Refund>()
  /** Each user's payment ids, oldest first; each schedule's payments not refunded yet, oldest first. */
  readonly #paymentsByUser = new Map<string, string[]>()
  readonly #unrefundedBySchedule = new Map<string, Set<string>>()

  balance(userId: string): number {
    return this.#wallets.get(userId)?.balance ?? 0
  }

  history(userId: string, limit: number): LedgerEntry[] {
    const ledger = this.#wallets.get(userId)?.ledger ?? []
    return ledger.slice(Math.max(0, ledger.length - limit)).reverse()
  }

  /** Appends an entry; `entry.balanceAfter` becomes the balance (the transitions computed it). */
  post(entry: LedgerEntry): void {
    let wallet = this.#wallets.get(entry.userId)
    if (wallet === undefined) {
      wallet = { balance: 0, ledger: [] }
      this.#wallets.set(entry.userId, wallet)
    }
    wallet.balance = entry.balanceAfter
    wallet.ledger.push(entry)
    this.#entries.set(entry.entryId, entry)
  }

  entry(entryId: string): LedgerEntry | undefined {
    return this.#entries.get(entryId)
  }

  recordPayment(payment: Payment, token: string): void {
    this.#payments.set(payment.paymentId, { payment, token })
    const mine = this.#paymentsByUser.get(payment.userId) ?? []
    mine.push(payment.paymentId)
    this.#paymentsByUser.set(payment.userId, mine)
    const open = this.#unrefundedBySchedule.get(payment.scheduleId) ?? new Set()
    open.add(payment.paymentId)
    this.#unrefundedBySchedule.set(payment.scheduleId, open)
  }

  recordRefund(refund: Refund): void {
    this.#refunds.set(refund.paymentId, refund)
    this.#refundsById.set(refund.refundId, refund)
    this.#unrefundedBySchedule.get(refund.scheduleId)?.delete(refund.paymentId)
  }

  refundOf(paymentId: string): Refund | undefined {
    return this.#refunds.get(paymentId)
  }

  refund(refundId: string): Refund | undefined {
    return this.#refundsById.get(refundId)
  }

  /** The user's payments, newest first (by paidAt, then id), at most `limit`. */
  paymentsOf(userId: string, limit: number): Payment[] {
    const mine = (this.#paymentsByUser.get(userId) ?? []).flatMap((paymentId) => this.payment(paymentId) ?? [])
    mine.sort(
      (a, b) =>
        b.paidAt.getTime() - a.paidAt.getTime() || (a.paymentId < b.paymentId ? 1 : a.paymentId > b.paymentId ? -1 : 0),
    )
    return mine.slice(0, limit)
  }

  /** The schedule's payments not refunded yet, oldest first. */
  unrefunded(scheduleId: string): Payment[] {
    const ids = this.#unrefundedBySchedule.get(scheduleId) ?? new Set<string>()
    return [...ids].flatMap((paymentId) => this.payment(paymentId) ?? [])
  }

  payment(paymentId: string): Payment | undefined {
    return this.#payments.get(paymentId)?.payment
  }

  /** The queue token that made the payment. */
  payingToken(paymentId: string): string | undefined {
    return this.#payments.get(paymentId)?.token
  }

  idempotency(userId: string, key: string): IdempotencyRecord | undefined {
    return this.#keys.get(scopedKey(userId, key))
  }

  remember(record: IdempotencyRecord): void {
    this.#keys.set(scopedKey(record.userId, record.key), record)
  }
}

// Ids cannot contain a newline (core id schema), so this pairing is unambiguous.
const scopedKey = (userId: string, key: string): string => `${userId}\n${key}`
