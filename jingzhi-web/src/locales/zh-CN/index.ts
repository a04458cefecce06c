import common from './common'
import nav from './nav'
import auth from './auth'
import home from './home'
import iam from './iam'
import audit from './audit'
import gateway from './gateway'
import guardLexicon from './guardLexicon'
import guardPolicy from './guardPolicy'
import guardAudit from './guardAudit'
import guardProxy from './guardProxy'
import guardLabels from './guardLabels'

export default { ...common, ...nav, ...auth, ...home, ...iam, ...audit, ...gateway, ...guardPolicy, ...guardLexicon, ...guardAudit, ...guardProxy, ...guardLabels }
