// End-to-end test of the model service (gateway) pages against a running Jingzhi server.
//
//   BASE_URL=http://127.0.0.1:8080 ADMIN_PASSWORD=... node --test e2e/
//
// Works on an empty database: the server registers only the in-process embedding model
// bge-small-zh-v1.5. The test registers a simulated chat model whose endpoint does not answer,
// checks its health and the playground's error display, then deletes it.
// Env: BASE_URL, ADMIN_USER (admin), ADMIN_PASSWORD, CHROMIUM_PATH, E2E_ARTIFACTS (screenshots get a gw- prefix).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, ADMIN_USER, BASE_URL, harness } from './harness.mjs'

const EMBEDDING_MODEL = 'bge-small-zh-v1.5'
const run = Date.now().toString(36)
const chatModel = `e2e-sim-${run}`
const upstreamKey = `sk-e2e-${run}-never-shown`

let page
const { open, close, byTestId, inputOf, screenshot, step, goto, expectSaved } = harness('gw-')

describe('Jingzhi model service pages end to end', () => {
  before(async () => {
    page = await open()
  })

  after(close)

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
