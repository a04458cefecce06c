// End-to-end test of the agent pages against a running Jingzhi server with the agent backend.
//
//   BASE_URL=http://127.0.0.1:8080 ADMIN_PASSWORD=... SIMULATOR_URL=http://127.0.0.1:9400 E2E_AGENT=1 node --test e2e/agent.e2e.test.mjs
//
// Works on an empty database: it registers a simulated chat model at SIMULATOR_URL through the API (the project's
// model simulator, not a model), creates a project and a workflow app, builds start → LLM → answer on the canvas,
// saves once with the LLM node unconnected and without a model (the server names that node: the canvas marks it),
// fixes it, debug-runs it (node states and the streamed answer), publishes, finds it in the catalog and chats with it.
// Env: BASE_URL, ADMIN_USER (admin), ADMIN_PASSWORD, SIMULATOR_URL, SIMULATOR_MODEL (sim-chat), CHROMIUM_PATH, E2E_ARTIFACTS (prefix agent-).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, ADMIN_USER, BASE_URL, harness } from './harness.mjs'

const run = Date.now().toString(36)
const names = {
  projectCode: `e2eagent${run}`,
  projectName: `E2E智能体项目${run}`,
  appName: `E2E政策问答流程${run}`,
  appCode: `e2e-flow-${run}`,
  model: `e2e-agent-chat-${run}`,
}
const SIMULATOR_URL = (process.env.SIMULATOR_URL ?? '').replace(/\/+$/, '')
// the name the simulator serves (it refuses other model names)
const SIMULATOR_MODEL = process.env.SIMULATOR_MODEL || 'sim-chat'

// Message keys of the agent pages: text like 'agent.editor.save' on a page is a key shown raw.
const RAW_KEY = /\b(?:agent|nav)\.[a-zA-Z_]+(?:\.[a-zA-Z_]+)+\b/g

let page
const { open, close, byTestId, inputOf, screenshot, step, goto, expectSaved } = harness('agent-')

async function assertPageClean() {
  const text = await page.locator('body').innerText()
  assert.deepEqual(text.match(RAW_KEY) ?? [], [], `untranslated message keys on ${page.url()}`)
}

async function choose(selectTestId, optionText) {
  await byTestId(selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

/** Registers the simulated chat model through the platform API as the admin (the model pages have their own e2e). */
async function registerSimulatedModel() {
  const login = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: ADMIN_USER, password: ADMIN_PASSWORD }),
  })
  assert.equal(login.status, 200, 'admin login through the API')
  const { access_token: token } = await login.json()
  const res = await fetch(`${BASE_URL}/api/v1/models`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: names.model, kind: 'chat', simulated: true, endpoints: [{ url: SIMULATOR_URL, upstream_model: SIMULATOR_MODEL }] }),
  })
  assert.equal(res.status, 201, `registering the simulated model: ${await res.text()}`)
}

/** Drags a connection from a node's exit to another node's entry on the canvas. */
async function connect(sourceHandleTestId, targetNodeId) {
  const from = await byTestId(sourceHandleTestId).boundingBox()
  const to = await byTestId(`agent-node-${targetNodeId}`).locator('.vue-flow__handle.target').boundingBox()
  assert.ok(from && to, 'both handles are on the canvas')
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await page.mouse.down()
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 })
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 })
  await page.mouse.up()
}

async function selectNode(id) {
  await byTestId(`agent-node-${id}`).click()
  await page.locator('[data-testid="agent-node-panel"] .jz-mono', { hasText: id }).first().waitFor()
}

