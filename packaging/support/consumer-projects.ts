import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { consumerApp } from './consumer-app.js'

const run = promisify(execFile)

/** The compiler options every consumer project type-checks with, on top of its module settings. */
const STRICT = {
  target: 'ES2022',
  lib: ['ES2023'],
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  // Our declaration files are checked too, not only the app.
  skipLibCheck: false,
}

/** A fresh project of one kind: what npm installs, how TypeScript resolves, how the app runs. */
export interface ConsumerKind {
  readonly name: 'esm' | 'cjs' | 'bundler'
  /** The ioredis the project installs: `npm i ioredis` gives 6 today, 5 is widely deployed. */
  readonly ioredis: '5' | '6'
  readonly packageType: 'module' | 'commonjs'
  readonly compilerOptions: Record<string, unknown>
}

export const CONSUMER_KINDS: readonly ConsumerKind[] = [
  {
    name: 'esm',
    ioredis: '6',
    packageType: 'module',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
  },
  {
    name: 'cjs',
    ioredis: '5',
    packageType: 'commonjs',
    compilerOptions: { module: 'node16', moduleResolution: 'node16', esModuleInterop: true },
  },
  {
    name: 'bundler',
    ioredis: '6',
    packageType: 'module',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: true },
  },
]

/**
 * Writes the project and installs the packed tarballs with npm, next to the
 * drivers, frameworks and type packages a team adds (pg, @types/pg, ioredis,
 * @opentelemetry/api, fastify, express, @types/express). Internal dependencies between the tarballs are pinned
 * to the tarballs with `overrides`, as nothing is on the registry yet.
 */
export async function createConsumerProject(
  dir: string,
  kind: ConsumerKind,
  tarballs: Record<string, string>,
): Promise<void> {
  await mkdir(join(dir, 'src'), { recursive: true })
  const files = Object.fromEntries(Object.entries(tarballs).map(([name, path]) => [name, `file:${path}`]))
  const packageJson = {
    name: `boxoffice-consumer-${kind.name}`,
    private: true,
    type: kind.packageType,
    dependencies: {
      ...files,
      '@opentelemetry/api': '^1.9.0',
      ioredis: `^${kind.ioredis}`,
      pg: '^8',
      fastify: '^5',
      express: '^5',
    },
    devDependencies: { '@types/node': '^20', '@types/pg': '^8', '@types/express': '^5' },
    overrides: files,
  }
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`)
  const outDir = kind.name === 'bundler' ? {} : { outDir: 'dist', rootDir: 'src' }
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...STRICT, ...kind.compilerOptions, ...outDir }, include: ['src'] }, null, 2),
  )
  await writeFile(join(dir, 'src', 'main.ts'), consumerApp(kind.name === 'cjs' ? 'cjs' : 'esm'))
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, timeout: 150_000 })
}

/** The major version of a package as installed in the project. */
export async function installedMajor(dir: string, name: string): Promise<string> {
  const { stdout } = await run('node', ['-p', `require('${name}/package.json').version`], { cwd: dir })
  return stdout.trim().split('.')[0] ?? ''
}
