import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Debian's `chromium` package; `.ci/run` installs it when it is missing. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install the Debian package (apt-get install -y chromium)`)
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true })
}

/** A phone-sized browser of its own (cookies, storage), as one visitor. */
export interface Visitor {
  readonly context: BrowserContext
  readonly page: Page
  /** Uncaught errors and console errors the page raised. */
  readonly errors: string[]
  /** Minified JavaScript bytes the page fetched. */
  scriptBytes(): number
}

export const PHONE = { width: 390, height: 844 }

export async function visit(browser: Browser, url: string, userId: string): Promise<Visitor> {
  const context = await browser.newContext({ viewport: PHONE })
  const page = await context.newPage()
  const errors: string[] = []
  let scriptBytes = 0
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    // A refused API call (409, 402...) is logged by the browser as a failed resource: that is the app working.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text())
  })
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return
    void response.body().then(
      (body) => (scriptBytes += body.byteLength),
      () => undefined,
    )
  })
  await page.goto(url)
  await page.getByLabel('Demo user').fill(userId)
  await page.getByRole('button', { name: 'Switch' }).click()
  await page.locator(`[data-user="${userId}"]`).waitFor()
  return { context, page, errors, scriptBytes: () => scriptBytes }
}

/** Nothing is wider than the phone's screen: no sideways scrolling. */
export const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)

const screenshots = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url))

/**
 * Saves the page under docs/screenshots/ when `pnpm screenshots` runs the tests
 * (BOXOFFICE_SCREENSHOTS=1); an ordinary test run writes nothing, so it leaves the tree clean.
 */
export async function screenshot(page: Page, name: string, enabled: boolean): Promise<void> {
  if (!enabled || process.env['BOXOFFICE_SCREENSHOTS'] !== '1') return
  await mkdir(screenshots, { recursive: true })
  await page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true, animations: 'disabled' })
}
