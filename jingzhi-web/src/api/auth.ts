import { http } from './http'

export interface LoginResponse {
  access_token: string
  token_type: string
  expires_in: number
  must_change_password: boolean
  password_expired: boolean
}

export interface OidcProvider {
  id: string
  name: string
  authorize_url: string
}

export interface Providers {
  local: boolean
  ldap: boolean
  oidc: OidcProvider[]
}

export const authApi = {
  login: (username: string, password: string) =>
    http.post<LoginResponse>('/api/v1/auth/login', { username, password }),
  logout: () => http.post<void>('/api/v1/auth/logout', undefined, { noAuthRedirect: true }),
  providers: () => http.get<Providers>('/api/v1/auth/providers'),
}
