import common from './common'
import nav from './nav'
import auth from './auth'
import home from './home'
import iam from './iam'
import audit from './audit'
import gateway from './gateway'
import guardAudit from './guardAudit'

export default { ...common, ...nav, ...auth, ...home, ...iam, ...audit, ...gateway, ...guardAudit }
