/**
 * Names shared by the receiver, the worker, the CLI and the workflows, one file per contract
 * (workflows/contract/, workflows/ordering/messages.ts), gathered here for importers outside
 * the workflows. Importing this module never pulls in a workflow body.
 */
export * from './contract/received-event';
export * from './contract/search-attributes';
export * from './contract/plan';
export * from './contract/handler-activity';
export * from './contract/operators';
export {
  entityQuery,
  entityWorkflowId,
  type EntityRanRecord,
  type EntitySettings,
  type EntityView,
  type TicketView,
  type TurnTicket,
} from './ordering/messages';
