// App function `leadlens_score` (score-contact-hsmeta.json): reads the contact the card is on, with
// its primary company, scores it with leadlens (WebAssembly, in Node: the card's web worker has
// no fetch and no documented WebAssembly) and returns what the card shows.
//
// The card calls it with `hubspot.serverless('leadlens_score', { propertiesToSend: ['hs_object_id'] })`:
// HubSpot fills `context.propertiesToSend` from the record the card is on, so the contact id is
// not one the browser chose. The private app token is in PRIVATE_APP_ACCESS_TOKEN (static auth).
//
// CommonJS with `exports.main`, as HubSpot's function template; leadlens is an ES module package,
// loaded with import().

exports.main = async (context = {}) => {
  const { score, defaultModel } = await import('leadlens');
  const { fetchRequest, hubspotHost } = await import('leadlens/hosts/hubspot');

  const contactId = context.propertiesToSend?.hs_object_id;
  if (!contactId) {
    return { ok: false, message: 'No contact: add the card to contact records (propertiesToSend: ["hs_object_id"])' };
  }
  const token = process.env.PRIVATE_APP_ACCESS_TOKEN;
  if (!token) return { ok: false, message: 'PRIVATE_APP_ACCESS_TOKEN is not set: the app needs static auth' };

  const host = hubspotHost({ request: fetchRequest({ token, timeoutMs: 8000 }), contactId, store: null });
  let lead;
  try {
    lead = await host.readLead();
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const model = defaultModel();
  const result = score(lead, { model });
  const properties = host.contact()?.properties ?? {};
  return {
    ok: true,
    result,
    // The card sends this back with the decision: the contact must not have changed since.
    version: host.version(),
    // The model's reason lists, so the card offers the codes the scorer's reports know.
    reasons: model.decision_reasons,
    // The decision already on the contact, if any (it may be one whose answer the card never got).
    decision: properties.leadlens_decision_id
      ? { id: properties.leadlens_decision_id, outcome: properties.leadlens_outcome ?? null, reason: properties.leadlens_reason ?? null, status: properties.hs_lead_status ?? null }
      : null,
  };
};
