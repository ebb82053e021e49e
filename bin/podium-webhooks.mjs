#!/usr/bin/env node
// The operator CLI, runnable as `npx podium-webhooks …` (TypeScript run through tsx).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
