// End-to-end test of the portal against a running Jingzhi server.
//
//   BASE_URL=http://127.0.0.1:8080 ADMIN_PASSWORD=... node --test e2e/
//
// Env: BASE_URL (required), ADMIN_USER (admin), ADMIN_PASSWORD (required),
// AUDIT_USER (auditor), AUDIT_PASSWORD (defaults to ADMIN_PASSWORD),
// CHROMIUM_PATH (/usr/bin/chromium), E2E_ARTIFACTS (jingzhi-web/e2e-artifacts).
// Steps run in order; after the first failure the rest are skipped, and the run exits non-zero.
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ADMIN_PASSWORD, ADMIN_USER, BASE_URL, TIMEOUT, harness } from './harness.mjs'

const AUDIT_USER = process.env.AUDIT_USER || 'auditor'
const AUDIT_PASSWORD = process.env.AUDIT_PASSWORD || ADMIN_PASSWORD

// One run id keeps names unique across runs against the same database.
const run = Date.now().toString(36)
const names = {
  orgCode: `e2eorg${run}`,
  orgName: `E2E机构${run}`,
  username: `e2euser${run}`,
  userDisplay: `E2E用户${run}`,
  userPassword: `E2e-Pass-${run}-9x!`,
  projectCode: `e2eproj${run}`,
  projectName: `E2E项目${run}`,
  appCode: `e2eapp${run}`,
  appName: `E2E应用${run}`,
  keyName: `e2ekey${run}`,
  model: 'e2e-model',
}

let page
let apiKey = ''
const { open, close, byTestId, inputOf, screenshot, step, goto, expectSaved } = harness()

async function login(username, password) {
  await goto('/login')
  await inputOf('login-username').fill(username)
  await inputOf('login-password').fill(password)
  await byTestId('login-submit').click()
  const home = byTestId('home')
  const loginError = byTestId('login-error')
  const changePassword = byTestId('password-change-reason')
  await Promise.race([home.waitFor(), loginError.waitFor(), changePassword.waitFor()])
  if (await loginError.isVisible()) throw new Error(`Login as ${username} failed: ${await loginError.innerText()}`)
  if (await changePassword.isVisible()) {
    throw new Error(`Login as ${username} requires a password change first: ${await changePassword.innerText()}`)
  }
}

async function logout() {
  await byTestId('user-menu').click()
  await byTestId('menu-logout').click()
  await page.waitForURL(/\/login/)
  await byTestId('login-submit').waitFor()
}

