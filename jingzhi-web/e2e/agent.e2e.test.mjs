// Lets Node 20's `node --test e2e/` find the agent end-to-end test (see portal.e2e.test.mjs). It needs the agent
// backend and a model simulator, so it runs only when E2E_AGENT=1 (PortalE2EIT sets it, with SIMULATOR_URL).
import { it } from 'node:test'

if (process.env.E2E_AGENT === '1') {
  await import('./agent.e2e.mjs')
} else {
  it('agent pages end to end', (t) => t.skip('E2E_AGENT is not 1: the agent backend flow is off'))
}
