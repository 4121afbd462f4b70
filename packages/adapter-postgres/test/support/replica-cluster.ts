import { execFile, execFileSync } from 'node:child_process'
import { chown, mkdtemp, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises'
import { existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { closedPort } from './test-database.js'

const run = promisify(execFile)

/**
 * A throwaway primary and a streaming replica of it, on loopback ports, in a
 * temporary directory: `initdb` a primary, `pg_basebackup -R` a copy of it,
 * start the copy as a hot standby, wait until it streams. `stop` stops both
 * servers and deletes the directory; it is safe to call after a partial start.
 */
export interface ReplicaCluster {
  readonly primaryPort: number
  readonly replicaPort: number
  /** Stops both servers (immediately) and deletes their directory. */
  readonly stop: () => Promise<void>
}

/** The server binaries: BOXOFFICE_PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
async function serverBinaries(): Promise<string> {
  const chosen = process.env['BOXOFFICE_PG_BIN']
  if (chosen !== undefined && chosen !== '') return chosen
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? (await readdir(root)).filter((name) => /^\d+$/.test(name)) : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (newest === undefined || !existsSync(join(root, newest, 'bin', 'initdb')))
    throw new Error('no PostgreSQL server binaries: set BOXOFFICE_PG_BIN to the folder holding initdb and pg_ctl')
  return join(root, newest, 'bin')
}

/**
 * PostgreSQL refuses to run as root: as root, the servers run as the
 * `postgres` system user (through runuser), which must own the directory.
 */
async function asServerUser(): Promise<{
  wrap: (file: string, args: string[]) => [string, string[]]
  owner?: { uid: number; gid: number }
}> {
  if (process.getuid?.() !== 0) return { wrap: (file, args) => [file, args] }
  const { stdout } = await run('id', ['-u', 'postgres'])
  const { stdout: gid } = await run('id', ['-g', 'postgres'])
  return {
    wrap: (file, args) => ['runuser', ['-u', 'postgres', '--', file, ...args]],
    owner: { uid: Number(stdout.trim()), gid: Number(gid.trim()) },
  }
}

export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const bin = await serverBinaries()
  const user = await asServerUser()
  const dir = await mkdtemp(join(tmpdir(), 'boxoffice-replica-'))
  if (user.owner !== undefined) await chown(dir, user.owner.uid, user.owner.gid)
  const primary = join(dir, 'primary')
  const replica = join(dir, 'replica')
  const started: string[] = []
  const exec = (tool: string, args: string[]) => {
    const [file, argv] = user.wrap(join(bin, tool), args)
    return run(file, argv, { timeout: 60_000 })
  }

  // A test process that ends without running its hooks (killed by a timeout,
  // a crash) still stops the servers and deletes the directory on its way out.
  const stopNow = (): void => {
    for (const data of started.reverse()) {
      const [file, argv] = user.wrap(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'])
      try {
        execFileSync(file, argv, { timeout: 30_000, stdio: 'ignore' })
      } catch {
        // already stopped
      }
    }
    started.length = 0
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', stopNow)

  const stop = async (): Promise<void> => {
    process.removeListener('exit', stopNow)
    for (const data of started.reverse()) {
      await exec('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => undefined)
    }
    started.length = 0
    await rm(dir, { recursive: true, force: true })
  }

  try {
    const primaryPort = await closedPort()
    await exec('initdb', ['-D', primary, '-U', 'postgres', '-A', 'trust', '--no-sync', '--no-instructions'])
    // Loopback only, sockets in the temporary directory; initdb's pg_hba.conf
    // already trusts replication connections from 127.0.0.1.
    await appendFile(
      join(primary, 'postgresql.conf'),
      [
        '',
        "listen_addresses = '127.0.0.1'",
        `port = ${primaryPort}`,
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        'fsync = off',
        'shared_buffers = 16MB',
        '',
      ].join('\n'),
    )
    await exec('pg_ctl', ['start', '-D', primary, '-l', join(dir, 'primary.log'), '-w', '-t', '60'])
    started.push(primary)

    const replicaPort = await closedPort()
    await exec('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replica,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ])
    await appendFile(join(replica, 'postgresql.conf'), `\nport = ${replicaPort}\nhot_standby = on\n`)
    // The replica names itself, so the primary can wait for it (synchronous_standby_names).
    const auto = join(replica, 'postgresql.auto.conf')
    const conf = await readFile(auto, 'utf8')
    await writeFile(
      auto,
      conf.replace("primary_conninfo = '", "primary_conninfo = 'application_name=boxoffice_replica "),
    )
    await exec('pg_ctl', ['start', '-D', replica, '-l', join(dir, 'replica.log'), '-w', '-t', '60'])
    started.push(replica)

    await waitForStreaming(primaryPort)
    return { primaryPort, replicaPort, stop }
  } catch (error) {
    const logs = await Promise.all(
      ['primary.log', 'replica.log'].map((name) => readFile(join(dir, name), 'utf8').catch(() => '')),
    )
    await stop()
    throw new Error(`replica cluster did not start: ${(error as Error).message}\n${logs.join('\n')}`)
  }
}

async function waitForStreaming(primaryPort: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port: primaryPort, user: 'postgres', database: 'postgres' })
  await client.connect()
  try {
    for (let attempt = 0; attempt < 300; attempt++) {
      const { rows } = await client.query(
        "SELECT 1 FROM pg_stat_replication WHERE application_name = 'boxoffice_replica' AND state = 'streaming'",
      )
      if (rows.length > 0) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('the replica did not start streaming within 30 s')
  } finally {
    await client.end()
  }
}
