import type { IdempotencyRecord, LedgerEntry, Payment } from '@boxoffice/core'

interface Wallet {
  balance: number
  readonly ledger: LedgerEntry[]
}

/** Balances, ledgers, payments and idempotency records, keyed for O(1) lookups. */
export class WalletBook {
  readonly #wallets = new Map<string, Wallet>()
  readonly #entries = new Map<string, LedgerEntry>()
  readonly #payments = new Map<string, Payment>()
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

  recordPayment(payment: Payment): void {
    this.#payments.set(payment.paymentId, payment)
  }

  payment(paymentId: string): Payment | undefined {
    return this.#payments.get(paymentId)
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
