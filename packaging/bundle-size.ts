// The size a memory-only app adds to a consumer's bundle: the quick start,
// bundled and minified by esbuild from the built packages (run `pnpm build`
// first), as an application's bundler would. Prints the total, gzipped, and
// the largest inputs, so a change in what the library pulls in shows up, and
// exits 1 when the bundle is over its budget (CI runs it after the build).
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** Half of what the same app weighed when the core validated with classic zod (472 KB). */
const BUDGET_KB = 236

const dist = (pkg: string, entry = 'index'): string =>
  fileURLToPath(new URL(`../packages/${pkg}/dist/${entry}.js`, import.meta.url))
for (const pkg of ['core', 'adapter-memory']) {
  if (!existsSync(dist(pkg))) {
    console.error(`packages/${pkg} is not built: run pnpm build first`)
    process.exit(1)
  }
}

const app = `
import { createBoxOffice } from '@boxoffice/core'
import { createMemoryStores } from '@boxoffice/adapter-memory'

const box = createBoxOffice({ ...createMemoryStores() })
const gala = await box.catalog
  .createConcert({ title: 'Spring Gala' })
  .andThen(({ concertId }) => box.catalog.addSchedule({ concertId, startsAt: '2030-05-01T19:00:00Z', seats: 50, price: 80 }))
if (gala.isErr()) throw new Error(gala.error.message)
const { concertId, scheduleId } = gala.value
const ticket = await box.queue.enter({ userId: 'ada', concertId })
if (ticket.isErr()) throw new Error(ticket.error.message)
await box.queue.admit({ concertId })
const paid = await box.holds
  .hold({ userId: 'ada', token: ticket.value.token, scheduleId, seatNo: 7 })
  .andThen((hold) => box.wallet.charge({ userId: 'ada', amount: 100 })
    .andThen(() => box.payments.pay({ userId: 'ada', token: ticket.value.token, holdId: hold.holdId, idempotencyKey: 'k1' })))
paid.match((payment) => console.log(payment.seatNo), (error) => console.error(error.type))
`

const result = await build({
  stdin: { contents: app, loader: 'js', resolveDir: fileURLToPath(new URL('.', import.meta.url)) },
  alias: {
    '@boxoffice/core/adapter': dist('core', 'adapter'),
    '@boxoffice/core': dist('core'),
    '@boxoffice/adapter-memory': dist('adapter-memory'),
  },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  write: false,
  metafile: true,
  logLevel: 'error',
})
const code = result.outputFiles[0]?.contents ?? new Uint8Array()
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`
console.log(`memory-only app, esbuild --bundle --minify: ${kb(code.length)} (${kb(gzipSync(code).length)} gzipped)`)

const byPackage = new Map<string, number>()
for (const [path, input] of Object.entries(Object.values(result.metafile.outputs)[0]?.inputs ?? {})) {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)
  const workspacePackage = /packages\/([^/]+)\//.exec(path)?.[1]
  const name = match?.[1] ?? (workspacePackage === undefined ? path : `@boxoffice/${workspacePackage}`)
  byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput)
}
for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6))
  console.log(`  ${name.padEnd(28)} ${kb(bytes)}`)

const overBudget = code.length > BUDGET_KB * 1024
console.log(`budget ${BUDGET_KB} KB: ${overBudget ? 'OVER' : 'within'}`)
if (overBudget) process.exitCode = 1
