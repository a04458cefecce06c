// End-to-end test of the knowledge hub pages against a running Jingzhi server.
//
//   BASE_URL=http://127.0.0.1:8080 ADMIN_PASSWORD=... node --test e2e/
//
// Works on an empty database: it creates its own project, a knowledge base, uploads a small policy document,
// waits until the document is ready, runs a retrieval test and a portal search, then deletes the base.
// Env: BASE_URL, ADMIN_USER (admin), ADMIN_PASSWORD, CHROMIUM_PATH, E2E_ARTIFACTS (screenshots get a kb- prefix).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, ADMIN_USER, harness } from './harness.mjs'

const run = Date.now().toString(36)
const names = {
  projectCode: `e2ekbproj${run}`,
  projectName: `E2E知识项目${run}`,
  kbName: `E2E医保政策库${run}`,
  kbCode: `e2ekb${run}`,
  file: `新生儿参保办法-${run}.txt`,
}

// A short policy document: the policy strategy cuts it by article, so the retrieval test has several chunks to rank.
const POLICY = [
  '关于新生儿参加城乡居民基本医疗保险的实施办法',
  '第一章 总则',
  '第一条 为保障新生儿基本医疗需求，根据有关规定，制定本办法。',
  '第二条 本办法适用于本市户籍及持有居住证人员的新生儿。',
  '第二章 参保登记',
  '第三条 新生儿自出生之日起九十日内办理参保登记的，自出生之日起享受城乡居民基本医疗保险待遇。',
  '第四条 新生儿参保登记可以通过“一网通办”平台或者街道社区事务受理服务中心办理，需提供出生医学证明。',
  '第三章 附则',
  '第五条 本办法自2025年1月1日起施行。',
].join('\n')

// Message keys of the knowledge pages: text like 'kb.doc.preview' on a page is a key shown raw.
const RAW_KEY = /\b(?:kb|kbm|kbs|nav)\.[a-zA-Z_]+(?:\.[a-zA-Z_]+)*\b/g

let page
const { open, close, byTestId, inputOf, screenshot, step, goto, expectSaved } = harness('kb-')

async function assertPageClean() {
  const text = await page.locator('body').innerText()
  assert.deepEqual(text.match(RAW_KEY) ?? [], [], `untranslated message keys on ${page.url()}`)
  const overflow = await page.locator('.jz-main').evaluate((m) => m.scrollWidth - m.clientWidth)
  assert.ok(overflow <= 1, `${page.url()} is ${overflow}px wider than the content area`)
}

