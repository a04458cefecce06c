// Lets Node 20's `node --test e2e/` find the model service end-to-end test (see portal.e2e.test.mjs).
import './gateway.e2e.mjs'
