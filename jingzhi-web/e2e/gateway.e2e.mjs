// End-to-end test of the model service (gateway) pages against a running Jingzhi server.
//
//   BASE_URL=http://127.0.0.1:8080 ADMIN_PASSWORD=... node --test e2e/
//
// Works on an empty database: the server registers only the in-process embedding model
// bge-small-zh-v1.5. The test registers a simulated chat model whose endpoint does not answer,
// checks its health and the playground's error display, then deletes it.
// Env: BASE_URL, ADMIN_USER (admin), ADMIN_PASSWORD, CHROMIUM_PATH, E2E_ARTIFACTS (screenshots get a gw- prefix).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const BASE_URL = (process.env.BASE_URL ?? '').replace(/\/+$/, '')
const ADMIN_USER = process.env.ADMIN_USER || 'admin'
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? ''
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const ARTIFACTS = path.resolve(process.env.E2E_ARTIFACTS || path.join(here, '..', 'e2e-artifacts'))
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 30000)

const EMBEDDING_MODEL = 'bge-small-zh-v1.5'
const run = Date.now().toString(36)
const chatModel = `e2e-sim-${run}`
const upstreamKey = `sk-e2e-${run}-never-shown`

let browser
let page
let failed = false
let shot = 0

const byTestId = (id) => page.locator(`[data-testid="${id}"]`)
const inputOf = (id) =>
  page
    .locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`)
    .first()

async function screenshot(name) {
  shot += 1
  const file = path.join(ARTIFACTS, `gw-${String(shot).padStart(2, '0')}-${name}.png`)
  await page.waitForTimeout(400)
  await page.screenshot({ path: file, fullPage: true }).catch(() => {})
  return file
}

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

async function expectSaved() {
  const ok = page.locator('.el-message--success')
  const err = page.locator('.el-message--error')
  await Promise.race([ok.first().waitFor({ state: 'visible' }), err.first().waitFor({ state: 'visible' })])
  if (await err.count()) throw new Error(`The portal showed an error: ${await err.first().innerText()}`)
}

describe('Jingzhi model service pages end to end', () => {
  before(async () => {
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
  })

  after(async () => {
    await browser?.close()
  })

  step('admin logs in and opens the model list from the navigation', async () => {
    await goto('/login')
    await inputOf('login-username').fill(ADMIN_USER)
    await inputOf('login-password').fill(ADMIN_PASSWORD)
    await byTestId('login-submit').click()
    await byTestId('home').waitFor()
    await byTestId('nav-models').click()
    await page.waitForURL(/\/gateway\/models$/)
    await byTestId(`model-row-${EMBEDDING_MODEL}`).waitFor()
    // the real in-process model is not marked simulated
    assert.equal(await byTestId(`model-simulated-${EMBEDDING_MODEL}`).count(), 0, `${EMBEDDING_MODEL} must not be marked simulated`)
    await screenshot('models')
  })

  step('registers a simulated chat model with an endpoint and a write-only key', async () => {
    await byTestId('model-create').click()
    await byTestId('model-dialog').waitFor()
    await inputOf('model-form-name').fill(chatModel)
    await inputOf('model-form-family').fill('E2E Simulator')
    await page.locator('[data-testid="model-dialog"] .el-checkbox', { hasText: /模拟|Simulated/ }).click()
    // nothing listens on the discard port: the endpoint is unreachable on purpose
    await inputOf('endpoint-url-0').fill('http://127.0.0.1:9/v1')
    await inputOf('endpoint-key-0').fill(upstreamKey)
    await screenshot('model-create')
    await byTestId('model-form-submit').click()
    await expectSaved()
    const tag = byTestId(`model-simulated-${chatModel}`)
    await tag.waitFor()
    assert.match(await tag.innerText(), /模拟|Simulated/)
    assert.equal((await byTestId(`model-endpoints-${chatModel}`).innerText()).trim(), '1')
    await screenshot('model-created')
  })

  step('the model detail shows endpoints, never the key, and live health after "check now"', async () => {
    await byTestId(`model-row-${chatModel}`).click()
    await byTestId('model-detail').waitFor()
    await byTestId('model-detail-simulated').waitFor()
    await byTestId('endpoints-table').locator('.el-table__row').first().waitFor()
    await byTestId('health-check-now').click()
    const lastCheck = byTestId('health-table').locator('.el-table__row').first()
    await lastCheck.filter({ hasText: /失败|Failed/ }).waitFor()
    assert.ok(!(await page.locator('body').innerText()).includes(upstreamKey), 'the upstream key must never be shown')
    await screenshot('model-health')
  })

  step('editing keeps the stored key when the field is left empty', async () => {
    await byTestId('model-detail-edit').click()
    await byTestId('model-dialog').waitFor()
    assert.equal(await inputOf('endpoint-key-0').inputValue(), '', 'the key field starts empty')
    await inputOf('model-form-family').fill('E2E Simulator (edited)')
    await byTestId('model-form-submit').click()
    await expectSaved()
    await page.locator('[data-testid="model-detail"]', { hasText: 'E2E Simulator (edited)' }).waitFor()
  })

  step('the playground shows the gateway error of an unreachable chat model', async () => {
    await goto(`/gateway/playground?model=${encodeURIComponent(chatModel)}`)
    await byTestId('playground-page').waitFor()
    await page.locator('[data-testid="chat-model"]', { hasText: chatModel }).waitFor()
    await inputOf('chat-input').fill('你好')
    await byTestId('chat-send').click()
    const error = byTestId('chat-error')
    await error.waitFor({ timeout: 60000 })
    assert.ok((await error.innerText()).trim().length > 0, 'the error names a reason')
    await screenshot('playground-chat-error')
  })

  step(`the embedding test computes the similarity of two texts with ${EMBEDDING_MODEL}`, async () => {
    await goto('/gateway/playground?tab=embedding')
    await byTestId('embedding-tab').waitFor()
    await page.locator('[data-testid="embedding-model"]', { hasText: EMBEDDING_MODEL }).waitFor()
    await inputOf('embedding-a').fill('市民可以通过12345热线反映诉求。')
    await inputOf('embedding-b').fill('群众拨打12345政务服务便民热线提出问题。')
    await byTestId('embedding-run').click()
    const cosine = byTestId('embedding-cosine')
    await cosine.waitFor({ timeout: 120000 }) // the first call loads the model
    assert.equal((await byTestId('embedding-dims').innerText()).trim(), '512')
    const value = Number((await cosine.innerText()).trim())
    assert.ok(value > 0.3 && value <= 1.0001, `two sentences about the 12345 hotline should be similar, got ${value}`)
    await screenshot('playground-embedding')
  })

  step('the usage and benchmark pages open (or say their API is not there yet)', async () => {
    for (const [p, ready] of [
      ['/gateway/usage', '[data-testid="usage-cards"], [data-testid="usage-missing"]'],
      ['/gateway/benchmarks', '[data-testid="benchmarks-table"], [data-testid="benchmarks-missing"]'],
    ]) {
      await goto(p)
      // without the permission (not granted to any role yet) the guard sends the user home
      await page.locator(`${ready}, [data-testid="home"]`).first().waitFor()
      await screenshot(p.split('/').pop())
    }
  })

  step('deletes the test model', async () => {
    await goto('/gateway/models')
    await byTestId(`model-delete-${chatModel}`).click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await expectSaved()
    await byTestId(`model-row-${chatModel}`).waitFor({ state: 'detached' })
  })
})
