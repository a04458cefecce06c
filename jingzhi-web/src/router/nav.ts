/**
 * The left navigation: one section per sub-platform. The portal & identity, the model service (gateway),
 * the security guardrail, the knowledge hub and the agent sections are built; every other entry leads to a
 * "planned" page.
 */
export interface NavItem {
  /** i18n key under `nav.` and the data-testid suffix */
  key: string
  path: string
  /** permission code, or a prefix ending in ':' (see hasPermission); a list means any of them */
  perm?: string | readonly string[]
  planned?: boolean
}

export interface NavSection {
  key: string
  icon: string
  items: NavItem[]
  planned?: boolean
}

export const PLANNED_FEATURES = ['agent', 'approval', 'eval', 'compute', 'tools'] as const
export type PlannedFeature = (typeof PLANNED_FEATURES)[number]

const planned = (key: PlannedFeature, icon: string): NavSection => ({
  key,
  icon,
  planned: true,
  items: [{ key, path: `/planned/${key}`, planned: true }],
})

/** Guard events and what derives from them are read by guard managers and the audit administrator. */
export const GUARD_READERS = ['guard:manage', 'audit:read'] as const

export const NAV: NavSection[] = [
  {
    key: 'portal',
    icon: 'OfficeBuilding',
    items: [
      { key: 'orgs', path: '/iam/orgs', perm: 'org:' },
      { key: 'users', path: '/iam/users', perm: 'user:' },
      { key: 'groups', path: '/iam/groups', perm: 'group:' },
      { key: 'roles', path: '/iam/roles', perm: 'role:' },
      { key: 'projects', path: '/iam/projects', perm: 'project:' },
      { key: 'audit', path: '/audit', perm: 'audit:' },
    ],
  },
  {
    key: 'gateway',
    icon: 'Connection',
    items: [
      { key: 'models', path: '/gateway/models', perm: 'model:read' },
      { key: 'playground', path: '/gateway/playground', perm: 'model:invoke' },
      { key: 'usage', path: '/gateway/usage', perm: 'usage:read' },
      { key: 'benchmarks', path: '/gateway/benchmarks', perm: 'model:read' },
    ],
  },
  {
    key: 'guard',
    icon: 'Lock',
    items: [
      { key: 'guardConsole', path: '/guard/console', perm: 'guard:manage' },
      { key: 'guardPolicies', path: '/guard/policies', perm: 'guard:manage' },
      { key: 'guardAnswers', path: '/guard/answers', perm: 'guard:manage' },
      { key: 'lexicons', path: '/guard/lexicons', perm: 'guard:manage' },
      { key: 'piiRules', path: '/guard/pii-rules', perm: 'guard:manage' },
      { key: 'guardProxy', path: '/guard/proxy', perm: 'guard:manage' },
      { key: 'guardEvents', path: '/guard/events', perm: GUARD_READERS },
      { key: 'guardAnalysis', path: '/guard/analysis', perm: GUARD_READERS },
      { key: 'guardAlerts', path: '/guard/alerts', perm: GUARD_READERS },
      { key: 'guardEvaluations', path: '/guard/evaluations', perm: 'guard:manage' },
    ],
  },
  {
    key: 'knowledge',
    icon: 'Collection',
    items: [
      { key: 'kbSearch', path: '/knowledge/search', perm: 'kb:read' },
      { key: 'kbBases', path: '/knowledge/bases', perm: 'kb:read' },
      { key: 'kbDictionaries', path: '/knowledge/dictionaries', perm: 'kb:read' },
      { key: 'kbTrees', path: '/knowledge/trees', perm: 'kb:read' },
    ],
  },
  {
    key: 'agent',
    icon: 'MagicStick',
    items: [
      { key: 'agentCatalog', path: '/agent/catalog', perm: 'agent:read' },
      { key: 'agentApps', path: '/agent/apps', perm: 'agent:write' },
      { key: 'agentMcp', path: '/agent/mcp-servers', perm: 'agent:write' },
      { key: 'agentDatabases', path: '/agent/db-connections', perm: 'agent:write' },
    ],
  },
  planned('approval', 'Stamp'),
  planned('eval', 'DataAnalysis'),
  planned('compute', 'Cpu'),
  planned('tools', 'Tools'),
]
