import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError, buildUrl, fileNameFrom, http, setPasswordChangeHandler, setUnauthorizedHandler } from './http'
import { useAuthStore } from '@/stores/auth'

function respond(status: number, body?: unknown, contentType = 'application/problem+json') {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
}

describe('http client', () => {
  const fetchMock = vi.fn()

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('sends the bearer token and JSON body', async () => {
    useAuthStore().setToken('tok-1')
    fetchMock.mockResolvedValue(respond(200, { id: 1 }, 'application/json'))
    const res = await http.post<{ id: number }>('/api/v1/orgs', { name: 'x' })
    expect(res).toEqual({ id: 1 })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/orgs')
    expect(init.method).toBe('POST')
    expect(init.headers.Authorization).toBe('Bearer tok-1')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.body).toBe('{"name":"x"}')
  })

  it('resolves 204 to undefined', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }))
    await expect(http.post('/api/v1/auth/logout')).resolves.toBeUndefined()
  })

  it('turns problem details into ApiError with detail, code and field errors', async () => {
    fetchMock.mockResolvedValue(
      respond(400, {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: '密码不符合策略',
        code: 'password_policy',
        request_id: 'r-1',
        errors: [{ field: 'new_password', message: '至少 12 位' }],
      }),
    )
    const err = (await http.post('/api/v1/me/password', {}).catch((e) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(400)
    expect(err.message).toBe('密码不符合策略')
    expect(err.code).toBe('password_policy')
    expect(err.requestId).toBe('r-1')
    expect(err.fieldErrors).toEqual([{ field: 'new_password', message: '至少 12 位' }])
    expect(err.fullMessage).toBe('密码不符合策略\nnew_password: 至少 12 位')
  })

  it('does not repeat field errors the detail already names', async () => {
    fetchMock.mockResolvedValue(
      respond(400, { title: 'Bad Request', status: 400, detail: 'new_password: too short', errors: [{ field: 'new_password', message: 'too short' }] }),
    )
    const err = (await http.post('/api/v1/me/password', {}).catch((e) => e)) as ApiError
    expect(err.fullMessage).toBe('new_password: too short')
    expect(err.extraFieldErrors).toEqual([])
  })

  it('sends the portal language', async () => {
    fetchMock.mockResolvedValue(respond(200, {}, 'application/json'))
    await http.get('/api/v1/me')
    expect(fetchMock.mock.calls[0][1].headers['Accept-Language']).toBe('zh-CN')
  })

  it('falls back to the title, then the status', async () => {
    fetchMock.mockResolvedValueOnce(respond(409, { title: 'Conflict', status: 409 }))
    await expect(http.delete('/api/v1/orgs/1')).rejects.toThrow('Conflict')
    fetchMock.mockResolvedValueOnce(new Response('oops', { status: 502 }))
    await expect(http.get('/api/v1/orgs')).rejects.toMatchObject({ status: 502 })
  })

  it('clears the session and calls the handler on 401 with a token', async () => {
    const auth = useAuthStore()
    auth.setToken('expired')
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    fetchMock.mockResolvedValue(respond(401, { title: 'Unauthorized', status: 401 }))
    await expect(http.get('/api/v1/me')).rejects.toThrow('Unauthorized')
    expect(auth.token).toBeNull()
    expect(localStorage.getItem('jingzhi.token')).toBeNull()
    expect(handler).toHaveBeenCalledOnce()
  })

  it('does not redirect on a failed login (no token sent)', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    fetchMock.mockResolvedValue(respond(401, { title: 'Unauthorized', detail: '用户名或密码错误', status: 401 }))
    await expect(http.post('/api/v1/auth/login', {})).rejects.toThrow('用户名或密码错误')
    expect(handler).not.toHaveBeenCalled()
  })

  it('sends the user to change the password on 403 password_change_required', async () => {
    const auth = useAuthStore()
    auth.setToken('tok')
    const handler = vi.fn()
    setPasswordChangeHandler(handler)
    fetchMock.mockResolvedValue(respond(403, { title: 'Forbidden', status: 403, code: 'password_change_required', detail: 'change it first' }))
    await expect(http.get('/api/v1/orgs')).rejects.toThrow('change it first')
    expect(auth.passwordChange).toBe('required')
    expect(auth.token).toBe('tok')
    expect(handler).toHaveBeenCalledOnce()
  })

  it('builds query strings without empty values', () => {
    expect(buildUrl('/a', { q: 'x y', page: 1, org_id: undefined, r: '' })).toBe('/a?q=x+y&page=1')
    expect(buildUrl('/a')).toBe('/a')
  })

  it('reads download file names', () => {
    expect(fileNameFrom('attachment; filename="audit.csv"')).toBe('audit.csv')
    expect(fileNameFrom("attachment; filename*=UTF-8''%E5%AE%A1%E8%AE%A1.csv")).toBe('审计.csv')
    expect(fileNameFrom(null)).toBeUndefined()
  })
})
