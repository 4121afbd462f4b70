import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

/** The most JavaScript (minified, before compression) the first load may fetch. */
export const JS_BUDGET_BYTES = 150 * 1024

const webRoot = fileURLToPath(new URL('..', import.meta.url))
/** Where the servers look for the app (`examples/http-kit/src/web-app.ts`). */
export const DEFAULT_OUT_DIR = join(webRoot, 'dist')

export interface BuiltFile {
  /** Path under the output folder: `index.html`, `assets/main-5MXNZ2AB.js`. */
  readonly path: string
  readonly bytes: number
  readonly gzipBytes: number
}

export interface WebBuild {
  readonly outDir: string
  readonly files: readonly BuiltFile[]
  /** Minified JavaScript the first load fetches: every script index.html names. */
  readonly javascriptBytes: number
}

export interface WebBuildOptions {
  /** Default: `examples/web/dist`, where the servers look. */
  readonly outDir?: string
  /** Default: {@link JS_BUDGET_BYTES}. */
  readonly budgetBytes?: number
}

/**
 * Writes through a temporary file and a rename, so a server reading the folder never sees half a file.
 * The temporary file sits beside `assets/`, not in it: another build running at once (two test files)
 * removes only stale assets, never this one's file in flight.
 */
async function writeAtomically(outDir: string, path: string, contents: Uint8Array): Promise<void> {
  const target = join(outDir, path)
  const existing = await readFile(target).catch(() => undefined)
  if (existing !== undefined && Buffer.compare(existing, contents) === 0) return
  const temporary = join(outDir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`)
  await writeFile(temporary, contents)
  await rename(temporary, target)
}

/**
 * Bundles and minifies the app with esbuild into `outDir`: `assets/` holds files named by their
 * content hash (served as immutable), `index.html` names them (served as no-cache). Files of earlier
 * builds are removed. Throws, writing nothing, when the JavaScript is over the budget.
 */
export async function buildWebApp(options: WebBuildOptions = {}): Promise<WebBuild> {
  const { outDir = DEFAULT_OUT_DIR, budgetBytes = JS_BUDGET_BYTES } = options
  const result = await build({
    absWorkingDir: webRoot,
    entryPoints: ['src/main.tsx'],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: join(outDir, 'assets'),
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  })
  const assets = result.outputFiles.map((file) => ({ name: basename(file.path), contents: file.contents }))
  const scripts = assets.filter((asset) => asset.name.endsWith('.js'))
  const styles = assets.filter((asset) => asset.name.endsWith('.css'))
  const javascriptBytes = scripts.reduce((sum, script) => sum + script.contents.byteLength, 0)
  if (javascriptBytes > budgetBytes) {
    throw new Error(
      `the web app's JavaScript is ${kilobytes(javascriptBytes)}, over its ${kilobytes(budgetBytes)} budget`,
    )
  }

  const tags = [
    ...styles.map((style) => `<link rel="stylesheet" href="/assets/${style.name}" />`),
    ...scripts.map((script) => `<script type="module" src="/assets/${script.name}"></script>`),
  ].join('\n    ')
  const template = await readFile(join(webRoot, 'src/index.html'), 'utf8')
  const index = new TextEncoder().encode(template.replace('<!-- assets -->', tags))

  await mkdir(join(outDir, 'assets'), { recursive: true })
  for (const asset of assets) await writeAtomically(outDir, `assets/${asset.name}`, asset.contents)
  await writeAtomically(outDir, 'index.html', index)
  const current = new Set(assets.map((asset) => asset.name))
  for (const name of await readdir(join(outDir, 'assets'))) {
    if (!current.has(name)) await rm(join(outDir, 'assets', name), { force: true })
  }

  const files = [
    { path: 'index.html', contents: index },
    ...assets.map((asset) => ({ path: `assets/${asset.name}`, contents: asset.contents })),
  ].map(({ path, contents }) => ({ path, bytes: contents.byteLength, gzipBytes: gzipSync(contents).byteLength }))
  return { outDir, files, javascriptBytes }
}

export const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`
