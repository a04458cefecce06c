// Node 20's `node --test e2e/` only picks up files named like *.test.mjs; this makes the
// directory form (used by the server's integration test and `npm run e2e`) find the portal
// end-to-end test. Run one of the two forms, not both files at once.
import './portal.e2e.mjs'
