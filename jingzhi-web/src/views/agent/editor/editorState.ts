/**
 * What the canvas nodes read besides their spec: run statuses and validation errors per node id, and the selected
 * node. Provided by the editor, injected by each node, so a debug run or a failed save does not rewrite node data.
 */
import { inject, reactive, type InjectionKey } from 'vue'

export interface EditorState {
  status: Record<string, string>
  errors: Record<string, { field: string; message: string }[]>
  selected: string | null
}

export const EDITOR_STATE: InjectionKey<EditorState> = Symbol('agent-editor-state')

export function createEditorState(): EditorState {
  return reactive({ status: {}, errors: {}, selected: null })
}

export function useEditorState(): EditorState {
  return inject(EDITOR_STATE, createEditorState(), true)
}
