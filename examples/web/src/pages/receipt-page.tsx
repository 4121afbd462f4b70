import { useApp } from '../app-context'
import { formatDateTime, formatPoints } from '../format'
import { href } from '../router'
import { receipts, rememberedName } from '../session'
import { PageHeading } from '../widgets'

export function ReceiptPage({ paymentId }: { readonly paymentId: string }) {
  const { userId } = useApp()
  const receipt = receipts(userId).find((r) => r.paymentId === paymentId)
  if (receipt === undefined) {
    return (
      <section>
        <PageHeading>Receipt</PageHeading>
        <p>
          This tab has no receipt {paymentId}. <a href={href({ page: 'concerts' })}>Concerts</a>
        </p>
      </section>
    )
  }
  return (
    <section>
      <PageHeading>Receipt</PageHeading>
      <div class="card receipt" data-payment={receipt.paymentId}>
        <p class="status-badge paid">PAID</p>
        <h2>{rememberedName(receipt.concertId) ?? 'Concert'}</h2>
        <dl class="facts">
          <dt>Date</dt>
          <dd>{rememberedName(receipt.scheduleId) ?? receipt.scheduleId}</dd>
          <dt>{receipt.seatNos.length === 1 ? 'Seat' : 'Seats'}</dt>
          <dd data-seats={receipt.seatNos.join(',')}>{receipt.seatNos.join(', ')}</dd>
          <dt>Paid</dt>
          <dd data-amount={receipt.amount}>{formatPoints(receipt.amount)}</dd>
          <dt>When</dt>
          <dd>{formatDateTime(receipt.paidAt)}</dd>
          <dt>Payment</dt>
          <dd class="id">{receipt.paymentId}</dd>
        </dl>
        <p>
          <a class="button" href={href({ page: 'concerts' })}>
            Back to concerts
          </a>
        </p>
      </div>
    </section>
  )
}
