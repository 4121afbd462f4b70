/*
 * `pnpm lint:openapi`: writes the OpenAPI document of the route table to a
 * temporary file and runs `redocly lint` on it with the recommended rules
 * (redocly.yaml at the repository root). A warning fails it as an error does.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openApiDocument } from '../src/index.js'

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number }
  readonly problems: readonly { readonly ruleId: string; readonly message: string; readonly location?: unknown }[]
}

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'boxoffice-openapi-'))
try {
  const file = join(dir, 'openapi.json')
  writeFileSync(file, `${JSON.stringify(openApiDocument({ prefix: '/api' }), null, 2)}\n`)
  const run = spawnSync(
    join(root, 'node_modules', '.bin', 'redocly'),
    ['lint', file, '--config', join(root, 'redocly.yaml'), '--max-problems', '500', '--format', 'json'],
    { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
  )
  let report: LintReport
  try {
    report = JSON.parse(run.stdout) as LintReport
  } catch {
    throw new Error(`redocly lint did not report (status ${run.status}):\n${run.stdout}\n${run.stderr}`)
  }
  for (const problem of report.problems)
    console.error(`${problem.ruleId}: ${problem.message} ${JSON.stringify(problem.location)}`)
  const { errors, warnings } = report.totals
  if (errors + warnings > 0) throw new Error(`redocly lint: ${errors} error(s), ${warnings} warning(s)`)
  console.log('redocly lint, recommended rules: the OpenAPI document is clean (0 errors, 0 warnings)')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
