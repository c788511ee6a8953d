import type { Configuration } from 'electron-builder';

// Packaging settings. `npm run package` runs them on a machine with the Electron binary.
const config: Configuration = {
  appId: 'dev.slipway.desktop',
  productName: 'Slipway',
  copyright: 'Copyright © Slipway contributors',
  directories: { output: 'dist', buildResources: 'build' },
  files: ['out/**/*', 'bin/**/*', 'build/tray-*.png', 'build/icon.png', 'package.json', '!**/*.map'],
  asarUnpack: ['**/node_modules/better-sqlite3/**', '**/node_modules/cpu-features/**', '**/node_modules/ssh2/**'],
  extraMetadata: { main: 'out/main/index.js' },
  npmRebuild: true,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon: 'build/icon.png',
    maintainer: 'Slipway contributors',
    synopsis: 'Keeps local Docker deployments current',
  },
  deb: { depends: ['libnotify4', 'libxtst6', 'libnss3'] },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.developer-tools',
    icon: 'build/icon.png',
    hardenedRuntime: true,
  },
  dmg: { sign: false },
  win: { target: ['nsis'], icon: 'build/icon.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
};

export default config;
