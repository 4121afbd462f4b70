import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CONSUMER_KINDS,
  createConsumerProject,
  installedMajor,
  type ConsumerKind,
} from './support/consumer-projects.js'

/*
 * What a team gets from npm: each published package packed as its tarball
 * (`pnpm pack`, which resolves `workspace:` ranges as publishing does),
 * installed with npm into fresh ESM (node16), CommonJS and bundler projects,
 * type-checked strictly, and run: a request through the Fastify plugin and the
 * Express router, a purchase on memory and on Postgres + Redis.
 * Needs `pnpm build` first (the tarballs carry dist/).
 */

const exec = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const PUBLISHED = [
  'core',
  'adapter-memory',
  'adapter-postgres',
  'adapter-redis',
  'adapter-test',
  'opentelemetry',
  'http',
  'fastify',
  'express',
]
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const esbuild = join(root, 'node_modules', '.bin', 'esbuild')

let scratch = ''
const tarballs: Record<string, string> = {}
const projects = new Map<ConsumerKind['name'], string>()

beforeAll(async () => {
  for (const pkg of PUBLISHED) {
    if (!existsSync(join(root, 'packages', pkg, 'dist', 'index.js')))
      throw new Error(`packages/${pkg} is not built: run pnpm build first`)
  }
  scratch = await mkdtemp(join(tmpdir(), 'boxoffice-packaging-'))
  const packs = join(scratch, 'tarballs')
  await mkdir(packs)
  for (const pkg of PUBLISHED) {
    await exec('pnpm', ['pack', '--pack-destination', packs], { cwd: join(root, 'packages', pkg) })
  }
  for (const file of await readdir(packs)) {
    const name = `@boxoffice/${file.replace(/^boxoffice-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`
    tarballs[name] = join(packs, file)
  }
  // Three fresh projects, installed side by side (npm's cache makes the second and third cheap).
  await Promise.all(
    CONSUMER_KINDS.map(async (kind) => {
      const dir = join(scratch, kind.name)
      await createConsumerProject(dir, kind, tarballs)
      projects.set(kind.name, dir)
    }),
  )
}, 240_000)

afterAll(async () => {
  if (scratch !== '') await rm(scratch, { recursive: true, force: true })
})

const projectOf = (kind: ConsumerKind): string => {
  const dir = projects.get(kind.name)
  if (dir === undefined) throw new Error(`the ${kind.name} project was not installed`)
  return dir
}

/** Runs the consumer app and answers the purchases it printed. */
async function purchases(command: string[], cwd: string): Promise<unknown[]> {
  const run = randomBytes(4).toString('hex')
  const { stdout } = await exec('node', command, {
    cwd,
    env: { ...process.env, PACKAGING_RUN_ID: run },
    timeout: 60_000,
  })
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown)
}

const SOLD = [
  { http: 'fastify', status: 200, body: { balance: 100 } },
  { http: 'express', status: 200, body: { balance: 100 } },
  {
    http: 'express',
    status: 401,
    body: {
      error: {
        type: 'MissingIdentity',
        message: 'the request is not authenticated: sign in and send your credentials',
      },
    },
  },
  { store: 'memory', seatNo: 7, amount: 80 },
  // zod's own words, in English, however the project was built (a bundle loads no zod locale by itself).
  { refused: 'ValidationFailed', message: 'invalid input at venue: Unrecognized key: "venue"' },
  { store: 'memory, a wrapped QueueStore', seatNo: 7, amount: 80 },
  { store: 'postgres+redis', seatNo: 7, amount: 80 },
]

describe('the packed tarballs', () => {
  it('every published package carries a README, the LICENSE and where its repository, homepage and issues are', async () => {
    expect(Object.keys(tarballs).sort()).toEqual(PUBLISHED.map((pkg) => `@boxoffice/${pkg}`).sort())
    for (const [name, tarball] of Object.entries(tarballs)) {
      const { stdout } = await exec('tar', ['tzf', tarball])
      const files = stdout.split('\n')
      expect(files, name).toEqual(
        expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/package.json']),
      )
      const manifest = JSON.parse((await exec('tar', ['xzf', tarball, '-O', 'package/package.json'])).stdout) as Record<
        string,
        unknown
      >
      expect(manifest, name).toMatchObject({
        license: 'MIT',
        repository: {
          type: 'git',
          url: 'git+https://github.com/boxoffice-dev/boxoffice.git',
          directory: expect.stringMatching(/^packages\//),
        },
        homepage: expect.stringMatching(/^https:\/\/github\.com\/boxoffice-dev\/boxoffice/),
        bugs: { url: 'https://github.com/boxoffice-dev/boxoffice/issues' },
      })
      expect(JSON.stringify(manifest), name).not.toContain('workspace:')
    }
  })
})

describe.each(CONSUMER_KINDS)('a fresh $name project with ioredis $ioredis', (kind) => {
  it('installed the ioredis major it asked for', async () => {
    expect(await installedMajor(projectOf(kind), 'ioredis')).toBe(kind.ioredis)
  })

  it('type-checks strictly, declaration files included', async () => {
    // ESM and CommonJS compile to dist/ in the same pass; the bundler project only checks (esbuild builds it).
    const dir = projectOf(kind)
    await expect(exec('node', [tsc, '-p', dir], { cwd: dir })).resolves.toBeDefined()
  })

  it('answers over HTTP through the Fastify plugin and the Express router, and sells the seat on memory, through a QueueStore from @boxoffice/core/adapter, and on Postgres + Redis', async () => {
    const dir = projectOf(kind)
    if (kind.name === 'bundler') {
      // One file, run from a folder with no node_modules: the migrations travel inside the bundle.
      const outdir = join(scratch, 'bundle-run')
      await mkdir(outdir, { recursive: true })
      await exec(
        esbuild,
        [
          'src/main.ts',
          '--bundle',
          '--platform=node',
          '--format=esm',
          '--target=node20',
          '--outfile=app.mjs',
          '--external:pg-native',
          "--banner:js=import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ],
        { cwd: dir },
      )
      await copyFile(join(dir, 'app.mjs'), join(outdir, 'app.mjs'))
      expect(await purchases(['app.mjs'], outdir)).toEqual(SOLD)
    } else {
      expect(await purchases(['dist/main.js'], dir)).toEqual(SOLD)
    }
  })
})