describe('Jingzhi agent pages end to end', () => {
  before(async () => {
    assert.ok(SIMULATOR_URL, 'SIMULATOR_URL must name the model simulator the test model points at')
    await registerSimulatedModel()
    page = await open()
  })

  after(close)

  step('admin logs in and creates a project for the app', async () => {
    await goto('/login')
    await inputOf('login-username').fill(ADMIN_USER)
    await inputOf('login-password').fill(ADMIN_PASSWORD)
    await byTestId('login-submit').click()
    await byTestId('home').waitFor()
    await goto('/iam/projects')
    await byTestId('project-create').click()
    await inputOf('project-form-code').fill(names.projectCode)
    await inputOf('project-form-name').fill(names.projectName)
    await byTestId('project-form-submit').click()
    await byTestId('project-detail').waitFor()
  })

  step('the agent section replaces the planned placeholder; my apps opens', async () => {
    for (const key of ['agentCatalog', 'agentMcp', 'agentDatabases']) await byTestId(`nav-${key}`).waitFor()
    await byTestId('nav-agentApps').click()
    await page.waitForURL(/\/agent\/apps$/)
    await byTestId('agent-app-table').waitFor()
    await assertPageClean()
  })

  step('creates a workflow app and lands on the canvas with start and answer', async () => {
    await byTestId('agent-create').click()
    await byTestId('agent-create-dialog').waitFor()
    await inputOf('agent-form-name').fill(names.appName)
    await inputOf('agent-form-code').fill(names.appCode)
    await choose('agent-form-project', names.projectCode)
    await inputOf('agent-form-description').fill('根据市民问题生成办事指引（端到端测试）')
    await screenshot('create-dialog')
    await byTestId('agent-form-submit').click()
    await expectSaved()
    await page.waitForURL(new RegExp(`/agent/apps/${names.appCode}/workflow$`))
    await byTestId('agent-node-start').waitFor()
    await byTestId('agent-node-answer').waitFor()
    await assertPageClean()
  })

  step('adds an LLM node from the palette and saving names it as invalid on the canvas', async () => {
    await byTestId('agent-palette-node-llm').click()
    await byTestId('agent-node-llm').waitFor()
    await byTestId('agent-editor-save').click()
    await page.locator('.el-message--error').first().waitFor()
    await byTestId('agent-node-error-llm').waitFor()
    assert.match(await byTestId('agent-node-llm').getAttribute('class'), /is-invalid/)
    await byTestId('agent-node-errors').waitFor() // the panel opened on the named node and lists its errors
    await screenshot('validation-error')
  })

  step('fixes the node: picks the model, wires start → LLM → answer, answers with the LLM text', async () => {
    await selectNode('llm')
    await choose('agent-form-model', names.model)
    await inputOf('agent-form-prompt').fill('{{start.question}}')
    await connect('agent-handle-start-out', 'llm')
    await connect('agent-handle-llm-out', 'answer')
    await selectNode('answer')
    await inputOf('agent-form-text').fill('{{llm.text}}')
    await page.locator('.el-message').first().waitFor({ state: 'hidden' }).catch(() => {})
    await byTestId('agent-editor-save').click()
    await page.locator('.el-message--success', { hasText: /草稿已保存/ }).waitFor()
    assert.equal(await byTestId('agent-node-error-llm').count(), 0, 'the error mark is gone after a valid save')
    await screenshot('canvas-saved')
  })

  step('debug-runs the draft: every node succeeds and the answer streams in', async () => {
    await byTestId('agent-editor-debug').click()
    await inputOf('agent-debug-input-question').fill('新生儿如何办理医保参保登记？')
    await byTestId('agent-debug-run').click()
    await page.locator('[data-testid="agent-debug-status"]', { hasText: /成功|失败/ }).waitFor({ timeout: 60000 })
    assert.match(await byTestId('agent-debug-status').innerText(), /成功/, await byTestId('agent-debug').innerText())
    for (const id of ['start', 'llm', 'answer']) assert.equal(await byTestId(`agent-node-${id}`).getAttribute('data-status'), 'succeeded', `${id} succeeded`)
    assert.ok((await byTestId('agent-debug-answer').innerText()).trim().length > 0, 'the answer is shown')
    await byTestId('agent-trace-llm').waitFor()
    await screenshot('debug-run')
  })

  step('publishes with a note', async () => {
    await byTestId('agent-editor-publish').click()
    await page.locator('.el-message-box__input input').fill('首次发布（端到端测试）')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--success', { hasText: /已发布版本 v1/ }).waitFor()
    await byTestId('agent-app-published').waitFor()
  })

  step('finds the app in the catalog and favourites it', async () => {
    await byTestId('nav-agentCatalog').click()
    await byTestId('agent-catalog').waitFor()
    await inputOf('agent-catalog-search').fill(names.appCode)
    await inputOf('agent-catalog-search').press('Enter')
    const card = byTestId(`agent-card-${names.appCode}`)
    await card.waitFor()
    assert.match(await card.innerText(), new RegExp(names.appName))
    await byTestId(`agent-fav-${names.appCode}`).click()
    await expectSaved()
    await screenshot('catalog')
    await assertPageClean()
  })

  step('chats with the published app: the answer streams and feedback can be given', async () => {
    await byTestId(`agent-use-${names.appCode}`).click()
    await page.waitForURL(new RegExp(`/agent/apps/${names.appCode}/chat$`))
    await inputOf('agent-chat-text').fill('新生儿参保需要带什么材料？')
    await byTestId('agent-chat-send').click()
    const answer = byTestId('agent-msg-assistant').last()
    await answer.locator('[data-testid="agent-chat-up"]').waitFor({ timeout: 60000 })
    // an error text is not an answer: the run must have succeeded
    assert.equal(await answer.locator('.jz-msg-error').count(), 0, `the chat run failed: ${await answer.innerText()}`)
    assert.ok((await answer.innerText()).trim().length > 0, 'the assistant answered')
    await answer.locator('[data-testid="agent-chat-up"]').click()
    await expectSaved()
    await screenshot('chat')
    await assertPageClean()
  })

  step('the run history lists the runs with their trace', async () => {
    await byTestId('agent-tab-runs').click()
    await byTestId('agent-run-table').locator('.el-table__row').first().waitFor()
    await byTestId('agent-run-table').locator('.el-table__row').first().click()
    await byTestId('agent-run-detail').waitFor()
    await page.locator('[data-testid="agent-run-detail"] [data-testid="agent-trace-llm"]').waitFor()
    await screenshot('runs')
  })
})
