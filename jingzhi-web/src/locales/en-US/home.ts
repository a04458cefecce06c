export default {
  home: {
    welcome: 'Hello, {name}',
    myAccount: 'My account',
    org: 'Organization',
    tenant: 'Tenant',
    roles: 'Roles',
    passwordExpires: 'Password expires',
    quickLinks: 'Quick links',
    noLinks: 'You have no administration features.',
    roadmap: 'Sub-platforms under construction',
    roadmapHint: 'These sub-platforms are planned and will open here when built.',
    linkHint: {
      orgs: 'City, bureau and division tree',
      users: 'Accounts, roles, unlocking and password resets',
      groups: 'Members by group',
      roles: 'Built-in and custom role permissions',
      projects: 'Projects, apps and API keys',
      audit: 'Audit trail and hash-chain verification',
      profile: 'Your details and password',
    },
  },
}
