// The leadlens card on a HubSpot contact record (crm.record.tab). It runs in HubSpot's sandboxed web
// worker: no DOM, no fetch, no storage, so it scores nothing itself. Two app functions do the work
// (src/app/functions/): `leadlens_score` reads and scores the contact, `leadlens_decide` writes the
// reviewer's decision back. The card shows fit, intent, route and the evidence as text, and a
// decision form with the model's reasons.
//
// A decision is kept in this card's state until HubSpot confirms it, and re-sent while the answer
// is retryable (re-sending is safe: the function writes a decision once). That state lives only as
// long as the card: closing the record before it is saved loses it (docs/hosts/hubspot.md).

import React, { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Divider,
  Flex,
  Heading,
  LoadingSpinner,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  TextArea,
  hubspot,
} from '@hubspot/ui-extensions';

export const SCORE_FUNCTION = 'leadlens_score';
export const DECIDE_FUNCTION = 'leadlens_decide';
/** Waits between attempts while the answer is retryable; the last one repeats. */
export const RETRY_DELAYS_MS = [2000, 5000, 15000, 30000];

const OUTCOMES = [
  { value: 'accepted', label: 'Accept for sales' },
  { value: 'rejected', label: 'Reject' },
  { value: 'recycled', label: 'Recycle to nurture' },
];
const ROUTE_TAGS = { sales_review: 'success', nurture: 'warning', disqualify: 'error' };
const ROUTE_LABELS = { sales_review: 'Sales review', nurture: 'Nurture', disqualify: 'Disqualify' };

/** A UUIDv7 (time-ordered), created once per decision: the function writes each id once. */
export function uuidv7(ms = Date.now()) {
  const bytes = new Uint8Array(16);
  if (typeof globalThis.crypto?.getRandomValues === 'function') globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  let time = ms;
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const messageOf = (error) => (error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error));

function evidenceRows(result) {
  const rows = [];
  for (const [dimension, items] of [
    ['Fit', result.fit?.evidence ?? []],
    ['Intent', result.intent?.evidence ?? []],
  ]) {
    for (const item of items) rows.push({ dimension, points: item.points, label: item.label, field: item.field ?? '' });
  }
  for (const finding of result.negative ?? []) {
    rows.push({ dimension: 'Negative', points: finding.points, label: finding.reason || finding.label, field: finding.field ?? '' });
  }
  return rows;
}

/**
 * The card. `serverless` is `hubspot.serverless` in HubSpot (a function of the app function's
 * uid and `{ propertiesToSend, parameters }`, resolving with what the function returned).
 */
