// App function `leadlens_decide` (post-decision-hsmeta.json): writes a reviewer's decision to the
// contact the card is on, with leadlens/hosts/hubspot's write-back protocol (the note, then the
// properties with the decision id, last), and answers with a PostResult:
//   { ok: true } | { ok: false, retryable, conflict?, message }.
// The card keeps the decision and calls this again while the answer is retryable; posting the
// same decision twice writes it once (the id on the contact, the marker in the note).
//
// Called as `hubspot.serverless('leadlens_decide', { propertiesToSend: ['hs_object_id'],
// parameters: { decision, expectedVersion } })`.

exports.main = async (context = {}) => {
  const { fetchRequest, hubspotDecisionWriter } = await import('leadlens/hosts/hubspot');

  const contactId = context.propertiesToSend?.hs_object_id;
  const { decision, expectedVersion } = context.parameters ?? {};
  if (!contactId) {
    return { ok: false, retryable: false, message: 'No contact: add the card to contact records (propertiesToSend: ["hs_object_id"])' };
  }
  // The browser says what was decided, HubSpot says where the card is: a decision for another
  // record is refused, so the card cannot be used to write to contacts it is not on.
  if (decision === null || typeof decision !== 'object' || String(decision.lead_id) !== String(contactId)) {
    return { ok: false, retryable: false, message: `Not posted: the decision is not for contact ${contactId}, the record this card is on` };
  }
  const token = process.env.PRIVATE_APP_ACCESS_TOKEN;
  if (!token) return { ok: false, retryable: false, message: 'PRIVATE_APP_ACCESS_TOKEN is not set: the app needs static auth' };

  const writer = hubspotDecisionWriter({ request: fetchRequest({ token, timeoutMs: 8000 }) });
  return writer.postDecision(decision, typeof expectedVersion === 'string' ? expectedVersion : undefined);
};
