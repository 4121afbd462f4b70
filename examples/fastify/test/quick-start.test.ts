import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

async function freePort(): Promise<number> {
  const probe = createServer()
  probe.listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const address = probe.address()
  probe.close()
  if (address === null || typeof address === 'string') throw new Error('no TCP port')
  return address.port
}

async function waitForHealth(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline && !exited()) {
    const healthy = await fetch(`${url}/health`).then(
      async (response) => {
        await response.text()
        return response.status === 200
      },
      () => false,
    )
    if (healthy) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error('the example never answered /health')
}

it('starts as the quick start says, sells from its demo concert, and exits cleanly on SIGTERM', async () => {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn('pnpm', ['--filter', '@boxoffice/example-fastify', 'start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  let exitCode: number | null | undefined
  const exited = once(child, 'exit').then(([code]) => {
    exitCode = code as number | null
  })

  try {
    await waitForHealth(url, () => exitCode !== undefined)
    expect(output).toContain(`listening on ${url}`)
    expect(output).toContain('queue: memory, booking: memory')

    const concerts = (await (await fetch(`${url}/concerts`)).json()) as { concertId: string; title: string }[]
    expect(concerts).toEqual([expect.objectContaining({ title: 'boxoffice demo night' })])
    const entered = await fetch(`${url}/queue/tokens`, {
      method: 'POST',
      headers: { 'x-user-id': 'smoke-user', 'content-type': 'application/json' },
      body: JSON.stringify({ concertId: concerts[0]?.concertId }),
    })
    expect(entered.status).toBe(201)
    expect(((await entered.json()) as { status: string }).status).toBe('WAITING')
  } finally {
    if (exitCode === undefined) child.kill('SIGTERM')
    await exited
  }
  expect(exitCode, output.slice(-2_000)).toBe(0)
  expect(output).toContain('stopped cleanly')
})
