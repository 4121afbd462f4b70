import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Cluster, Redis } from 'ioredis'

/** A throw-away Redis Cluster of three masters on loopback, for one test file. */
export interface LocalRedisCluster {
  readonly ports: readonly number[]
  connect(): Cluster
  stop(): Promise<void>
}

const HOST = '127.0.0.1'

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, HOST, () => server.close(() => resolve(true)))
  })
}

/** A port whose cluster bus port (port + 10000) is free too. */
async function freeClusterPort(taken: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000)
    if (taken.includes(port) || taken.includes(port - 10_000) || taken.includes(port + 10_000)) continue
    if ((await portIsFree(port)) && (await portIsFree(port + 10_000))) return port
  }
  throw new Error('no free loopback port pair for a cluster node')
}

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}: ${output}`)),
    )
  })
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check().catch(() => false)) return
    await sleep(50)
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function probe(port: number, command: (node: Redis) => Promise<boolean>): Promise<boolean> {
  const node = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  // a server still starting refuses the connection: that is what the caller polls for
  node.on('error', () => undefined)
  try {
    await node.connect()
    return await command(node)
  } finally {
    node.disconnect()
  }
}

/**
 * Starts three `redis-server --cluster-enabled yes` processes on free loopback
 * ports (no persistence, a temp dir each), joins them with
 * `redis-cli --cluster create`, and waits for `cluster_state:ok` on every node.
 * `stop` kills exactly those processes and removes the dirs; it also runs at
 * process exit if a test run dies before its `afterAll`.
 */
export async function startRedisCluster(): Promise<LocalRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'boxoffice-redis-cluster-'))
  const ports: number[] = []
  const servers: ChildProcess[] = []
  const kill = (): void => {
    for (const server of servers) if (server.exitCode === null) server.kill('SIGKILL')
  }
  process.once('exit', kill)
  const stop = async (): Promise<void> => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null || server.signalCode !== null) return resolve()
            server.once('exit', () => resolve())
            server.kill('SIGKILL')
          }),
      ),
    )
    process.removeListener('exit', kill)
    await rm(dir, { recursive: true, force: true })
  }
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freeClusterPort(ports)
      ports.push(port)
      // prettier-ignore
      const args = [
        '--port', String(port), '--bind', HOST, '--cluster-enabled', 'yes',
        '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir,
        '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning',
      ]
      const server = spawn('redis-server', args, { stdio: 'ignore' })
      servers.push(server)
      await waitFor(() => probe(port, async (node) => (await node.ping()) === 'PONG'), `redis-server on ${port}`)
    }
    const addresses = ports.map((port) => `${HOST}:${port}`)
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'])
    for (const port of ports) {
      await waitFor(
        () => probe(port, async (node) => (await node.cluster('INFO')).includes('cluster_state:ok')),
        `cluster_state:ok on ${port}`,
      )
    }
  } catch (error) {
    await stop()
    throw error
  }
  return {
    ports,
    connect: () => new Cluster(ports.map((port) => ({ host: HOST, port }))),
    stop,
  }
}
