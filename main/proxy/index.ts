/**
 * Slipway's stable-URL proxy: a separate long-lived process (`slipway proxy --state-dir DIR`)
 * that serves each stage on 127.0.0.1:<publicPort> and switches targets without dropping a
 * request. The app talks to it through the ProxyControl returned by connectProxy.
 */
export type { ProxyControl, RouteSpec } from './types';
export { connectProxy } from './connect';
export { defaultProxyLaunch } from './launch';
export { findFreePort, isPortFree } from './ports';
export { proxyPaths } from './paths';