export function LeadLensCard({ context, actions, serverless, retryDelays = RETRY_DELAYS_MS }) {
  const [scored, setScored] = useState({ state: 'loading' });
  const [outcome, setOutcome] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  // The decision until HubSpot confirms it: { decision, expectedVersion, attempts, state, message }.
  const [pending, setPending] = useState(null);

  const load = useCallback(
    async ({ quiet = false } = {}) => {
      if (!quiet) setScored({ state: 'loading' });
      try {
        const answer = await serverless(SCORE_FUNCTION, { propertiesToSend: ['hs_object_id'] });
        if (answer?.ok) setScored({ state: 'ready', ...answer });
        else if (!quiet) setScored({ state: 'error', message: answer?.message ?? 'The scoring function gave no answer' });
      } catch (error) {
        // A quiet refresh (after a decision was saved) that fails keeps what the card shows.
        if (!quiet) setScored({ state: 'error', message: messageOf(error) });
      }
    },
    [serverless],
  );

  useEffect(() => {
    load();
  }, [load]);

  // Send the pending decision; on a retryable answer, wait and send it again (same id).
  useEffect(() => {
    if (pending?.state !== 'sending') return undefined;
    let current = true; // false once the card is gone or the decision was replaced
    (async () => {
      let result;
      try {
        result = await serverless(DECIDE_FUNCTION, {
          propertiesToSend: ['hs_object_id'],
          parameters: { decision: pending.decision, expectedVersion: pending.expectedVersion ?? null },
        });
      } catch (error) {
        // The function may or may not have run: sending again is safe.
        result = { ok: false, retryable: true, message: `The decision function did not answer: ${messageOf(error)}` };
      }
      if (!current) return;
      const attempts = pending.attempts + 1;
      if (result?.ok) {
        setPending({ ...pending, attempts, state: 'saved', message: '' });
        setOutcome('');
        setReason('');
        setNote('');
        actions?.refreshObjectProperties?.(); // the record page shows the new lead status
        load({ quiet: true }); // and the card the new version, for the next decision
      } else if (result?.conflict) {
        setPending({ ...pending, attempts, state: 'conflict', message: result.message });
      } else if (result?.retryable) {
        setPending({ ...pending, attempts, state: 'waiting', message: result.message });
      } else {
        setPending({ ...pending, attempts, state: 'failed', message: result?.message ?? 'The decision function gave no answer' });
      }
    })();
    return () => {
      current = false;
    };
  }, [pending, serverless, actions, load]);

  useEffect(() => {
    if (pending?.state !== 'waiting') return undefined;
    const delay = retryDelays[Math.min(pending.attempts - 1, retryDelays.length - 1)] ?? 0;
    const timer = setTimeout(() => setPending((now) => (now === pending ? { ...pending, state: 'sending' } : now)), delay);
    return () => clearTimeout(timer);
  }, [pending, retryDelays]);

  if (scored.state === 'loading') return <LoadingSpinner label="Scoring this contact…" />;
  if (scored.state === 'error') {
    return (
      <Flex direction="column" gap="sm">
        <Alert title="leadlens could not score this contact" variant="error">
          {scored.message}
        </Alert>
        <Button onClick={() => load()}>Try again</Button>
      </Flex>
    );
  }

  const { result, reasons = {}, decision: onRecord } = scored;
  const busy = pending?.state === 'sending' || pending?.state === 'waiting';
  const needsReason = outcome === 'rejected' || outcome === 'recycled';
  const canSubmit = outcome !== '' && (!needsReason || reason !== '') && !busy;
  const reasonOptions = (reasons[outcome] ?? []).map((item) => ({ value: item.code, label: item.label }));

  function submit() {
    const decision = {
      decision_id: uuidv7(),
      lead_id: String(result.lead_id),
      outcome,
      reviewer: String(context?.user?.id ?? 'unknown'),
      decided_at: new Date().toISOString(),
      score_snapshot: { fit: result.fit.score, intent: result.intent.score, route: result.route, model_version: result.model.version },
    };
    if (reason) decision.reason_code = reason;
    if (note.trim()) decision.note = note.trim();
    setPending({ decision, expectedVersion: scored.version, attempts: 0, state: 'sending', message: '' });
  }

  return (
    <Flex direction="column" gap="md">
      <Flex direction="row" gap="sm" wrap="wrap">
        <Tag testId="fit" variant={result.fit.band === 'high' ? 'success' : result.fit.band === 'medium' ? 'info' : 'default'}>
          {`Fit ${result.fit.score} (${result.fit.band})`}
        </Tag>
        <Tag testId="intent" variant={result.intent.band === 'high' ? 'success' : result.intent.band === 'medium' ? 'info' : 'default'}>
          {`Intent ${result.intent.score} (${result.intent.band})`}
        </Tag>
        <Tag testId="route" variant={ROUTE_TAGS[result.route] ?? 'default'}>
          {`Route: ${ROUTE_LABELS[result.route] ?? result.route}`}
        </Tag>
      </Flex>
      <Text testId="summary">{result.summary}</Text>
      {result.disqualification ? (
        <Alert title="Disqualified by a rule" variant="warning">
          {result.disqualification.reason}
        </Alert>
      ) : null}
      <Text variant="microcopy">{`Next: ${result.next_action.text}`}</Text>

      <Heading>Why</Heading>
      <Table bordered={true}>
        <TableHead>
          <TableRow>
            <TableHeader>Points</TableHeader>
            <TableHeader>Reason</TableHeader>
            <TableHeader>From</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {evidenceRows(result).map((row, index) => (
            <TableRow key={`${row.dimension}-${index}`}>
              <TableCell>
                <Text>{`${row.points > 0 ? '+' : ''}${row.points} ${row.dimension.toLowerCase()}`}</Text>
              </TableCell>
              <TableCell>
                <Text>{row.label}</Text>
              </TableCell>
              <TableCell>
                <Text variant="microcopy">{row.field}</Text>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Divider />
      {onRecord ? (
        <Text testId="on-record" variant="microcopy">
          {`Last decision on this contact: ${onRecord.outcome ?? '?'}${onRecord.reason ? ` (${onRecord.reason})` : ''}, lead status ${onRecord.status ?? 'not set'}`}
        </Text>
      ) : null}
      <Heading>Your decision</Heading>
      <Select
        name="outcome"
        label="Decision"
        value={outcome}
        readOnly={busy}
        options={OUTCOMES}
        onChange={(value) => {
          setOutcome(String(value));
          setReason('');
        }}
      />
      {outcome ? (
        <Select name="reason" label="Reason" required={needsReason} value={reason} readOnly={busy} options={reasonOptions} onChange={(value) => setReason(String(value))} />
      ) : null}
      <TextArea name="note" label="Note (optional)" value={note} readOnly={busy} maxLength={2000} onChange={(value) => setNote(value)} />
      <Button testId="submit" variant="primary" disabled={!canSubmit} onClick={submit}>
        Save decision
      </Button>

      {pending?.state === 'sending' ? <LoadingSpinner label={pending.attempts === 0 ? 'Saving to HubSpot…' : `Saving to HubSpot (attempt ${pending.attempts + 1})…`} /> : null}
      {pending?.state === 'waiting' ? (
        <Alert testId="waiting" title="Not saved yet: trying again" variant="warning">
          {`${pending.message}. Keep this record open until it is saved: the decision is kept only while the card is open.`}
        </Alert>
      ) : null}
      {pending?.state === 'saved' ? (
        <Alert testId="saved" title="Saved to HubSpot" variant="success">
          {`The contact is ${pending.decision.outcome}${pending.decision.reason_code ? ` (${pending.decision.reason_code})` : ''}, with a note on its timeline.`}
        </Alert>
      ) : null}
      {pending?.state === 'conflict' ? (
        <Flex direction="column" gap="sm">
          <Alert testId="conflict" title="The contact changed since it was scored" variant="danger">
            {`${pending.message}. Your decision was not saved.`}
          </Alert>
          <Button
            testId="rescore"
            onClick={() => {
              setPending(null);
              load();
            }}
          >
            Score again
          </Button>
        </Flex>
      ) : null}
      {pending?.state === 'failed' ? (
        <Flex direction="column" gap="sm">
          <Alert testId="failed" title="HubSpot refused the decision" variant="error">
            {pending.message}
          </Alert>
          <Button testId="dismiss" onClick={() => setPending(null)}>
            Dismiss
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}

// Register the card with HubSpot (a no-op outside HubSpot's worker, e.g. in the tests).
hubspot.extend(({ context, actions }) => <LeadLensCard context={context} actions={actions} serverless={hubspot.serverless} />);
