import type {
  DecisionEventDetail,
  InitInput,
  Lead,
  LeadHost,
  Model,
  Now,
  PanelErrorDetail,
  ScoredLead,
} from './index.js';

/**
 * `<leadlens-panel>`: fit and intent with their evidence, the recommended route, and the
 * reviewer's decision form. Set `host` (reads the lead, posts decisions) or `lead` (score only).
 *
 * Attributes: `lead` (JSON text), `now` (RFC 3339), `reviewer`, `theme` (`light` | `dark`).
 * Events: `leadlens-scored`, `leadlens-decision`, `leadlens-error` (bubble, composed).
 * Theming: CSS custom properties `--leadlens-bg`, `--leadlens-fg`, `--leadlens-muted`,
 * `--leadlens-border`, `--leadlens-surface`, `--leadlens-accent`, `--leadlens-on-accent`,
 * `--leadlens-positive`, `--leadlens-negative`, `--leadlens-warning`, `--leadlens-focus`,
 * `--leadlens-font`, `--leadlens-radius`.
 */
export class LeadlensPanel extends HTMLElement {
  /** The lead to score when no host is attached (object or JSON text). */
  lead: Lead | string | null;
  /** The CRM: the panel reads the lead from it and posts decisions through it. */
  host: LeadHost | null;
  /** A model object or JSON text; null for the embedded default model. */
  model: Model | string | null;
  /** When to score; null means the current time at each score. */
  now: Now | null;
  /** The reviewer's user id when the host has no `reviewer`. */
  reviewer: string | null;
  /** The result on display, or null. */
  readonly result: ScoredLead | null;
  /** Re-reads the lead from the host (or re-scores the lead set directly). */
  refresh(): void;

  addEventListener<K extends keyof LeadlensPanelEventMap>(
    type: K,
    listener: (this: LeadlensPanel, event: LeadlensPanelEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

export interface LeadlensPanelEventMap extends HTMLElementEventMap {
  'leadlens-scored': CustomEvent<ScoredLead>;
  'leadlens-decision': CustomEvent<DecisionEventDetail>;
  'leadlens-error': CustomEvent<PanelErrorDetail>;
}

/** Loads the wasm module if needed and defines the element (default name `leadlens-panel`). */
export function definePanel(options?: { name?: string; wasm?: InitInput }): Promise<typeof LeadlensPanel>;

declare global {
  interface HTMLElementTagNameMap {
    'leadlens-panel': LeadlensPanel;
  }
}
