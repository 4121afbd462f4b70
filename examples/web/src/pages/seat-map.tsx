import { useState } from 'preact/hooks'
import type { Seat } from '../api-types'
import { formatPoints } from '../format'

/** A row of the map as drawn. */
export interface SeatRow {
  readonly label: string
  readonly seats: readonly Seat[]
}

const SEATS_PER_ROW = 10

/**
 * Rows as drawn: the API's seats carry no row, so the venue is drawn ten seats to a row (A, B, ...).
 * Were seats to carry a `row` label, grouping by it would happen here and nowhere else.
 */
export function seatRows(seats: readonly Seat[]): SeatRow[] {
  const rows: SeatRow[] = []
  const sorted = [...seats].sort((a, b) => a.seatNo - b.seatNo)
  for (let start = 0; start < sorted.length; start += SEATS_PER_ROW) {
    const index = start / SEATS_PER_ROW
    const label = index < 26 ? String.fromCharCode(65 + index) : `R${index + 1}`
    rows.push({ label, seats: sorted.slice(start, start + SEATS_PER_ROW) })
  }
  return rows
}

const statusWords = { AVAILABLE: 'available', HELD: 'held', SOLD: 'sold' } as const

export interface SeatMapProps {
  readonly seats: readonly Seat[]
  readonly selected: readonly number[]
  /** Seats in the visitor's own hold. */
  readonly mine: readonly number[]
  readonly onToggle: (seat: Seat) => void
}

/**
 * The seat map: one button per seat, rows drawn as rows. One seat is in the tab order at a time;
 * the arrow keys move between seats (up and down between rows), Home and End to a row's ends.
 */
export function SeatMap({ seats, selected, mine, onToggle }: SeatMapProps) {
  const rows = seatRows(seats)
  const [current, setCurrent] = useState<number | undefined>(undefined)
  const focusable = current ?? selected[0] ?? seats.find((s) => s.status === 'AVAILABLE')?.seatNo ?? seats[0]?.seatNo

  const move = (event: KeyboardEvent, seatNo: number): void => {
    const r = rows.findIndex((row) => row.seats.some((s) => s.seatNo === seatNo))
    const row = rows[r]
    if (row === undefined) return
    const c = row.seats.findIndex((s) => s.seatNo === seatNo)
    const at = (rowIndex: number, column: number): number | undefined => {
      const target = rows[rowIndex]
      return target?.seats[Math.min(column, target.seats.length - 1)]?.seatNo
    }
    const flat = rows.flatMap((each) => each.seats)
    const i = flat.findIndex((s) => s.seatNo === seatNo)
    const next = {
      ArrowLeft: flat[i - 1]?.seatNo,
      ArrowRight: flat[i + 1]?.seatNo,
      ArrowUp: at(r - 1, c),
      ArrowDown: at(r + 1, c),
      Home: row.seats[0]?.seatNo,
      End: row.seats[row.seats.length - 1]?.seatNo,
    }[event.key]
    if (next === undefined) return
    event.preventDefault()
    setCurrent(next)
    const map = (event.currentTarget as HTMLElement).closest('.seat-map')
    map?.querySelector<HTMLButtonElement>(`[data-seat="${next}"]`)?.focus()
  }

  return (
    <div class="seat-map" role="group" aria-label="Seat map">
      <p class="stage" aria-hidden="true">
        Stage
      </p>
      {rows.map((row) => (
        <div key={row.label} class="seat-row" role="group" aria-label={`Row ${row.label}`}>
          <span class="row-label" aria-hidden="true">
            {row.label}
          </span>
          {row.seats.map((seat) => {
            const isMine = mine.includes(seat.seatNo)
            const isSelected = selected.includes(seat.seatNo)
            const words = isMine ? 'held by you' : statusWords[seat.status]
            const label = `Seat ${seat.seatNo}, row ${row.label}, ${formatPoints(seat.price)}, ${words}`
            return (
              <button
                key={seat.seatNo}
                type="button"
                class="seat"
                data-seat={seat.seatNo}
                data-status={seat.status}
                data-mine={isMine ? 'true' : undefined}
                aria-label={label}
                title={label}
                aria-pressed={seat.status === 'AVAILABLE' ? isSelected : undefined}
                aria-disabled={seat.status === 'AVAILABLE' ? undefined : 'true'}
                tabIndex={seat.seatNo === focusable ? 0 : -1}
                onFocus={() => setCurrent(seat.seatNo)}
                onKeyDown={(event) => move(event, seat.seatNo)}
                onClick={() => seat.status === 'AVAILABLE' && onToggle(seat)}
              >
                {seat.seatNo}
              </button>
            )
          })}
        </div>
      ))}
    </div>
  )
}

export function SeatLegend() {
  return (
    <ul class="legend" aria-label="Legend">
      <li>
        <span class="seat sample" data-status="AVAILABLE" aria-hidden="true" /> Available
      </li>
      <li>
        <span class="seat sample" data-status="AVAILABLE" aria-pressed="true" aria-hidden="true" /> Selected
      </li>
      <li>
        <span class="seat sample" data-status="HELD" data-mine="true" aria-hidden="true" /> Yours
      </li>
      <li>
        <span class="seat sample" data-status="HELD" aria-hidden="true" /> Held
      </li>
      <li>
        <span class="seat sample" data-status="SOLD" aria-hidden="true" /> Sold
      </li>
    </ul>
  )
}
