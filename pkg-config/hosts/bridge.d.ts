// Types of `leadlens/hosts/bridge`: a LeadHost across a frame boundary over postMessage (hand-written).
import type { DecisionStore, LeadHost } from '../index.js';

/** Something messages can be posted to: a Window, `iframe.contentWindow`, `window.parent`. */
export interface MessageTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

export interface ServeHostOptions {
  /** The iframe's window, or a function returning it (it changes when the iframe reloads). */
  frame: MessageTarget | null | (() => MessageTarget | null);
  /** The iframe's exact origin, e.g. "https://acme--c.vf.force.com"; "*" is refused. */
  origin: string;
  /** Tells apart several bridges on one page. Default "leadlens". */
  channel?: string;
  /** Where to listen for messages. Default: globalThis. */
  window?: EventTarget;
}

/**
 * The CRM side: answers the framed panel's requests with `host` and forwards its lead changes.
 * Returns a function that stops serving.
 * @throws {TypeError} for a host without readLead/postDecision or an origin that is not exact.
 */
export function serveHost(host: LeadHost, options: ServeHostOptions): () => void;

export interface ConnectBridgeOptions {
  /** The parent page's exact origin, e.g. "https://acme.lightning.force.com". */
  origin: string;
  channel?: string;
  /** Default: window.parent. */
  parent?: MessageTarget;
  /** Where to listen for messages. Default: globalThis. */
  window?: EventTarget;
  /** How long to wait for each answer. Default 10000 ms. */
  timeoutMs?: number;
  /** The outbox store when the CRM side has none (e.g. localStorageStore() of this frame). */
  store?: DecisionStore | null;
}

/** The panel side, in the iframe: a LeadHost forwarding to `serveHost`. Rejects when nobody answers. */
export function connectBridge(options: ConnectBridgeOptions): Promise<LeadHost>;
