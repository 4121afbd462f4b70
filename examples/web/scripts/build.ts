import { buildWebApp, JS_BUDGET_BYTES, kilobytes } from './web-build.ts'

// `pnpm --filter @boxoffice/example-web build`: builds the app and prints what a first load weighs.
try {
  const built = await buildWebApp()
  for (const file of built.files) {
    console.log(`  ${file.path.padEnd(32)} ${kilobytes(file.bytes).padStart(9)} (${kilobytes(file.gzipBytes)} gzip)`)
  }
  console.log(
    `web app built in ${built.outDir}: ${kilobytes(built.javascriptBytes)} of JavaScript (minified) on first load, ` +
      `budget ${kilobytes(JS_BUDGET_BYTES)}`,
  )
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
}
