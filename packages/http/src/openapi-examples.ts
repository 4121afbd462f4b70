/*
 * One sale, as the OpenAPI document shows it: every operation's request and
 * response example comes from here, so they tell one consistent story
 * (`redocly lint` checks each against its schema).
 */

const concertId = 'c-2030-gala'
const scheduleId = 's-2030-05-01'
const holdId = 'h-01J9ZK7B2M'
const userId = 'user-42'
const token = `${concertId}~01J9ZK6Q4T`

/** Example bodies of the document, by what they show. */
export const examples = {
  concertSummaries: [{ concertId, title: 'Spring Gala' }],
  concert: { concertId, title: 'Spring Gala', createdAt: '2030-03-01T09:00:00.000Z' },
  createConcert: { title: 'Spring Gala' },
  scheduleSale: { salesOpenAt: '2030-04-01T09:00:00.000Z', salesCloseAt: null },
  lineSettings: {
    concertId,
    salesOpenAt: '2030-04-01T09:00:00.000Z',
    salesCloseAt: null,
    opened: false,
    paused: false,
    maxActive: null,
    admitPerTick: null,
  },
  addSchedule: { startsAt: '2030-05-01T19:00:00+02:00', seats: 50, price: 80 },
  schedule: { scheduleId, concertId, startsAt: '2030-05-01T17:00:00.000Z', seatCount: 50, status: 'SCHEDULED' },
  dates: [{ scheduleId, startsAt: '2030-05-01T17:00:00.000Z', availableSeats: 48, status: 'SCHEDULED' }],
  seats: [
    { seatNo: 1, price: 80, row: 'A', status: 'SOLD' },
    { seatNo: 2, price: 80, row: 'A', status: 'AVAILABLE' },
  ],
  enter: { concertId },
  waitingTicket: {
    token,
    userId,
    concertId,
    status: 'WAITING',
    rank: 12,
    etaSeconds: 30,
    enteredAt: '2030-04-01T18:00:00.000Z',
    expiresAt: null,
    salesOpenAt: null,
  },
  activeTicket: {
    token,
    userId,
    concertId,
    status: 'ACTIVE',
    rank: null,
    etaSeconds: 0,
    enteredAt: '2030-04-01T18:00:00.000Z',
    expiresAt: '2030-04-01T18:15:00.000Z',
    salesOpenAt: null,
  },
  holdSeat: { scheduleId, seatNo: 7 },
  hold: {
    holdId,
    userId,
    concertId,
    scheduleId,
    seatNo: 7,
    seatNos: [7],
    price: 80,
    status: 'HELD',
    createdAt: '2030-04-01T18:05:00.000Z',
    expiresAt: '2030-04-01T18:10:00.000Z',
    extended: false,
  },
  balance: { balance: 120 },
  charge: { amount: 100 },
  pay: { holdId },
  payment: {
    paymentId: 'p-01J9ZK8C3N',
    userId,
    holdId,
    concertId,
    scheduleId,
    seatNo: 7,
    seatNos: [7],
    amount: 80,
    idempotencyKey: 'c1b6f3d2-checkout-1',
    paidAt: '2030-04-01T18:06:00.000Z',
  },
  payments: [
    {
      paymentId: 'p-01J9ZK8C3N',
      userId,
      holdId,
      concertId,
      scheduleId,
      seatNo: 7,
      seatNos: [7],
      amount: 80,
      idempotencyKey: 'c1b6f3d2-checkout-1',
      paidAt: '2030-04-01T18:06:00.000Z',
      status: 'PAID',
      refundedAt: null,
    },
  ],
  refund: {
    refundId: 'r-01J9ZM2D5P',
    paymentId: 'p-01J9ZK8C3N',
    userId,
    holdId,
    scheduleId,
    amount: 80,
    reason: 'REQUESTED',
    idempotencyKey: 'c1b6f3d2-refund-1',
    refundedAt: '2030-04-02T10:00:00.000Z',
  },
  cancelSchedule: { limit: 500 },
  cancelReport: { scheduleId, released: 2, refunded: 46, remaining: 0 },
  health: { status: 'ok' },
} as const
