/** The Element Plus icons the node types use (by name, as in nodeTypes.ts). */
import {
  Box, ChatLineRound, CircleCheck, Coin, Collection, Connection, Cpu, Document, EditPen, Files, Filter, Link, MagicStick,
  Monitor, RefreshRight, Scissor, Share, Switch, Tools, User, VideoPlay,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'

export const NODE_ICONS: Record<string, Component> = {
  Box, ChatLineRound, CircleCheck, Coin, Collection, Connection, Cpu, Document, EditPen, Files, Filter, Link, MagicStick,
  Monitor, RefreshRight, Scissor, Share, Switch, Tools, User, VideoPlay,
}
