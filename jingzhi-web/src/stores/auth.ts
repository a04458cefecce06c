import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi, type LoginResponse } from '@/api/auth'
import { meApi, type Me } from '@/api/me'
import { hasPermission } from '@/utils/permissions'

const TOKEN_KEY = 'jingzhi.token'
const PASSWORD_CHANGE_KEY = 'jingzhi.passwordChange'

/** Why the user must change the password before using the portal. */
export type PasswordChangeReason = 'expired' | 'required' | null

function read(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    // storage unavailable (private mode): the session lives in memory only
  }
}

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(read(TOKEN_KEY))
  const me = ref<Me | null>(null)
  const passwordChange = ref<PasswordChangeReason>(read(PASSWORD_CHANGE_KEY) as PasswordChangeReason)

  const isLoggedIn = computed(() => !!token.value)
  const permissions = computed(() => me.value?.permissions ?? [])

  function setToken(value: string | null): void {
    token.value = value
    write(TOKEN_KEY, value)
  }

  function setPasswordChange(reason: PasswordChangeReason): void {
    passwordChange.value = reason
    write(PASSWORD_CHANGE_KEY, reason)
  }

  async function login(username: string, password: string): Promise<LoginResponse> {
    const res = await authApi.login(username, password)
    setToken(res.access_token)
    me.value = null
    setPasswordChange(res.password_expired ? 'expired' : res.must_change_password ? 'required' : null)
    return res
  }

  async function fetchMe(): Promise<Me> {
    me.value = await meApi.get()
    return me.value
  }

  /** Forgets the session locally (no server call). */
  function clear(): void {
    setToken(null)
    me.value = null
    setPasswordChange(null)
  }

  async function logout(): Promise<void> {
    try {
      if (token.value) await authApi.logout()
    } catch {
      // the token may already be invalid; forgetting it locally is what matters
    } finally {
      clear()
    }
  }

  function can(required?: string | readonly string[]): boolean {
    return hasPermission(permissions.value, required)
  }

  return { token, me, passwordChange, isLoggedIn, permissions, setToken, setPasswordChange, login, fetchMe, clear, logout, can }
})
