// The packages that esbuild leaves out of the Electron main bundle (scripts/build.mjs). They are the only
// dependencies the packaged app loads from node_modules; every other dependency is inside the bundles,
// so electron-builder must not ship it a second time (electron-builder.config.mjs).
//   electron      provided by the runtime
//   ssh2          loads optional native addons and a wasm helper by relative path: it cannot be bundled
//   cpu-features  ssh2's optional native addon (not shipped: see docs in electron-builder.config.mjs)
export const MAIN_EXTERNALS = ['electron', 'ssh2', 'cpu-features'];
