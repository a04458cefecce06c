/**
 * What node forms and the assistant builder offer in their selects: chat models, knowledge bases, MCP servers,
 * database connections and apps. Loaded once per page; a list the caller may not read (or an API not there yet)
 * stays empty and the select still accepts a typed value.
 */
import { reactive, type InjectionKey } from 'vue'
import { modelsApi } from '@/api/models'
import { knowledgeApi } from '@/api/knowledge'
import { mcpApi, dbApi, type McpServer, type McpTool } from '@/api/agentTools'
import { appsApi, itemsOf } from '@/api/agent'

export interface Choices {
  models: string[]
  knowledgeBases: { code: string; name: string }[]
  mcpServers: McpServer[]
  databases: string[]
  apps: { code: string; name: string }[]
  tools: Record<string, McpTool[]>
  loadTools: (server: string) => Promise<McpTool[]>
}

export const CHOICES: InjectionKey<Choices> = Symbol('agent-choices')

export function loadChoices(): Choices {
  const c: Choices = reactive({
    models: [],
    knowledgeBases: [],
    mcpServers: [],
    databases: [],
    apps: [],
    tools: {},
    loadTools: async (server: string) => {
      if (c.tools[server]) return c.tools[server]
      const found = c.mcpServers.find((s) => s.name === server || String(s.id) === server)
      if (!found) return []
      const tools = await mcpApi.tools(found.id).catch(() => [])
      c.tools[server] = tools
      return tools
    },
  })
  modelsApi.list().then((ms) => (c.models = ms.filter((m) => m.kind === 'chat' && m.enabled !== false).map((m) => m.name)), () => {})
  knowledgeApi.list({ size: 200 }).then((p) => (c.knowledgeBases = itemsOf(p).map((kb) => ({ code: kb.code, name: kb.name }))), () => {})
  mcpApi.list().then((s) => (c.mcpServers = s), () => {})
  dbApi.list().then((d) => (c.databases = d.map((x) => x.name)), () => {})
  appsApi.list({ size: 200 }).then((p) => (c.apps = itemsOf(p).map((a) => ({ code: a.code, name: a.name }))), () => {})
  return c
}
