/**
 * The sandboxed preload: exposes `window.tonghwa` and nothing else. Built as CommonJS (`out/preload/index.cjs`)
 * because sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

contextBridge.exposeInMainWorld('tonghwa', createBridge(ipcRenderer, process.platform))
