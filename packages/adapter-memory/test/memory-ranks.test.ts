import { createBoxOffice } from '@boxoffice/core'
import { describe, expect, it } from 'vitest'
import { createMemoryStores } from '../src/index.js'

describe('memory queue ranks', () => {
  it('answers rank from the line without walking it', async () => {
    const box = createBoxOffice({ ...createMemoryStores() })
    const tickets = []
    for (let i = 0; i < 3000; i++)
      tickets.push((await box.queue.enter({ userId: `u${i}`, concertId: 'c1' }))._unsafeUnwrap())
    expect(tickets.map((t) => t.rank)).toEqual(tickets.map((_, i) => i + 1))
    await box.queue.leave({ token: tickets[10]!.token })
    expect((await box.queue.status({ token: tickets[2999]!.token }))._unsafeUnwrap().rank).toBe(2999)
    await box.queue.admit({ concertId: 'c1' })
    expect((await box.queue.status({ token: tickets[2999]!.token }))._unsafeUnwrap().rank).toBe(2899)
  })
})
