/**
 * The HTTP ceiling: an Express route that only verifies the signature over the raw body and
 * answers 200 — everything the receiver does except handing the event to Temporal.
 */
import express from 'express';
import { verifyPodiumSignature } from '../src/signature/verify-podium-signature';

const secrets = [process.env.PODIUM_WEBHOOK_SECRET ?? ''];
const app = express();
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
app.post('/webhooks/podium', express.raw({ type: () => true, limit: 1024 * 1024 }), (req, res) => {
  try {
    const verified = verifyPodiumSignature(req.body as Buffer, req.headers, {
      secrets,
      toleranceMs: 300_000,
    });
    res.json({ status: 'accepted', at: verified.timestampMs });
  } catch {
    res.status(401).json({ error: 'rejected' });
  }
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
server.keepAliveTimeout = 65_000;
