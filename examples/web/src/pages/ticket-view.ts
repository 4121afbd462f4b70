import type { Ticket } from '../api-types'
import { formatEta } from '../format'

/** What the waiting room says about a ticket. */
export interface TicketView {
  readonly headline: string
  readonly detail: string
  /** The visitor may go on to the dates. */
  readonly admitted: boolean
}

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })

/**
 * The one place a ticket's status becomes words: a new status (a pre-queue before sales open, say)
 * is one more case here, and the compiler points at it when the API's schema gains it.
 */
export function describeTicket(ticket: Ticket): TicketView {
  switch (ticket.status) {
    case 'PRE_QUEUED':
      return {
        headline: 'You are in the waiting room before the sale opens',
        detail:
          (ticket.salesOpenAt === null
            ? 'The sale opens soon.'
            : `The sale opens at ${time.format(new Date(ticket.salesOpenAt))}.`) +
          ' Everyone here then gets a place in line by a fair draw: coming earlier gives no edge. Keep this page open.',
        admitted: false,
      }
    case 'WAITING':
      return {
        headline: ticket.rank === null ? 'You are in line' : `You are number ${ticket.rank} in line`,
        detail:
          ticket.etaSeconds === null
            ? 'The line is paused for a moment. Keep this page open; it updates by itself.'
            : `Estimated wait: ${formatEta(ticket.etaSeconds)}. Keep this page open; it updates by itself.`,
        admitted: false,
      }
    case 'ACTIVE':
      return {
        headline: 'It is your turn',
        detail:
          ticket.expiresAt === null
            ? 'Choose a date and your seats.'
            : `Choose a date and your seats before ${time.format(new Date(ticket.expiresAt))}.`,
        admitted: true,
      }
  }
}
