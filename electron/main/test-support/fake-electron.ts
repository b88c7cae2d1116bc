/**
 * A FAKE of the parts of Electron that main and the preload use. The Electron binary cannot be
 * downloaded on these machines, so these tests run the real glue code against this stand-in to check its
 * wiring (IPC sender checks, what the preload exposes). The real app is covered by e2e/electron.spec.ts
 * wherever the binary exists.
 */
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
interface MenuItem {
  label?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

export function createFakeElectron() {
  const handlers = new Map<string, Handler>();
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const invoked: unknown[][] = [];
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const windows: FakeWindow[] = [];
  const menus: { template: MenuItem[] }[] = [];
  const recentDocuments: string[] = [];
  const paths = new Map<string, string>();
  let isReady = false;

  class FakeWebContents extends EventEmitter {
    id = 1;
    sent: unknown[][] = [];
    mainFrame = { url: 'app://quorum/index.html', parent: null };
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    isDestroyed() {
      return false;
    }
    setWindowOpenHandler() {}
    getURL() {
      return 'app://quorum/index.html';
    }
  }

  class FakeWindow extends EventEmitter {
    webContents = new FakeWebContents();
    options: unknown;
    loaded: string | null = null;
    constructor(options: unknown) {
      super();
      this.options = options;
      windows.push(this);
    }
    maximized = false;
    focused = 0;
    maximize() {
      this.maximized = true;
    }
    isMaximized() {
      return this.maximized;
    }
    getNormalBounds() {
      const { x, y, width, height } = this.options as Record<string, number>;
      return { x: x ?? 0, y: y ?? 0, width: width ?? 0, height: height ?? 0 };
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      this.focused++;
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    setTitle() {}
    setDocumentEdited() {}
    setRepresentedFilename() {}
    show() {}
    destroy() {}
    static getAllWindows() {
      return windows;
    }
  }

  const module = {
    app: Object.assign(new EventEmitter(), {
      getPath: (name: string) => paths.get(name) ?? `/tmp/quorum-fake-electron/${name}`,
      setPath: (name: string, path: string) => paths.set(name, path),
      whenReady: () => ready,
      isReady: () => isReady,
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      addRecentDocument: (path: string) => recentDocuments.push(path),
      enableSandbox: () => undefined,
      quit: () => undefined,
      exit: (code: number) => {
        throw new Error(`app.exit(${code}) called`);
      },
    }),
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
    },
    BrowserWindow: FakeWindow as unknown as {
      new (options: unknown): FakeWindow;
      getAllWindows(): FakeWindow[];
    },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
      showErrorBox: (title: string, content: string) => {
        throw new Error(`dialog.showErrorBox: ${title}: ${content}`);
      },
    },
    ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) },
    Menu: {
      buildFromTemplate: (template: MenuItem[]) => ({ template }),
      setApplicationMenu: (menu: { template: MenuItem[] }) => menus.push(menu),
    },
    net: { fetch: async () => new Response('') },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
      },
    },
    shell: { openExternal: async () => undefined },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, value: null };
      },
      on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
        rendererListeners.set(channel, listener),
    },
  };
  /** Clicks a menu item of the last application menu by its path of labels. */
  const clickMenu = (...labels: string[]) => {
    let items = menus.at(-1)?.template ?? [];
    let item: MenuItem | undefined;
    for (const label of labels) {
      item = items.find((i) => i.label === label);
      items = item?.submenu ?? [];
    }
    if (!item?.click) throw new Error(`no menu item ${labels.join(' › ')}`);
    item.click();
  };
  return {
    module,
    handlers,
    exposed,
    rendererListeners,
    invoked,
    windows,
    recentDocuments,
    clickMenu,
    ready: () => {
      isReady = true;
      resolveReady();
    },
  };
}
