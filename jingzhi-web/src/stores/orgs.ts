import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { orgsApi, type Org } from '@/api/orgs'
import type { Id } from '@/api/types'
import { buildTree } from '@/utils/tree'

/** The org list, shared by the pages that pick or show orgs; reloaded after changes. */
export const useOrgsStore = defineStore('orgs', () => {
  const list = ref<Org[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  let pending: Promise<Org[]> | null = null

  const tree = computed(() => buildTree(list.value))
  const byId = computed(() => new Map(list.value.map((o) => [String(o.id), o])))

  async function load(force = false): Promise<Org[]> {
    if (loaded.value && !force) return list.value
    if (pending) return pending
    loading.value = true
    pending = orgsApi
      .list()
      .then((orgs) => {
        list.value = orgs
        loaded.value = true
        return orgs
      })
      .finally(() => {
        loading.value = false
        pending = null
      })
    return pending
  }

  function name(id: Id | null | undefined): string {
    if (id === null || id === undefined) return ''
    return byId.value.get(String(id))?.name ?? String(id)
  }

  return { list, loaded, loading, tree, byId, load, name }
})
