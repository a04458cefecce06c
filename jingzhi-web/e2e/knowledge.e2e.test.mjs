// Lets Node 20's `node --test e2e/` find the knowledge hub end-to-end test (see portal.e2e.test.mjs).
import './knowledge.e2e.mjs'