/** Picks an option of an Element Plus select by its visible text. */
async function choose(selectTestId, optionText) {
  await byTestId(selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

describe('Jingzhi knowledge hub pages end to end', () => {
  before(async () => {
    page = await open()
  })

  after(close)

  step('admin logs in and creates a project for the knowledge base', async () => {
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

  step('the knowledge section is in the navigation and the list page opens', async () => {
    await byTestId('nav-kbBases').click()
    await page.waitForURL(/\/knowledge\/bases$/)
    await byTestId('kb-table').waitFor()
    for (const key of ['kbSearch', 'kbDictionaries', 'kbTrees']) await byTestId(`nav-${key}`).waitFor()
    await assertPageClean()
  })

  step('creates a knowledge base with the policy chunking strategy', async () => {
    await byTestId('kb-create').click()
    await byTestId('kb-dialog').waitFor()
    await inputOf('kb-form-name').fill(names.kbName)
    await inputOf('kb-form-code').fill(names.kbCode)
    await choose('kb-form-project', names.projectCode)
    await choose('kb-form-strategy', /政策文件/)
    await screenshot('create-dialog')
    await byTestId('kb-form-submit').click()
    await expectSaved()
    await byTestId('kb-detail').waitFor()
    // The detail page renders before the base is loaded: wait for its name rather than read it at once.
    await page.locator('[data-testid="kb-detail-name"]', { hasText: names.kbName }).waitFor()
    assert.equal((await byTestId('kb-detail-name').innerText()).trim(), names.kbName)
  })

  step('uploads a document and sees it accepted', async () => {
    await byTestId('kb-upload').click()
    await byTestId('kb-upload-dialog').waitFor()
    await page.locator('[data-testid="kb-upload-drop"] input[type="file"]').setInputFiles({
      name: names.file,
      mimeType: 'text/plain',
      buffer: Buffer.from(POLICY, 'utf8'),
    })
    await byTestId('kb-upload-submit').click()
    const results = byTestId('kb-upload-results')
    await results.waitFor()
    assert.match(await results.innerText(), new RegExp(names.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    await screenshot('uploaded')
    await page.keyboard.press('Escape')
    await byTestId('kb-upload-dialog').waitFor({ state: 'hidden' })
  })

  step('the document becomes ready with chunks (the list refreshes by itself)', async () => {
    const status = byTestId(`kb-doc-status-${names.file}`)
    await status.waitFor()
    await page.locator(`[data-testid="kb-doc-status-${names.file}"]`, { hasText: /已就绪|失败/ }).waitFor({ timeout: 120000 })
    assert.match(await status.innerText(), /已就绪/, 'the document was processed without error')
    // The header's counts refresh after the document list: wait for them instead of reading them at once.
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid="kb-detail-chunks"]')?.textContent?.trim() ?? ''
      return text !== '' && text !== '0'
    }, null, { timeout: 15000 }).catch(() => {})
    assert.notEqual((await byTestId('kb-detail-chunks').innerText()).trim(), '0', 'the base counts its chunks')
    await screenshot('document-ready')
    await assertPageClean()
  })

  step('the jobs tab shows the finished upload job', async () => {
    await page.locator('.el-tabs__item', { hasText: '任务' }).click()
    await byTestId('kb-job-table').locator('.el-table__row').first().waitFor()
    await byTestId('kb-job-table').locator('.el-tag', { hasText: '已完成' }).first().waitFor()
    await screenshot('jobs')
  })

  step('the chunks tab shows the article chunks with their heading path', async () => {
    await page.locator('.el-tabs__item', { hasText: '切片' }).click()
    await byTestId('kb-chunk-table').locator('.el-table__row').first().waitFor()
    const text = await byTestId('kb-chunk-table').innerText()
    assert.match(text, /第三条/)
    await screenshot('chunks')
  })

  step('the retrieval console finds the article about enrolment deadlines, with its score', async () => {
    await page.locator('.el-tabs__item', { hasText: '检索测试' }).click()
    await inputOf('kb-retrieve-query').fill('新生儿出生后多久内参保可以享受医保待遇')
    await byTestId('kb-retrieve-run').click()
    const first = byTestId('kb-retrieve-hit').first()
    await first.waitFor({ timeout: 60000 })
    assert.match(await byTestId('kb-retrieve-summary').innerText(), /命中 \d+ 条/)
    assert.match(await first.innerText(), /九十日/, 'the best hit is the article naming the 90-day deadline')
    assert.ok(Number((await first.locator('[data-testid="kb-retrieve-score"]').innerText()).trim()) > 0)
    // a highlight renders as <mark>, never as raw <em> text
    assert.ok(!(await first.innerText()).includes('<em>'), 'highlight marks are rendered, not shown as text')
    await screenshot('retrieval')
    await assertPageClean()
  })

  step('the search portal finds the document across bases (or says its API is not there yet)', async () => {
    await byTestId('nav-kbSearch').click()
    await byTestId('kbs-page').waitFor()
    await inputOf('kbs-query').fill('新生儿 参保登记')
    await byTestId('kbs-run').click()
    const hit = byTestId('kbs-hit').first()
    const missing = byTestId('kbs-missing')
    const error = page.locator('.el-message--error').first()
    await Promise.race([hit.waitFor(), missing.waitFor(), error.waitFor()])
    assert.deepEqual(await page.locator('.el-message--error').allInnerTexts(), [], 'the search portal answered without an error')
    if (await hit.isVisible()) assert.match(await hit.innerText(), /新生儿/)
    await screenshot('search-portal')
    await assertPageClean()
  })

  step('the dictionaries and knowledge tree pages open (or say their API is not there yet)', async () => {
    for (const [nav, ready] of [
      ['kbDictionaries', '[data-testid="kb-dict-table"], [data-testid="kb-dictionaries-missing"]'],
      ['kbTrees', '[data-testid="kb-tree-table"], [data-testid="kb-trees-missing"]'],
    ]) {
      await byTestId(`nav-${nav}`).click()
      await page.locator(ready).first().waitFor()
      await screenshot(nav)
      await assertPageClean()
    }
  })

  step('deletes the knowledge base', async () => {
    await byTestId('nav-kbBases').click()
    await byTestId(`kb-delete-${names.kbCode}`).click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await expectSaved()
    await byTestId(`kb-row-${names.kbCode}`).waitFor({ state: 'detached' })
  })
})
