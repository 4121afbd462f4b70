import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'

const HOST = '127.0.0.1'

/** A `redis-server` of one test file, on its own loopback port, that the test can restart. */
export interface PrivateRedis {
  readonly port: number
  /** Stops the server (SIGKILL unless `graceful`) and starts it again on the same port and folder. */
  restart(options?: { readonly graceful?: boolean }): Promise<void>
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, HOST, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function answersPing(port: number): Promise<boolean> {
  const node = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  // a server still starting refuses the connection: that is what the caller polls for
  node.on('error', () => undefined)
  try {
    await node.connect()
    return (await node.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    node.disconnect()
  }
}

function exited(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve()
    server.once('exit', () => resolve())
  })
}

/**
 * Starts `redis-server` on a free loopback port with the given persistence
 * arguments (default: none, as a cache-only deployment runs it) in a temp
 * folder. `stop` kills exactly that process and removes the folder; it also
 * runs at process exit if a test run dies before its `afterAll`.
 */
export async function startPrivateRedis(
  persistence: readonly string[] = ['--save', '', '--appendonly', 'no'],
): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'boxoffice-redis-'))
  const port = await freePort()
  let server: ChildProcess | undefined
  const kill = (): void => {
    if (server !== undefined && server.exitCode === null) server.kill('SIGKILL')
  }
  process.once('exit', kill)
  const start = async (): Promise<void> => {
    // prettier-ignore
    const args = ['--port', String(port), '--bind', HOST, '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning', ...persistence]
    server = spawn('redis-server', args, { stdio: 'ignore' })
    for (let attempt = 0; attempt < 200; attempt++) {
      if (await answersPing(port)) return
      await sleep(25)
    }
    throw new Error(`redis-server on ${port} did not start`)
  }
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    if (server === undefined) return
    const done = exited(server)
    server.kill(signal)
    await done
  }
  await start()
  return {
    port,
    restart: async (options) => {
      await halt(options?.graceful === true ? 'SIGTERM' : 'SIGKILL')
      await start()
    },
    stop: async () => {
      await halt('SIGKILL')
      process.removeListener('exit', kill)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
