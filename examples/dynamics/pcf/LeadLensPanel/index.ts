// The leadlens panel as a PCF field control on the lead form: the control's container holds a
// <leadlens-panel>, and dynamicsPcfHost reads and writes the form's lead through context.webAPI.
// The wasm comes inlined (PCF resources have no .wasm type): the bundler takes it from the module
// scripts/wasm-base64.mjs generates.
import { definePanel, type LeadlensPanel as PanelElement } from 'leadlens/panel';
import { dynamicsPcfHost, type DynamicsPcfHost } from 'leadlens/hosts/dynamics';
import { wasmBytes } from '../../webresources/leadlens_panel_wasm_base64.js';

/** The manifest's properties (what pcf-scripts would generate into generated/ManifestTypes.d.ts). */
export interface IInputs {
  lead: ComponentFramework.PropertyTypes.StringProperty;
}
export interface IOutputs {
  lead?: string;
}

export class LeadLensPanel implements ComponentFramework.StandardControl<IInputs, IOutputs> {
  private host: DynamicsPcfHost | undefined;
  private panel: PanelElement | undefined;
  private container: HTMLDivElement | undefined;
  private destroyed = false;

  init(
    context: ComponentFramework.Context<IInputs>,
    _notifyOutputChanged?: () => void,
    _state?: ComponentFramework.Dictionary,
    container?: HTMLDivElement,
  ): void {
    this.container = container;
    try {
      this.host = dynamicsPcfHost(context, { prefix: 'new_' });
    } catch (error) {
      this.showError(error);
      return;
    }
    definePanel({ wasm: wasmBytes() }).then(
      () => {
        if (this.destroyed || !this.container || !this.host) return;
        const panel = document.createElement('leadlens-panel');
        panel.host = this.host;
        this.container.append(panel);
        this.panel = panel;
      },
      (error: unknown) => this.showError(error),
    );
  }

  updateView(context: ComponentFramework.Context<IInputs>): void {
    // A new record, a save or a changed column: the host re-reads the lead and tells the panel.
    this.host?.update(context);
  }

  getOutputs(): IOutputs {
    return {}; // the bound column is never changed
  }

  destroy(): void {
    this.destroyed = true;
    if (this.panel) {
      this.panel.host = null; // unsubscribes from the host
      this.panel.remove();
      this.panel = undefined;
    }
  }

  private showError(error: unknown): void {
    if (!this.container) return;
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = `LeadLens could not start: ${error instanceof Error ? error.message : String(error)}`;
    this.container.replaceChildren(message);
  }
}
