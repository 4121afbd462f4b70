import { describe, expect, it } from 'vitest'
import { SeatTurns } from '../src/booking/seat-turns.js'

/** A statement whose answer the test decides, and a record of whether it was sent. */
function statement(answer: string, seen: string | undefined) {
  let finish: () => void = () => undefined
  let fail: (cause: Error) => void = () => undefined
  const sent = { count: 0 }
  const own = (): Promise<{ answer: string; seen: string | undefined }> => {
    sent.count++
    return new Promise((resolve, reject) => {
      finish = () => resolve({ answer, seen })
      fail = reject
    })
  }
  return { own, sent, finish: () => finish(), fail: (cause: Error) => fail(cause) }
}

const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))
const fromTaken = (seen: string): string | undefined => (seen === 'taken' ? 'refused: taken' : undefined)

describe('seat turns', () => {
  it('a call that began while a statement was in flight is never answered from that statement', async () => {
    const turns = new SeatTurns<string, string>()
    const first = statement('placed', 'taken')
    const second = statement('refused: taken', 'taken')
    const a = turns.take('seat', first.own, fromTaken)
    const b = turns.take('seat', second.own, fromTaken)
    expect(first.sent.count).toBe(1)
    expect(second.sent.count).toBe(0)
    first.finish()
    expect(await a).toBe('placed')
    await settled()
    // b arrived after a's statement went out: it sends its own.
    expect(second.sent.count).toBe(1)
    second.finish()
    expect(await b).toBe('refused: taken')
  })

  it('calls waiting before a statement was sent are answered from what it saw when that settles them', async () => {
    const turns = new SeatTurns<string, string>()
    const first = statement('placed', 'taken')
    const second = statement('refused: taken', 'taken')
    const waiting = Array.from({ length: 5 }, () => statement('own answer', undefined))
    const a = turns.take('seat', first.own, fromTaken)
    const b = turns.take('seat', second.own, fromTaken)
    // These begin before b's statement is sent (it goes out when a's returns), and it sees the seat taken.
    const rest = waiting.map((call) => turns.take('seat', call.own, fromTaken))
    first.finish()
    expect(await a).toBe('placed')
    await settled()
    expect(second.sent.count).toBe(1)
    second.finish()
    expect(await b).toBe('refused: taken')
    expect(await Promise.all(rest)).toEqual(Array.from({ length: 5 }, () => 'refused: taken'))
    expect(waiting.map((call) => call.sent.count)).toEqual([0, 0, 0, 0, 0])
  })

  it('a call the shared sight does not settle sends its own statement, in its turn', async () => {
    const turns = new SeatTurns<string, string>()
    const first = statement('placed elsewhere', undefined)
    const second = statement('refused: over the limit', 'free')
    const third = statement('placed', 'taken')
    const a = turns.take('seat', first.own, fromTaken)
    const b = turns.take('seat', second.own, fromTaken)
    const c = turns.take('seat', third.own, fromTaken)
    first.finish()
    await a
    await settled()
    second.finish()
    expect(await b).toBe('refused: over the limit')
    await settled()
    // b's sight (the seat is free) does not settle c: c asks for itself.
    expect(third.sent.count).toBe(1)
    third.finish()
    expect(await c).toBe('placed')
  })

  it('a failed statement fails its own call only; the next in line sends its own', async () => {
    const turns = new SeatTurns<string, string>()
    const first = statement('unused', undefined)
    const second = statement('placed', 'taken')
    const a = turns.take('seat', first.own, fromTaken)
    const b = turns.take('seat', second.own, fromTaken)
    first.fail(new Error('connection lost'))
    await expect(a).rejects.toThrow('connection lost')
    await settled()
    second.finish()
    expect(await b).toBe('placed')
  })

  it('different seats never wait for each other', () => {
    const turns = new SeatTurns<string, string>()
    const one = statement('placed', 'taken')
    const two = statement('placed', 'taken')
    void turns.take('seat 1', one.own, fromTaken)
    void turns.take('seat 2', two.own, fromTaken)
    expect([one.sent.count, two.sent.count]).toEqual([1, 1])
    one.finish()
    two.finish()
  })
})
