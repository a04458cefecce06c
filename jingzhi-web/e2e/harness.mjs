// Shared pieces of the end-to-end tests: settings from the environment, the browser, locating Element Plus
// inputs, screenshots, ordered steps that stop after the first failure, and waiting for a save to be confirmed.
//
// Env: BASE_URL (required), ADMIN_USER (admin), ADMIN_PASSWORD (required), CHROMIUM_PATH (/usr/bin/chromium),
// E2E_ARTIFACTS (jingzhi-web/e2e-artifacts), E2E_TIMEOUT_MS (30000).
import { it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))

export const BASE_URL = (process.env.BASE_URL ?? '').replace(/\/+$/, '')
export const ADMIN_USER = process.env.ADMIN_USER || 'admin'
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? ''
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const ARTIFACTS = path.resolve(process.env.E2E_ARTIFACTS || path.join(here, '..', 'e2e-artifacts'))
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 30000)

/**
 * One test file's browser session. `prefix` names its screenshots (several files share the artifacts folder).
 * Call `open()` in `before` and `close()` in `after`; the helpers act on the page `open()` returned.
 */
export function harness(prefix = '') {
  let browser
  let page
  let failed = false
  let shot = 0

  const byTestId = (id) => page.locator(`[data-testid="${id}"]`)
  // Element Plus puts a data-testid either on the <input>/<textarea> itself (el-input) or on a wrapper.
  const inputOf = (id) =>
    page
      .locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`)
      .first()

  async function open() {
    assert.ok(BASE_URL, 'BASE_URL must be set (e.g. http://127.0.0.1:8080)')
    assert.ok(ADMIN_PASSWORD, 'ADMIN_PASSWORD must be set')
    mkdirSync(ARTIFACTS, { recursive: true })
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
    })
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    context.setDefaultTimeout(TIMEOUT)
    page = await context.newPage()
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`))
    return page
  }

  async function close() {
    await browser?.close()
  }

  async function screenshot(name) {
    shot += 1
    const file = path.join(ARTIFACTS, `${prefix}${String(shot).padStart(2, '0')}-${name}.png`)
    await page.waitForTimeout(400) // let Element Plus transitions finish so the picture is readable
    await page.screenshot({ path: file, fullPage: true }).catch(() => {})
    return file
  }

  /** Runs a step unless an earlier one failed; a failure leaves a screenshot behind. */
  function step(title, fn) {
    it(title, async (t) => {
      if (failed) {
        t.skip('an earlier step failed')
        return
      }
      try {
        await fn()
      } catch (e) {
        failed = true
        const file = page ? await screenshot(`FAILED-${title.replace(/[^a-z0-9]+/gi, '-')}`) : ''
        const visibleErrors = page ? await page.locator('.el-message--error').allInnerTexts().catch(() => []) : []
        if (visibleErrors.length) e.message += `\nMessages shown by the portal: ${visibleErrors.join(' | ')}`
        if (file) e.message += `\nScreenshot: ${file}`
        throw e
      }
    })
  }

  async function goto(p) {
    await page.goto(`${BASE_URL}${p}`, { waitUntil: 'domcontentloaded' })
  }

  /** Waits for a success toast or fails with the error toast's text (the server's problem detail). */
  async function expectSaved() {
    const ok = page.locator('.el-message--success')
    const err = page.locator('.el-message--error')
    await Promise.race([ok.first().waitFor({ state: 'visible' }), err.first().waitFor({ state: 'visible' })])
    if (await err.count()) throw new Error(`The portal showed an error: ${await err.first().innerText()}`)
  }

  return { open, close, byTestId, inputOf, screenshot, step, goto, expectSaved }
}
