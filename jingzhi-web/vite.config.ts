/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// API target of the dev server and `vite preview` (JINGZHI_API overrides, e.g. another port).
const api = process.env.JINGZHI_API ?? 'http://127.0.0.1:8080'

// The server (jingzhi-server) serves dist/ from classpath:/static and forwards unknown
// non-API paths to index.html, so the app uses HTML5 history routing under '/'.
export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Imports only the Element Plus components a template uses, with their styles.
    Components({
      dts: 'src/components.d.ts',
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/v1': { target: api, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 900,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    css: false,
    server: { deps: { inline: ['element-plus'] } },
  },
})