describe('Jingzhi portal end to end', () => {
  before(async () => {
    page = await open()
  })

  after(close)

  step('admin logs in', async () => {
    await login(ADMIN_USER, ADMIN_PASSWORD)
    // zh-CN is the default language
    await assert.doesNotReject(byTestId('nav-home').waitFor())
    await screenshot('admin-home')
  })

  step('creates an org under the root org', async () => {
    await byTestId('nav-orgs').click()
    await page.waitForURL(/\/iam\/orgs$/)
    const root = page.locator('[data-testid="org-tree"] .el-tree-node').first()
    await root.locator('.el-tree-node__content').first().click()
    await byTestId('org-create-child').click()
    await inputOf('org-form-code').fill(names.orgCode)
    await inputOf('org-form-name').fill(names.orgName)
    await byTestId('org-form-submit').click()
    await expectSaved()
    await byTestId(`org-node-${names.orgCode}`).waitFor()
    await screenshot('org-created')
  })

  step('creates a user in the new org', async () => {
    await byTestId('nav-users').click()
    await page.waitForURL(/\/iam\/users$/)
    await byTestId(`user-org-node-${names.orgCode}`).click()
    await byTestId('user-create').click()
    const dialog = byTestId('user-dialog')
    await dialog.waitFor()
    await inputOf('user-form-username').fill(names.username)
    await inputOf('user-form-display-name').fill(names.userDisplay)
    await inputOf('user-form-password').fill(names.userPassword)
    await inputOf('user-form-email').fill(`${names.username}@example.gov.cn`)
    await byTestId('user-form-submit').click()
    await expectSaved()
    await byTestId(`user-row-${names.username}`).waitFor()
    await screenshot('user-created')
  })

  step('creates a project, an app and an API key shown once', async () => {
    await byTestId('nav-projects').click()
    await page.waitForURL(/\/iam\/projects$/)
    await byTestId('project-create').click()
    await inputOf('project-form-code').fill(names.projectCode)
    await inputOf('project-form-name').fill(names.projectName)
    await inputOf('project-form-description').fill('created by the end-to-end test')
    await byTestId('project-form-submit').click()
    await byTestId('project-detail').waitFor()

    await byTestId('app-create').click()
    await inputOf('app-form-code').fill(names.appCode)
    await inputOf('app-form-name').fill(names.appName)
    await byTestId('app-form-submit').click()
    await byTestId('app-detail').waitFor()
    await screenshot('app-created')

    await byTestId('key-create').click()
    await inputOf('key-form-name').fill(names.keyName)
    const models = inputOf('key-form-models')
    await models.fill(names.model)
    await models.press('Enter')
    await page.locator('[data-testid="key-form-models"] .el-tag', { hasText: names.model }).first().waitFor()
    await inputOf('key-form-rpm').fill('600')
    await byTestId('key-form-submit').click()
    const secret = inputOf('key-secret')
    await secret.waitFor()
    apiKey = await secret.inputValue()
    assert.ok(apiKey.length >= 20, `the once-shown key looks too short: ${apiKey.length} characters`)
    await screenshot('key-shown-once')
    await byTestId('key-copy').click()
    await byTestId('key-result-close').click()
    await byTestId('key-result-dialog').waitFor({ state: 'hidden' })
    await byTestId(`key-row-${names.keyName}`).waitFor()
    await byTestId(`key-status-${names.keyName}`).waitFor()
    const row = page.locator('[data-testid="key-table"] .el-table__row', { has: byTestId(`key-row-${names.keyName}`) })
    assert.match(await row.innerText(), new RegExp(names.model), 'the key row lists its allowed model')
    // The table shows the prefix, never the secret.
    assert.ok(!(await byTestId('key-table').innerText()).includes(apiKey), 'the key table must not show the full key')
    await screenshot('key-listed')
  })

  step('the new API key authenticates against /api/v1/me', async () => {
    const res = await fetch(`${BASE_URL}/api/v1/me`, { headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' } })
    const text = await res.text()
    assert.equal(res.status, 200, `GET /api/v1/me with the new key: ${res.status} ${text}`)
    assert.equal(JSON.parse(text).auth_type, 'api_key')
  })

  step('the audit administrator finds the creations in the audit log', async () => {
    await logout()
    await login(AUDIT_USER, AUDIT_PASSWORD)
    await byTestId('nav-audit').click()
    await page.waitForURL(/\/audit$/)
    const table = byTestId('audit-table')
    await table.locator('.el-table__row').first().waitFor()
    // Every name created above contains the run id; the target filter matches target names.
    await inputOf('audit-filter-target').fill(run)
    await byTestId('audit-search').click()
    await page.waitForLoadState('networkidle')
    const expected = {
      org: [names.orgCode, names.orgName],
      user: [names.username, names.userDisplay],
      project: [names.projectCode, names.projectName],
      app: [names.appCode, names.appName],
      'api key': [names.keyName],
    }
    const deadline = Date.now() + TIMEOUT
    let missing = []
    // Audit writes may be batched: search again until all show up or time runs out.
    for (;;) {
      const text = await table.innerText()
      missing = Object.entries(expected)
        .filter(([, needles]) => !needles.some((n) => text.includes(n)))
        .map(([kind]) => kind)
      if (missing.length === 0 || Date.now() > deadline) break
      await page.waitForTimeout(1000)
      await byTestId('audit-search').click()
      await page.waitForLoadState('networkidle')
    }
    assert.deepEqual(missing, [], `audit log rows name none of the created ${missing.join(', ')} (by code or name)`)
    // open the org creation's row to show its before/after
    const orgRow = table.locator('.el-table__row', { hasText: names.orgName }).or(table.locator('.el-table__row', { hasText: names.orgCode }))
    await orgRow.first().locator('.el-table__expand-icon').click()
    await screenshot('audit-log')
  })

  step('the audit chain verifies as valid', async () => {
    await byTestId('audit-verify').click()
    const result = byTestId('audit-verify-result')
    await result.waitFor()
    assert.equal(await result.getAttribute('data-valid'), 'true', `chain verification: ${await result.innerText()}`)
    const checked = Number(await byTestId('audit-verify-checked').innerText())
    assert.ok(checked > 0, 'the verification checked no events')
    await screenshot('audit-chain-valid')
  })

  step('the audit log exports as CSV with the bearer token', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('audit-export').click()])
    const file = await download.path()
    const csv = readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
    assert.match(csv.split(/\r?\n/)[0], /^id,occurred_at,/, 'CSV header')
    assert.ok(csv.includes(names.orgCode) || csv.includes(names.orgName), 'the export contains the filtered events')
  })

  step('switching to English changes the navigation and is remembered', async () => {
    const label = byTestId('nav-audit')
    assert.equal((await label.innerText()).trim(), '审计日志')
    await byTestId('lang-switch').click()
    await byTestId('lang-en-US').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-audit"]')?.textContent?.trim() === 'Audit log')
    await screenshot('english')
    await page.reload({ waitUntil: 'domcontentloaded' })
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-audit"]')?.textContent?.trim() === 'Audit log')
  })
})
