export default {
  home: {
    welcome: '您好，{name}',
    myAccount: '我的账号',
    org: '所属机构',
    tenant: '所属租户',
    roles: '角色',
    passwordExpires: '密码到期时间',
    quickLinks: '快捷入口',
    noLinks: '您暂无可用的管理功能。',
    roadmap: '建设中的子平台',
    roadmapHint: '以下子平台正在规划建设，建成后将在此开放。',
    linkHint: {
      orgs: '维护市、委办局、处室组织树',
      users: '账号、角色、锁定与重置密码',
      groups: '按用户组管理成员',
      roles: '内置角色与自定义角色权限',
      projects: '项目、应用与 API 密钥',
      audit: '操作审计与哈希链校验',
      profile: '个人信息与修改密码',
    },
  },
}
