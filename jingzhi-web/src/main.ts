import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Styles of the components used from script (templates get theirs through the resolver).
import 'element-plus/es/components/base/style/css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/loading/style/css'
import './styles.css'
import App from './App.vue'
import { i18n, currentLocale } from './i18n'
import { router } from './router'
import { setPasswordChangeHandler, setUnauthorizedHandler } from './api/http'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(router)

// A 401 on an authenticated call means the session ended: back to the login page.
setUnauthorizedHandler(() => {
  const current = router.currentRoute.value
  if (current.meta.public) return
  router.replace({ name: 'login', query: current.fullPath !== '/' ? { redirect: current.fullPath } : {} })
})

setPasswordChangeHandler(() => {
  if (router.currentRoute.value.name !== 'change-password') router.replace({ name: 'change-password' })
})

document.documentElement.lang = currentLocale()
app.mount('#app')
