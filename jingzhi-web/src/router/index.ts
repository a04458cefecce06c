import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { ElMessage } from 'element-plus'
import { useAuthStore } from '@/stores/auth'
import { t } from '@/i18n'
import { GUARD_READERS } from './nav'

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable without a session */
    public?: boolean
    /** permission (or prefix ending in ':') the page needs; a list means any of them */
    perm?: string | readonly string[]
    /** i18n key of the page title */
    title?: string
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/auth/LoginView.vue'), meta: { public: true, title: 'auth.login' } },
  { path: '/sso-callback', name: 'sso-callback', component: () => import('@/views/auth/SsoCallbackView.vue'), meta: { public: true } },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('@/views/auth/ChangePasswordView.vue'),
    meta: { title: 'auth.changePassword' },
  },
  {
    path: '/',
    component: () => import('@/views/layout/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/home/HomeView.vue'), meta: { title: 'nav.home' } },
      { path: 'iam/orgs', name: 'orgs', component: () => import('@/views/orgs/OrgsView.vue'), meta: { perm: 'org:', title: 'nav.orgs' } },
      { path: 'iam/users', name: 'users', component: () => import('@/views/users/UsersView.vue'), meta: { perm: 'user:', title: 'nav.users' } },
      { path: 'iam/groups', name: 'groups', component: () => import('@/views/groups/GroupsView.vue'), meta: { perm: 'group:', title: 'nav.groups' } },
      { path: 'iam/roles', name: 'roles', component: () => import('@/views/roles/RolesView.vue'), meta: { perm: 'role:', title: 'nav.roles' } },
      { path: 'iam/projects', name: 'projects', component: () => import('@/views/projects/ProjectsView.vue'), meta: { perm: 'project:', title: 'nav.projects' } },
      {
        path: 'iam/projects/:projectId',
        name: 'project',
        component: () => import('@/views/projects/ProjectDetailView.vue'),
        props: true,
        meta: { perm: 'project:', title: 'nav.projects' },
      },
      {
        path: 'iam/projects/:projectId/apps/:appId',
        name: 'app',
        component: () => import('@/views/projects/AppDetailView.vue'),
        props: true,
        meta: { perm: 'project:', title: 'nav.projects' },
      },
      { path: 'gateway/models', name: 'models', component: () => import('@/views/gateway/ModelsView.vue'), meta: { perm: 'model:read', title: 'nav.models' } },
      {
        path: 'gateway/models/:modelId',
        name: 'model',
        component: () => import('@/views/gateway/ModelDetailView.vue'),
        props: true,
        meta: { perm: 'model:read', title: 'nav.models' },
      },
      {
        path: 'gateway/playground',
        name: 'playground',
        component: () => import('@/views/gateway/PlaygroundView.vue'),
        meta: { perm: 'model:invoke', title: 'nav.playground' },
      },
      { path: 'gateway/usage', name: 'usage', component: () => import('@/views/gateway/UsageView.vue'), meta: { perm: 'usage:read', title: 'nav.usage' } },
      {
        path: 'gateway/benchmarks',
        name: 'benchmarks',
        component: () => import('@/views/gateway/BenchmarksView.vue'),
        meta: { perm: 'model:read', title: 'nav.benchmarks' },
      },
      {
        path: 'gateway/benchmarks/compare',
        name: 'benchmark-compare',
        component: () => import('@/views/gateway/BenchmarkCompareView.vue'),
        meta: { perm: 'model:read', title: 'nav.benchmarks' },
      },
      {
        path: 'gateway/benchmarks/:benchmarkId',
        name: 'benchmark',
        component: () => import('@/views/gateway/BenchmarkDetailView.vue'),
        props: true,
        meta: { perm: 'model:read', title: 'nav.benchmarks' },
      },
      { path: 'planned/gateway', redirect: '/gateway/models' },
      { path: 'guard/lexicons', name: 'lexicons', component: () => import('@/views/guard/LexiconsView.vue'), meta: { perm: 'guard:manage', title: 'nav.lexicons' } },
      { path: 'guard/pii-rules', name: 'pii-rules', component: () => import('@/views/guard/PiiRulesView.vue'), meta: { perm: 'guard:manage', title: 'nav.piiRules' } },
      { path: 'guard/policies', name: 'guardPolicies', component: () => import('@/views/guard/PoliciesView.vue'), meta: { perm: 'guard:manage', title: 'nav.guardPolicies' } },
      { path: 'guard/answers', name: 'guardAnswers', component: () => import('@/views/guard/AnswersView.vue'), meta: { perm: 'guard:manage', title: 'nav.guardAnswers' } },
      { path: 'guard/console', name: 'guardConsole', component: () => import('@/views/guard/CheckConsoleView.vue'), meta: { perm: 'guard:manage', title: 'nav.guardConsole' } },
      {
        path: 'guard/proxy',
        name: 'guard-proxy',
        component: () => import('@/views/guard/ProxyRoutesView.vue'),
        meta: { perm: 'guard:manage', title: 'nav.guardProxy' },
      },
      { path: 'planned/guard', redirect: '/guard/console' },
      { path: 'guard/events', name: 'guard-events', component: () => import('@/views/guard/GuardEventsView.vue'), meta: { perm: GUARD_READERS, title: 'nav.guardEvents' } },
      { path: 'guard/analysis', name: 'guard-analysis', component: () => import('@/views/guard/GuardAnalysisView.vue'), meta: { perm: GUARD_READERS, title: 'nav.guardAnalysis' } },
      {
        path: 'guard/users/:userId',
        name: 'guard-user',
        component: () => import('@/views/guard/GuardUserProfileView.vue'),
        props: true,
        meta: { perm: GUARD_READERS, title: 'nav.guardAnalysis' },
      },
      { path: 'guard/alerts', name: 'guard-alerts', component: () => import('@/views/guard/GuardAlertsView.vue'), meta: { perm: GUARD_READERS, title: 'nav.guardAlerts' } },
      {
        path: 'guard/evaluations',
        name: 'guard-evaluations',
        component: () => import('@/views/guard/GuardEvaluationsView.vue'),
        meta: { perm: 'guard:manage', title: 'nav.guardEvaluations' },
      },
      {
        path: 'guard/evaluations/:evaluationId',
        name: 'guard-evaluation',
        component: () => import('@/views/guard/GuardEvaluationView.vue'),
        props: true,
        meta: { perm: 'guard:manage', title: 'nav.guardEvaluations' },
      },
      { path: 'knowledge/search', name: 'kb-search', component: () => import('@/views/knowledge/KnowledgeSearchView.vue'), meta: { perm: 'kb:read', title: 'nav.kbSearch' } },
      { path: 'knowledge/bases', name: 'kb-bases', component: () => import('@/views/knowledge/KnowledgeBasesView.vue'), meta: { perm: 'kb:read', title: 'nav.kbBases' } },
      {
        path: 'knowledge/bases/:kbId',
        name: 'kb-base',
        component: () => import('@/views/knowledge/KnowledgeBaseDetailView.vue'),
        props: true,
        meta: { perm: 'kb:read', title: 'nav.kbBases' },
      },
      {
        path: 'knowledge/dictionaries',
        name: 'kb-dictionaries',
        component: () => import('@/views/knowledge/DictionariesView.vue'),
        meta: { perm: 'kb:read', title: 'nav.kbDictionaries' },
      },
      { path: 'knowledge/trees', name: 'kb-trees', component: () => import('@/views/knowledge/KnowledgeTreesView.vue'), meta: { perm: 'kb:read', title: 'nav.kbTrees' } },
      { path: 'planned/knowledge', redirect: '/knowledge/search' },
      { path: 'agent/catalog', name: 'agent-catalog', component: () => import('@/views/agent/AppCatalogView.vue'), meta: { perm: 'agent:read', title: 'nav.agentCatalog' } },
      { path: 'agent/apps', name: 'agent-apps', component: () => import('@/views/agent/MyAppsView.vue'), meta: { perm: 'agent:write', title: 'nav.agentApps' } },
      {
        path: 'agent/apps/:code/workflow',
        name: 'agent-workflow',
        component: () => import('@/views/agent/editor/WorkflowEditorView.vue'),
        props: true,
        meta: { perm: 'agent:write', title: 'nav.agentApps' },
      },
      {
        path: 'agent/apps/:code/assistant',
        name: 'agent-assistant',
        component: () => import('@/views/agent/AssistantBuilderView.vue'),
        props: true,
        meta: { perm: 'agent:write', title: 'nav.agentApps' },
      },
      {
        path: 'agent/apps/:code/chat',
        name: 'agent-chat',
        component: () => import('@/views/agent/chat/ChatView.vue'),
        props: true,
        meta: { perm: 'agent:invoke', title: 'nav.agentCatalog' },
      },
      {
        path: 'agent/apps/:code/runs',
        name: 'agent-runs',
        component: () => import('@/views/agent/runs/RunsView.vue'),
        props: true,
        meta: { perm: 'agent:read', title: 'nav.agentApps' },
      },
      {
        path: 'agent/apps/:code/interventions',
        name: 'agent-interventions',
        component: () => import('@/views/agent/InterventionsView.vue'),
        props: true,
        meta: { perm: 'agent:write', title: 'nav.agentApps' },
      },
      { path: 'agent/mcp-servers', name: 'agent-mcp', component: () => import('@/views/agent/tools/McpServersView.vue'), meta: { perm: 'agent:write', title: 'nav.agentMcp' } },
      {
        path: 'agent/db-connections',
        name: 'agent-databases',
        component: () => import('@/views/agent/tools/DbConnectionsView.vue'),
        meta: { perm: 'agent:write', title: 'nav.agentDatabases' },
      },
      { path: 'planned/agent', redirect: '/agent/catalog' },
      { path: 'audit', name: 'audit', component: () => import('@/views/audit/AuditView.vue'), meta: { perm: 'audit:', title: 'nav.audit' } },
      { path: 'profile', name: 'profile', component: () => import('@/views/profile/ProfileView.vue'), meta: { title: 'nav.profile' } },
      { path: 'planned/:feature', name: 'planned', component: () => import('@/views/planned/PlannedView.vue'), props: true },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue') },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (to.meta.public) return true
  if (!auth.token) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (auth.passwordChange && to.name !== 'change-password') return { name: 'change-password' }
  if (to.name === 'change-password') return true
  if (!auth.me) {
    let me
    try {
      me = await auth.fetchMe()
    } catch {
      // 401 already cleared the session; any other failure: start over at the login page
      auth.clear()
      return { name: 'login' }
    }
    if (me.must_change_password && me.auth_type === 'user') {
      auth.setPasswordChange('required')
      return { name: 'change-password' }
    }
  }
  if (to.meta.perm && !auth.can(to.meta.perm)) {
    ElMessage.warning(t('common.forbidden'))
    return { name: 'home' }
  }
  return true
})

router.afterEach((to) => {
  const base = t('app.title')
  document.title = to.meta.title ? `${t(to.meta.title)} · ${base}` : base
})
