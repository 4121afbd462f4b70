import { expect, it } from 'vitest'
import { balanceSchema } from '../../src/index.ts'
import { newUser } from './scenario.ts'
import type { Harness } from './server-harness.ts'

/** Start and stop, as main.ts does on SIGTERM. */
export function lifecycleTests(harness: () => Harness): void {
  it('finishes a request in flight when stopped, then refuses new connections', async () => {
    const h = harness()
    const server = h.createApp({ box: h.box })
    const url = await server.start({ port: 0, host: '127.0.0.1' })
    const userId = newUser()
    // A keep-alive connection that stays idle, as a browser's would.
    const idle = await fetch(`${url}/health`)
    expect(await idle.json()).toEqual({ status: 'ok' })

    const slow = h.bookingOutage.pause()
    const inFlight = fetch(`${url}/wallet`, { headers: { 'x-user-id': userId } })
    await slow.reached
    const stopped = server.stop()
    slow.release()
    const answered = await inFlight
    expect(answered.status).toBe(200)
    expect(balanceSchema.parse(await answered.json())).toEqual({ balance: 0 })
    await stopped
    await expect(fetch(`${url}/health`)).rejects.toThrow()
  })
}
