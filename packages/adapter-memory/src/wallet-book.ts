import type { LedgerEntry, Payment } from '@boxoffice/core'
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
