import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAuthStore } from '@/stores/auth'

function me(overrides: Record<string, unknown> = {}) {
  return {
    id: 1,
    username: 'u',
    display_name: 'U',
    roles: [],
    permissions: ['user:read'],
    auth_type: 'user',
    source: 'local',
    ...overrides,
  }
}

async function freshRouter() {
  vi.resetModules()
  const { router } = await import('./index')
  return router
}

// The first navigation loads the real (lazy) page components, which takes a while in jsdom.
describe('router guard', { timeout: 60000 }, () => {
  const fetchMock = vi.fn()

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
  })

  it('sends visitors without a session to the login page, keeping the target', async () => {
    const router = await freshRouter()
    await router.push('/iam/users')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/iam/users')
  })

  it('keeps users out of pages they lack the permission for', async () => {
    useAuthStore().setToken('t')
    fetchMock.mockImplementation(async () => new Response(JSON.stringify(me()), { status: 200 }))
    const router = await freshRouter()
    await router.push('/audit')
    expect(router.currentRoute.value.name).toBe('home')
  })

  it('sends a user who must change the password to the change-password page', async () => {
    useAuthStore().setToken('t')
    fetchMock.mockImplementation(async () => new Response(JSON.stringify(me({ must_change_password: true })), { status: 200 }))
    const router = await freshRouter()
    await router.push('/iam/users')
    expect(router.currentRoute.value.name).toBe('change-password')
    expect(useAuthStore().passwordChange).toBe('required')
  })
})
