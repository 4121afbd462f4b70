import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it, vi } from 'vitest'

const readmes = [
  ['the repository README', '../../../README.md', './.readme-example-root.ts'],
  ["the core package's README (its npm page)", '../README.md', './.readme-example-core.ts'],
] as const
const scripts = readmes.map(([, , script]) => fileURLToPath(new URL(script, import.meta.url)))

afterAll(() => {
  for (const script of scripts) rmSync(script, { force: true })
})

it.each(readmes)(
  'the quick start of %s runs, sells the seat and never unwraps by hand',
  async (_name, readme, script) => {
    const text = readFileSync(fileURLToPath(new URL(readme, import.meta.url)), 'utf8')
    const example = /## Quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(text)?.[1]
    expect(example).toBeDefined()
    expect(example).not.toContain('_unsafeUnwrap')
    expect(example).toContain('.match(')
    const path = fileURLToPath(new URL(script, import.meta.url))
    writeFileSync(path, `${example}\nexport {}\n`)
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    await import(path)
    expect(log).toHaveBeenCalledWith('seat 7 sold for 80')
    log.mockRestore()
  },
)
