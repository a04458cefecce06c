// Lets Node 20's `node --test e2e/` find the security guardrail end-to-end test (see portal.e2e.test.mjs).
import './guard.e2e.mjs'
